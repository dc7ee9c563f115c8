// The host's own page builder and guidance renderer, bundled for plain Node. `panelHtml` (stepPanel/html.ts) needs
// three things from `vscode`: a webview's URI mapping and CSP source, Uri.joinPath, and l10n/env for the texts. A tiny
// module stands in for exactly those, so the page under test carries the CSP and markup the extension produces.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../vscode/host.mjs';

const VSCODE_API_USED_BY_HTML = `
export const Uri = { joinPath: (base, ...parts) => ({ path: [base.path, ...parts].join('/') }) };
export const l10n = { t: message => message };
export const env = { language: 'en' };
`;

const ENTRY = `
export { panelHtml } from './src/extension/stepPanel/html';
export { renderGuidance } from './src/extension/stepPanel/guidance';
export { CLOUDTRAIL_COLUMNS } from './src/core/aws/cloudtrailRows';
`;

let loaded;

/**
 * `{ panelHtml(webview, extensionUri), renderGuidance(markdown), CLOUDTRAIL_COLUMNS }` from the extension's source
 * (the last so result fixtures use the columns the CloudTrail engine really returns).
 */
export async function hostPageModule() {
  if (loaded) return loaded;
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'host-page-entry.ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'vscode-api-used-by-html',
        setup(build) {
          build.onResolve({ filter: /^vscode$/ }, () => ({ path: 'vscode', namespace: 'vscode-api' }));
          build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
            contents: VSCODE_API_USED_BY_HTML,
            loader: 'js',
          }));
        },
      },
    ],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-webview-host-'));
  const file = path.join(dir, 'host-page.mjs');
  fs.writeFileSync(file, result.outputFiles[0].text);
  try {
    loaded = await import(pathToFileURL(file).href);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return loaded;
}

/** The step page as the extension would serve it, with its assets addressed at `origin` (the harness server). */
export async function stepPageHtml(origin) {
  const { panelHtml } = await hostPageModule();
  const webview = { cspSource: origin, asWebviewUri: uri => ({ toString: () => `${origin}${uri.path}` }) };
  return panelHtml(webview, { path: '' });
}

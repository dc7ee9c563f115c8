// What a packaged extension must and must not hold. Every check takes the list of paths relative to the extension
// root (`extension/` stripped from .vsix entries, or `vsce ls` output) and returns problems as sentences.
import { isBuiltin } from 'node:module';

/** vsce target → the @duckdb/node-bindings-* package whose native files that platform loads. */
export const DUCKDB_BINDING_BY_TARGET = {
  'linux-x64': 'node-bindings-linux-x64',
  'linux-arm64': 'node-bindings-linux-arm64',
  'alpine-x64': 'node-bindings-linux-x64-musl',
  'alpine-arm64': 'node-bindings-linux-arm64-musl',
  'darwin-x64': 'node-bindings-darwin-x64',
  'darwin-arm64': 'node-bindings-darwin-arm64',
  'win32-x64': 'node-bindings-win32-x64',
  'win32-arm64': 'node-bindings-win32-arm64',
};

/** Packages the bundles load from node_modules at run time (DuckDB is native, so it cannot be bundled). */
const RUNTIME_PACKAGES = ['@duckdb/node-api', '@duckdb/node-bindings', 'detect-libc'];

/** The bundles `scripts/build.mjs --production` writes; the manifest and the lazy loaders name them. */
const BUNDLES = [
  'dist/extension.js',
  'dist/aws.js',
  'dist/local-engine.js',
  'dist/local-engine-worker.js',
  'dist/cli.js',
  'dist/cli-main.js',
  'dist/rowsFormatWorker.js',
  'dist/webview/step.js',
  'dist/webview/step.css',
];

/** Folders of a developer checkout that never belong in the package (`out` also stands for every out-something folder). */
const FORBIDDEN_FOLDERS = [
  'src',
  'test',
  'out',
  'bench',
  'scripts',
  'docs',
  'incidents',
  'sample-workspace',
  '.vscode-test',
  '.vscode',
  '.irp-cache',
  '.git',
  '.github',
  '.ci',
];
const inFolder = (p, folder) => p.startsWith(`${folder}/`) || (folder === 'out' && /^out-[^/]*\//.test(p));
const FORBIDDEN_FILES = [
  [/\.map$/, 'source maps (production bundles are minified and ship without maps)'],
  [/^(?!node_modules\/).*\.(ts|tsx|mts|cts)$/, 'TypeScript sources'],
  [/\.vsix$/, 'packaged extensions'],
  [/\.duckdb(\.wal)?$/, 'DuckDB database files'],
  [
    /^tsconfig[^/]*\.json$|^eslint\.config\.|^package-lock\.json$|^\.vscodeignore$|^\.gitignore$/,
    'build configuration files',
  ],
  [/(^|\/)\.env(\.|$)/, 'environment files'],
];

/** Names that appear in a bundle's text as require("…") without being loaded, and why. */
const MENTIONED_NOT_LOADED = {
  '@aws-sdk/signature-v4-crt': 'only named in an AWS SDK error message about SigV4a signing, which no client here uses',
  '@aws-sdk/signature-v4a': 'only named in the same AWS SDK error messages',
};

export function packageNameOf(modulePath) {
  const parts = modulePath.split('/');
  return modulePath.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The node_modules package each path belongs to (top-level packages only; nested ones are reported by folder). */
export function packagesIn(paths) {
  const names = new Set();
  for (const p of paths) {
    const m = /^node_modules\/(.+)$/.exec(p);
    if (m) names.add(packageNameOf(m[1]));
  }
  return names;
}

export function allowedPackages(target) {
  return new Set([...RUNTIME_PACKAGES, `@duckdb/${DUCKDB_BINDING_BY_TARGET[target]}`]);
}

/** Problems with files that must not be there, in any package: checkout folders, sources, maps, other packages. */
export function unwantedFiles(paths, target) {
  const problems = [];
  for (const folder of FORBIDDEN_FOLDERS) {
    const hits = paths.filter(p => inFolder(p, folder));
    if (hits.length)
      problems.push(`files from ${folder === 'out' ? 'out*' : folder}/: ${hits.length} (e.g. ${hits[0]})`);
  }
  for (const [pattern, what] of FORBIDDEN_FILES) {
    const hits = paths.filter(p => pattern.test(p));
    if (hits.length) problems.push(`${what}: ${hits.length} (e.g. ${hits[0]})`);
  }
  const allowed = allowedPackages(target);
  const extra = [...packagesIn(paths)].filter(name => !allowed.has(name));
  if (extra.length) {
    problems.push(
      `node_modules packages the bundles do not load at run time: ${extra.slice(0, 12).join(', ')}` +
        (extra.length > 12 ? ` and ${extra.length - 12} more` : ''),
    );
  }
  return problems;
}

/** Files referenced by package.json (entry point, icons, translations, walkthrough media). */
export function manifestReferences(manifest) {
  const refs = new Set();
  const add = p => typeof p === 'string' && !p.startsWith('$(') && refs.add(p.replace(/^\.\//, ''));
  add(manifest.main);
  add(manifest.icon);
  const c = manifest.contributes ?? {};
  for (const container of Object.values(c.viewsContainers ?? {}).flat()) add(container.icon);
  for (const view of Object.values(c.views ?? {}).flat()) add(view.icon);
  for (const walkthrough of c.walkthroughs ?? []) {
    for (const step of walkthrough.steps ?? []) {
      const media = step.media ?? {};
      add(media.markdown);
      add(media.svg);
      add(typeof media.image === 'string' ? media.image : media.image?.light);
      if (typeof media.image === 'object') add(media.image?.dark);
    }
  }
  return [...refs];
}

/** Problems with files that must be there for the extension, its CLI and its local engine to run on `target`. */
export function missingFiles(paths, manifest, target) {
  const present = new Set(paths);
  const problems = [];
  const need = (p, why) => present.has(p) || problems.push(`missing ${p} (${why})`);
  for (const bundle of BUNDLES) need(bundle, 'a production bundle');
  for (const ref of manifestReferences(manifest)) need(ref, 'named in package.json');
  need('package.json', 'the manifest');
  if (manifest.l10n) {
    need('package.nls.json', "the manifest's English strings");
    const l10n = manifest.l10n.replace(/^\.\//, '');
    if (!paths.some(p => p.startsWith(`${l10n}/`) && p.endsWith('.json')))
      problems.push(`no translation bundles in ${l10n}/`);
  }
  const some = (pattern, what) => paths.some(p => pattern.test(p)) || problems.push(`missing ${what}`);
  some(/^playbooks\/[^/]+\.md$/, 'the shipped playbooks (playbooks/*.md)');
  some(/^tabletops\/[^/]+\/scenario\.md$/, 'the shipped tabletop scenarios (tabletops/*/scenario.md)');
  some(/^walkthrough\/[^/]+\.md$/, 'the walkthrough pages (walkthrough/*.md)');
  need('node_modules/@duckdb/node-api/package.json', "DuckDB's API, loaded by the local engine worker");
  need('node_modules/@duckdb/node-api/lib/index.js', "DuckDB's API entry point");
  need('node_modules/@duckdb/node-bindings/duckdb.js', 'the loader that picks the native binding');
  need('node_modules/detect-libc/lib/detect-libc.js', "the loader's glibc/musl check");
  const binding = `node_modules/@duckdb/${DUCKDB_BINDING_BY_TARGET[target]}`;
  need(`${binding}/duckdb.node`, `the N-API addon for ${target}`);
  some(new RegExp(`^${binding}/[^/]*(\\.so|\\.dylib|\\.dll)$`), `DuckDB's shared library in ${binding}/`);
  return problems;
}

/** Bare module names a bundle requires that are neither Node built-ins, `vscode`, nor shipped in node_modules. */
export function unresolvedRequires(bundleText, shippedPackages) {
  const missing = new Set();
  for (const m of bundleText.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const name = m[1];
    if (name.startsWith('.') || name === 'vscode' || isBuiltin(name)) continue;
    const pkg = packageNameOf(name);
    if (!shippedPackages.has(pkg) && !MENTIONED_NOT_LOADED[pkg]) missing.add(pkg);
  }
  return [...missing];
}

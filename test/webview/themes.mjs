// The three themes the panel is checked in. Variables, theme names and default styles are what a real VS Code 1.100
// webview receives (recorded by capture-themes.mjs into themes.json); body classes are the ones VS Code sets.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const THEMES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'themes.json');

export const THEMES = [
  { id: 'light', vscodeName: 'Default Light+', bodyClass: 'vscode-light', kind: 'vscode-light' },
  { id: 'dark', vscodeName: 'Default Dark+', bodyClass: 'vscode-dark', kind: 'vscode-dark' },
  {
    id: 'high-contrast',
    vscodeName: 'Default High Contrast',
    bodyClass: 'vscode-high-contrast',
    kind: 'vscode-high-contrast',
  },
];

/** Each theme with its recorded `--vscode-*` variables. */
export function loadThemes() {
  const recorded = JSON.parse(fs.readFileSync(THEMES_FILE, 'utf8'));
  return THEMES.map(theme => {
    const entry = recorded[theme.id];
    if (!entry) throw new Error(`${THEMES_FILE} has no "${theme.id}" theme; run node test/webview/capture-themes.mjs`);
    if (!entry.defaultStyles)
      throw new Error(`${THEMES_FILE} lacks VS Code's default styles; run node test/webview/capture-themes.mjs`);
    return {
      ...theme,
      vars: entry.vars,
      themeName: entry.themeName,
      themeId: entry.themeId,
      defaultStyles: entry.defaultStyles,
    };
  });
}

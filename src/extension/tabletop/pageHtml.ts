// The HTML shell of the tabletop pages (briefing, debrief): content rendered by the core, no script at all, and a
// policy that allows only our own inline stylesheet, by nonce. Colours come from the VS Code theme.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  background: var(--vscode-editor-background); max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 3rem;
  line-height: 1.5; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 1px solid var(--vscode-panel-border); }
a { color: var(--vscode-textLink-foreground); }
code, pre { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); }
pre { padding: 0.6em; white-space: pre-wrap; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--vscode-panel-border); padding: 0.25em 0.5em;
  text-align: left; vertical-align: top; overflow-wrap: break-word; }
/* In cells, break-word rather than anywhere: a short word ("found") keeps its column wide enough to stay whole. */
.inject { border-left: 3px solid var(--vscode-textLink-foreground); padding: 0.1em 0 0.1em 0.9em; margin: 1em 0; }
.inject h3 { margin: 0.3em 0; } .offset { font-family: var(--vscode-editor-font-family); margin-right: 0.4em; }
.released, .pending, .empty { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
li.task { list-style: none; }
`;

export function pageHtml(title: string, body: string): string {
  const nonce = randomBytes(18).toString('base64');
  const escapedTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language.replace(/[^A-Za-z0-9-]/g, '')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${STYLE}</style>
<title>${escapedTitle}</title>
</head>
<body>
${body}
</body>
</html>`;
}

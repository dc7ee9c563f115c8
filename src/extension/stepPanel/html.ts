// The step page's HTML shell: a strict content security policy, one nonce for our script and stylesheet, and the
// translated texts in a meta element (the page has no access to the l10n API).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WEBVIEW_TEXT, type WebviewText, type WebviewTextKey } from '../../shared/messages';

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function translatedTexts(): WebviewText {
  const texts = {} as WebviewText;
  for (const key of Object.keys(WEBVIEW_TEXT) as WebviewTextKey[]) texts[key] = vscode.l10n.t(WEBVIEW_TEXT[key]);
  return texts;
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="irp-text" content="${escapeAttribute(JSON.stringify(translatedTexts()))}">
<link rel="stylesheet" nonce="${nonce}" href="${asset('step.css')}">
<title>IR Playbook step</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${asset('step.js')}"></script>
</body>
</html>`;
}

// The page's side of the host contract: typed posting, persisted state, and the translated texts.
import type { WebviewPersistedState, WebviewText, WebviewToHost, WebviewTextKey } from '../shared/messages';
import { WEBVIEW_TEXT } from '../shared/messages';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

let texts: WebviewText = { ...WEBVIEW_TEXT };

/** Reads the translated texts the host put in the page's `irp-text` meta element. */
export function loadTexts(): void {
  const json = document.querySelector('meta[name="irp-text"]')?.getAttribute('content');
  if (!json) return;
  try {
    texts = { ...texts, ...(JSON.parse(json) as Partial<WebviewText>) };
  } catch {
    // Keep the English defaults.
  }
}

export function t(key: WebviewTextKey, ...args: (string | number)[]): string {
  return texts[key].replace(/\{(\d+)\}/g, (m, i: string) =>
    args[Number(i)] === undefined ? m : String(args[Number(i)]),
  );
}

const numberFormat = new Intl.NumberFormat();
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "1 row" or "{n} rows". */
export function rowsText(n: number): string {
  return n === 1 ? t('oneRow') : t('rows', formatCount(n));
}

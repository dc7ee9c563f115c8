// The page's side of the host contract: typed posting and requests, persisted state, and the translated texts.
import type {
  HostResponse,
  RequestOf,
  RequestResponses,
  RequestType,
  WebviewPersistedState,
  WebviewText,
  WebviewToHost,
  WebviewTextKey,
} from '../shared/messages';
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

const waiting = new Map<number, (response: HostResponse) => void>();
let lastRequestId = 0;

/** Sends a request and resolves with the host's answer (rejects with the host's error). */
export function request<K extends RequestType>(message: RequestOf<K>): Promise<RequestResponses[K]> {
  const requestId = ++lastRequestId;
  return new Promise((resolve, reject) => {
    waiting.set(requestId, response => {
      if ('result' in response) resolve(response.result as RequestResponses[K]);
      else reject(new Error(response.error));
    });
    post({ ...message, requestId });
  });
}

/** Hands a response from the host to the request waiting for it. */
export function settleResponse(response: HostResponse): void {
  const settle = waiting.get(response.requestId);
  waiting.delete(response.requestId);
  settle?.(response);
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

// Copying from the grid. The page writes the clipboard itself with navigator.clipboard: VS Code's webview frame is
// allowed `clipboard-write`, the call runs inside the user's click, and no host message or round trip is needed.
// Copies always carry raw values (the bytes count, the time as logged), never the formatted text.
import type { CellValue } from '../../core/engine/types';
import { t } from '../api';
import { cellText } from './gridData';

/** Tab-separated lines; a tab or line break inside a value becomes a space so the columns stay aligned. */
export function tsv(lines: (CellValue | string)[][]): string {
  return lines.map(line => line.map(v => cellText(v).replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
}

/** Writes `text` and says so in `status` (a live region), or says why it could not. */
export async function copyText(text: string, status: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = t('copied');
  } catch (e) {
    status.textContent = t('copyFailed', e instanceof Error ? e.message : String(e));
  }
}

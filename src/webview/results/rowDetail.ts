// The row detail pane: the whole event of the row as a collapsible tree, and copying it. The event is the row's raw
// JSON column when it has one (CloudTrailEvent); otherwise the row itself, with JSON-text cells (requestparameters,
// useridentity) opened up, so nested values are readable too.
import { isRawColumn } from '../../core/results/columnOrder';
import { t } from '../api';
import { h } from '../dom';
import { copyText } from './clipboard';
import { type GridData } from './gridData';
import { jsonTree } from './jsonTree';

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The event a row stands for: its raw JSON column parsed, or its cells by column name. */
export function rowEvent(data: GridData, row: number): unknown {
  const raw = data.columns.find(c => isRawColumn(c.name));
  const parsed = raw && parseJsonText(raw.value(row));
  if (parsed && typeof parsed === 'object') return parsed;
  return Object.fromEntries(data.columns.map(c => [c.name, parseJsonText(c.value(row))]));
}

export class RowDetail {
  readonly element: HTMLElement;
  private readonly title = h('strong');
  private readonly body = h('div', { class: 'row-detail-body' });
  private event: unknown;

  constructor(status: HTMLElement, onClose: () => void) {
    const copy = h('button', { type: 'button', class: 'secondary' }, t('copyEvent'));
    copy.addEventListener('click', () => void copyText(JSON.stringify(this.event, null, 2), status));
    const close = h('button', { type: 'button', class: 'secondary' }, t('closeDetail'));
    close.addEventListener('click', onClose);
    this.element = h(
      'section',
      { class: 'row-detail', hidden: true },
      h('div', { class: 'row-detail-bar' }, this.title, copy, close),
      this.body,
    );
  }

  /** Shows row `row` (0-based in the evidence file), or hides the pane. */
  show(data: GridData | undefined, row: number | undefined): void {
    this.element.hidden = !data || row === undefined;
    if (!data || row === undefined) return;
    this.event = rowEvent(data, row);
    this.title.textContent = t('rowDetail', row + 1);
    this.element.setAttribute('aria-label', this.title.textContent);
    this.body.replaceChildren(jsonTree(this.event));
  }
}

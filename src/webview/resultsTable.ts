// A results grid that stays fast at 100,000 rows: rows live in an array, and only the rows in view (plus a few
// either side) exist in the DOM. Sorting and filtering work on an index array, never on the DOM.
import type { CellValue, Column } from '../core/engine/types';
import { formatCount, rowsText, t } from './api';
import { h } from './dom';

const ROW_HEIGHT = 24;
const OVERSCAN = 8;
const MAX_HEIGHT = 420;
const NUMERIC_TYPE = /int|double|float|decimal|real|numeric|number/i;

export interface SortState {
  column: number;
  descending: boolean;
}

function cellText(v: CellValue): string {
  return v === null ? '' : typeof v === 'string' ? v : String(v);
}

export class ResultsTable {
  readonly element: HTMLElement;
  private readonly filterInput: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly colgroup: HTMLTableColElement;
  private readonly headRow: HTMLTableRowElement;
  private readonly body: HTMLTableSectionElement;
  private columns: Column[] = [];
  private rows: CellValue[][] = [];
  /** Row indexes in display order after filter and sort; undefined means all rows in arrival order. */
  private order: number[] | undefined;
  private searchText: string[] = [];
  private filter = '';
  private sort: SortState | undefined;
  private frame = 0;
  private orderStale = false;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    label: string,
    private readonly onViewChange: (filter: string, sort: SortState | undefined) => void,
  ) {
    this.filterInput = h('input', {
      type: 'search',
      class: 'results-filter',
      placeholder: t('filter'),
      'aria-label': t('filter'),
    });
    this.count = h('span', { class: 'results-count', role: 'status' });
    this.colgroup = h('colgroup');
    this.headRow = h('tr');
    this.body = h('tbody');
    this.table = h(
      'table',
      { class: 'results-table', role: 'grid', 'aria-label': label },
      this.colgroup,
      h('thead', {}, this.headRow),
      this.body,
    );
    this.viewport = h(
      'div',
      { class: 'results-viewport', tabindex: '0', role: 'region', 'aria-label': label },
      this.table,
    );
    this.element = h(
      'div',
      { class: 'results', hidden: true },
      h('div', { class: 'results-bar' }, this.filterInput, this.count),
      this.viewport,
    );
    this.filterInput.addEventListener('input', () => {
      if (this.filterTimer) clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.setFilter(this.filterInput.value), 150);
    });
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
  }

  /** Starts a new result set with these columns (keeps the user's filter and sort). */
  reset(columns: Column[]): void {
    this.columns = columns;
    this.rows = [];
    this.searchText = [];
    this.order = undefined;
    // A run's first message clears the grid with no columns yet: the sort waits for the columns that come next.
    if (this.sort && columns.length > 0 && this.sort.column >= columns.length) this.sort = undefined;
    this.buildHeader();
    this.element.hidden = columns.length === 0;
    this.viewport.scrollTop = 0;
    this.orderStale = true;
    this.schedule();
  }

  append(rows: CellValue[][]): void {
    if (!rows.length) return;
    const sizeColumns = this.rows.length === 0;
    for (const row of rows) this.rows.push(row);
    if (sizeColumns) this.sizeColumns();
    this.orderStale = true;
    this.schedule();
  }

  restoreView(filter: string, sort: SortState | undefined): void {
    this.filter = filter;
    this.filterInput.value = filter;
    this.sort = sort;
    this.updateSortIndicators();
    this.orderStale = true;
    this.schedule();
  }

  private setFilter(text: string): void {
    this.filter = text;
    this.orderStale = true;
    this.viewport.scrollTop = 0;
    this.onViewChange(this.filter, this.sort);
    this.schedule();
  }

  private toggleSort(column: number): void {
    this.sort =
      this.sort?.column !== column
        ? { column, descending: false }
        : this.sort.descending
          ? undefined
          : { column, descending: true };
    this.updateSortIndicators();
    this.orderStale = true;
    this.onViewChange(this.filter, this.sort);
    this.schedule();
  }

  private buildHeader(): void {
    this.headRow.replaceChildren(
      ...this.columns.map((c, i) => {
        const button = h(
          'button',
          { type: 'button', class: 'sort-button', title: c.type },
          c.name,
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }),
        );
        button.addEventListener('click', () => this.toggleSort(i));
        return h('th', { scope: 'col' }, button);
      }),
    );
    this.updateSortIndicators();
  }

  private updateSortIndicators(): void {
    [...this.headRow.children].forEach((th, i) => {
      const direction = this.sort?.column === i ? (this.sort.descending ? 'descending' : 'ascending') : undefined;
      if (direction) th.setAttribute('aria-sort', direction);
      else th.removeAttribute('aria-sort');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : '';
    });
  }

  /** Column widths from the header and the first rows, so the grid does not jump while scrolling. */
  private sizeColumns(): void {
    const sample = this.rows.slice(0, 200);
    const widths = this.columns.map((c, i) => {
      const longest = sample.reduce((m, r) => Math.max(m, cellText(r[i] ?? null).length), c.name.length + 2);
      return Math.min(Math.max(longest, 4), 60) + 2;
    });
    this.colgroup.replaceChildren(
      ...widths.map(w => {
        const col = h('col');
        col.style.width = `${w}ch`;
        return col;
      }),
    );
    this.table.style.width = `${widths.reduce((a, b) => a + b, 0)}ch`;
  }

  private computeOrder(): void {
    this.orderStale = false;
    const needle = this.filter.trim().toLowerCase();
    if (!needle && !this.sort) {
      this.order = undefined;
      return;
    }
    let order: number[];
    if (needle) {
      for (let i = this.searchText.length; i < this.rows.length; i++)
        this.searchText.push(this.rows[i].map(cellText).join('\u0000').toLowerCase());
      order = [];
      for (let i = 0; i < this.rows.length; i++) if (this.searchText[i].includes(needle)) order.push(i);
    } else {
      order = Array.from({ length: this.rows.length }, (_, i) => i);
    }
    if (this.sort) {
      const { column, descending } = this.sort;
      const numeric = NUMERIC_TYPE.test(this.columns[column]?.type ?? '');
      const key = (v: CellValue): number | string | null => (v === null ? null : numeric ? Number(v) : cellText(v));
      const keys = this.rows.map(r => key(r[column] ?? null));
      const direction = descending ? -1 : 1;
      order.sort((a, b) => {
        const x = keys[a];
        const y = keys[b];
        if (x === y) return a - b;
        if (x === null) return 1; // empty cells last, whichever the direction
        if (y === null) return -1;
        return (x < y ? -1 : 1) * direction;
      });
    }
    this.order = order;
  }

  private schedule(): void {
    if (!this.frame)
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
  }

  private render(): void {
    if (this.orderStale) this.computeOrder();
    const total = this.order ? this.order.length : this.rows.length;
    this.count.textContent =
      total === this.rows.length ? rowsText(total) : t('rowsShown', formatCount(total), formatCount(this.rows.length));
    this.table.setAttribute('aria-rowcount', String(total + 1));
    const headerHeight = this.headRow.offsetHeight || ROW_HEIGHT;
    // As tall as the rows need, up to a fixed maximum; past it the grid scrolls.
    const height = Math.min(MAX_HEIGHT, headerHeight + Math.max(total, 1) * ROW_HEIGHT + 2);
    this.viewport.style.height = `${height}px`;
    const visible = Math.ceil(height / ROW_HEIGHT);
    const first = Math.max(0, Math.floor((this.viewport.scrollTop - headerHeight) / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, first + visible + 2 * OVERSCAN);
    const fragment = document.createDocumentFragment();
    fragment.appendChild(this.spacer(first * ROW_HEIGHT));
    for (let position = first; position < last; position++) {
      const index = this.order ? this.order[position] : position;
      const tr = h('tr', { 'aria-rowindex': String(position + 2) });
      for (const value of this.rows[index]) {
        const text = cellText(value);
        const td = h(
          'td',
          { class: value === null ? 'is-null' : typeof value === 'number' ? 'is-number' : undefined },
          text,
        );
        if (text.length > 40) td.title = text;
        tr.appendChild(td);
      }
      fragment.appendChild(tr);
    }
    fragment.appendChild(this.spacer((total - last) * ROW_HEIGHT));
    this.body.replaceChildren(fragment);
  }

  private spacer(height: number): HTMLTableRowElement {
    const td = h('td', { colspan: String(Math.max(1, this.columns.length)) });
    td.style.height = `${height}px`;
    td.style.padding = '0';
    td.style.border = 'none';
    return h('tr', { class: 'spacer', 'aria-hidden': 'true' }, td);
  }
}

// The scrolling table of a result, fast at 100,000 rows: only the rows in view (plus a few either side) exist in the
// DOM, between two spacer rows that keep the scroll height right. Its height counts the header, every row and the
// horizontal scrollbar, so a short result is never covered by the scrollbar.
import type { TimeZoneSetting } from '../../core/results/valueFormat';
import { showValue } from '../../core/results/valueFormat';
import { t } from '../api';
import { h } from '../dom';
import { cellText, type GridColumn, type SortState } from './gridData';
import type { ClickModifiers } from './selection';

const OVERSCAN = 8;
const MAX_HEIGHT = 420;
const MIN_WIDTH_PX = 40;
/** Longest text put in a cell; the rest is in the row detail and in copies. */
const MAX_CELL_TEXT = 400;

function sortDirection(column: GridColumn | undefined, sort: SortState | undefined): string | undefined {
  if (!column || sort?.column !== column.name) return undefined;
  return sort.descending ? 'descending' : 'ascending';
}

export interface GridViewEvents {
  sort(column: string): void;
  resize(column: string, px: number): void;
  rowClick(row: number, position: number, column: string | undefined, modifiers: ClickModifiers): void;
  copyKey(): void;
}

export class GridView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly colgroup = h('colgroup');
  private readonly headRow = h('tr');
  private readonly body = h('tbody');
  private rowHeight = 24;
  private headerHeight = 24;
  /** Borders plus the horizontal scrollbar: the height the viewport has beyond its content box. */
  private chrome = 0;
  private geometryStale = true;
  private frame = 0;
  private columns: GridColumn[] = [];
  private widths: (string | number)[] = [];
  private total = 0;
  private rowAt: (position: number) => number = p => p;

  constructor(
    label: string,
    private readonly events: GridViewEvents,
    private readonly state: { zone: () => TimeZoneSetting; selected: (row: number) => boolean },
  ) {
    this.table = h(
      'table',
      { class: 'results-table', role: 'grid', 'aria-label': label, 'aria-multiselectable': 'true' },
      this.colgroup,
      h('thead', {}, this.headRow),
      this.body,
    );
    this.element = h(
      'div',
      { class: 'results-viewport', tabindex: '0', role: 'region', 'aria-label': label },
      this.table,
    );
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    // A narrower panel can bring a horizontal scrollbar, whose height the grid must then make room for.
    new ResizeObserver(() => {
      this.geometryStale = true;
      this.schedule();
    }).observe(this.element);
    this.body.addEventListener('click', e => this.onClick(e));
    this.element.addEventListener('keydown', e => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'c' && !window.getSelection()?.toString()) {
        e.preventDefault();
        this.events.copyKey();
      }
    });
  }

  /** Columns to show, in order, each with a width (px after a resize, else `ch` from the data). */
  setColumns(columns: GridColumn[], widths: (string | number)[], sort: SortState | undefined): void {
    this.columns = columns;
    this.widths = widths;
    this.colgroup.replaceChildren(
      ...widths.map(w => {
        const col = h('col');
        col.style.width = typeof w === 'number' ? `${w}px` : w;
        return col;
      }),
    );
    this.sizeTable();
    this.geometryStale = true;
    this.headRow.replaceChildren(...columns.map((c, i) => this.headerCell(c, i)));
    this.setSort(sort);
    this.schedule();
  }

  /** Marks the sorted column in the header (in place: the header cells stay the same elements). */
  setSort(sort: SortState | undefined): void {
    [...this.headRow.children].forEach((th, i) => {
      const direction = sortDirection(this.columns[i], sort);
      if (direction) th.setAttribute('aria-sort', direction);
      else th.removeAttribute('aria-sort');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : '';
    });
  }

  /**
   * The shown order changed (rows arrived, filter, sort): `total` rows, `rowAt(position)` is the row index. Called
   * from a frame callback, so it draws at once rather than one frame later.
   */
  setOrder(total: number, rowAt: (position: number) => number, scrollToTop: boolean): void {
    // A short result's height follows its row count, and may gain or lose a scrollbar.
    if (total !== this.total && Math.min(total, this.total) * this.rowHeight < MAX_HEIGHT) this.geometryStale = true;
    this.total = total;
    this.rowAt = rowAt;
    this.table.setAttribute('aria-rowcount', String(total + 1));
    if (scrollToTop) this.element.scrollTop = 0;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  schedule(): void {
    if (!this.frame)
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
  }

  private sizeTable(): void {
    const px = this.widths.reduce<number>((sum, w) => sum + (typeof w === 'number' ? w : 0), 0);
    const ch = this.widths.reduce<number>((sum, w) => sum + (typeof w === 'string' ? parseFloat(w) : 0), 0);
    this.table.style.width = `calc(${ch}ch + ${px}px)`;
  }

  private headerCell(column: GridColumn, index: number): HTMLElement {
    const button = h(
      'button',
      { type: 'button', class: 'sort-button', title: `${column.name} (${column.type})` },
      column.name,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }),
    );
    button.addEventListener('click', () => this.events.sort(column.name));
    const grip = h('span', { class: 'col-resize', title: t('resizeColumn'), 'aria-hidden': 'true' });
    grip.addEventListener('pointerdown', e => this.startResize(e, grip, index, column.name));
    return h('th', { scope: 'col', 'data-column': column.name }, button, grip);
  }

  private startResize(e: PointerEvent, grip: HTMLElement, index: number, name: string): void {
    e.preventDefault();
    const col = this.colgroup.children[index] as HTMLElement;
    const startX = e.clientX;
    const startWidth = (this.headRow.children[index] as HTMLElement).getBoundingClientRect().width;
    grip.setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => {
      const width = Math.max(MIN_WIDTH_PX, Math.round(startWidth + m.clientX - startX));
      this.widths[index] = width;
      col.style.width = `${width}px`;
      this.sizeTable();
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      const width = this.widths[index];
      if (typeof width === 'number') this.events.resize(name, width);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  }

  private onClick(e: MouseEvent): void {
    const tr = (e.target as Element).closest('tr[data-row]');
    if (!tr) return;
    const td = (e.target as Element).closest('td');
    const column = td ? this.columns[td.cellIndex]?.name : undefined;
    this.events.rowClick(Number(tr.getAttribute('data-row')), Number(tr.getAttribute('aria-rowindex')) - 2, column, e);
  }

  private render(): void {
    const viewport = this.element;
    // Measuring forces a layout, so it happens only when the geometry may have changed (columns, a short result's
    // row count), not on every scroll frame.
    const measuring = this.geometryStale;
    if (measuring) {
      this.headerHeight = this.headRow.getBoundingClientRect().height || this.rowHeight;
      this.chrome = Math.max(0, viewport.offsetHeight - viewport.clientHeight);
    }
    // As tall as the header and every row need, plus the scrollbar and borders (offsetHeight minus clientHeight),
    // up to a maximum past which the grid scrolls.
    const content = this.headerHeight + Math.max(this.total, 1) * this.rowHeight;
    const height = Math.min(MAX_HEIGHT, Math.ceil(content + this.chrome));
    if (viewport.style.height !== `${height}px`) viewport.style.height = `${height}px`;
    const first = Math.max(0, Math.floor((viewport.scrollTop - this.headerHeight) / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.total, first + Math.ceil(height / this.rowHeight) + 2 * OVERSCAN);
    const fragment = document.createDocumentFragment();
    fragment.appendChild(this.spacer(first * this.rowHeight));
    const zone = this.state.zone();
    for (let position = first; position < last; position++) fragment.appendChild(this.row(position, zone));
    fragment.appendChild(this.spacer((this.total - last) * this.rowHeight));
    this.body.replaceChildren(fragment);
    if (!measuring) return;
    // The real row height (fonts and themes differ) keeps the spacers exact; the scrollbar may have just appeared.
    const drawn = this.body.querySelector('tr[data-row]')?.getBoundingClientRect().height;
    const chromeNow = Math.max(0, viewport.offsetHeight - viewport.clientHeight);
    if ((drawn && Math.abs(drawn - this.rowHeight) > 0.5) || chromeNow !== this.chrome) {
      if (drawn) this.rowHeight = drawn;
      this.schedule();
    } else if (drawn) {
      this.geometryStale = false;
    }
  }

  private row(position: number, zone: TimeZoneSetting): HTMLTableRowElement {
    const index = this.rowAt(position);
    const selected = this.state.selected(index);
    const tr = h('tr', {
      'aria-rowindex': String(position + 2),
      'data-row': String(index),
      'aria-selected': selected ? 'true' : 'false',
      class: selected ? 'is-selected' : undefined,
    });
    for (const column of this.columns) {
      const value = column.value(index);
      const shown = showValue(value, column.kind, zone);
      const text = shown.text.length > MAX_CELL_TEXT ? `${shown.text.slice(0, MAX_CELL_TEXT)}…` : shown.text;
      const td = h(
        'td',
        { class: value === null ? 'is-null' : typeof value === 'number' ? 'is-number' : undefined },
        text,
      );
      // The raw value on hover: the exact bytes count or logged time, or the whole of a long text.
      const title = shown.raw ?? (shown.text.length > 40 ? cellText(value) : undefined);
      if (title !== undefined) td.title = title;
      tr.appendChild(td);
    }
    return tr;
  }

  private spacer(height: number): HTMLTableRowElement {
    const td = h('td', { colspan: String(Math.max(1, this.columns.length)) });
    td.style.height = `${height}px`;
    td.style.padding = '0';
    td.style.border = 'none';
    return h('tr', { class: 'spacer', 'aria-hidden': 'true' }, td);
  }
}

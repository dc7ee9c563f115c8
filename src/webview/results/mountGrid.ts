// A query's result as a responder reads it: columns in reading order (time, event, who, from where... raw JSON last),
// readable values, a capped mark, a row detail pane, copying, a column chooser, row selection for findings, and
// charts. The query card knows only `mountGrid` and the handle it returns.
import type { CellValue, Column } from '../../core/engine/types';
import { capReason } from '../../core/results/capped';
import { columnReadingOrder } from '../../core/results/columnOrder';
import { showValue } from '../../core/results/valueFormat';
import type { GridLayout } from '../../shared/messages';
import { formatCount, post, rowsText, t } from '../api';
import { h } from '../dom';
import './results.css';
import { drawCharts } from './charts';
import { copyText, tsv } from './clipboard';
import { ColumnsMenu } from './columnsMenu';
import { cellText, GridData, type GridColumn } from './gridData';
import { GridView } from './gridView';
import { loadLayout, saveLayout } from './layoutStore';
import { RowDetail } from './rowDetail';
import { RowSelection } from './selection';
import { onTimeZoneChange, resultsTimeZone } from './timeZone';

const FILTER_DELAY_MS = 150;
const WIDTH_SAMPLE_ROWS = 200;

export interface GridOptions {
  queryId: string;
  /** The query text as run: a LIMIT at its end marks a result that reached it as capped. */
  queryText: string;
  columns: Column[];
  rows: CellValue[][];
}

/** How the run ended, for the capped mark and for findings (which name the run). */
export interface GridRunInfo {
  runId?: string;
  rowCount: number;
  partialReason?: string;
}

export interface GridHandle {
  /** More rows of the same result (pages arrive while the query runs). */
  append(rows: CellValue[][]): void;
  /** The run is over: shows the capped mark and the charts. */
  end(run: GridRunInfo): void;
}

/** Shows a result in `host` (replacing what was there) and returns the handle that feeds it. */
export function mountGrid(host: HTMLElement, options: GridOptions): GridHandle {
  const grid = new ResultsGrid(options);
  host.replaceChildren(grid.element);
  return grid;
}

class ResultsGrid implements GridHandle {
  readonly element: HTMLElement;
  private readonly data: GridData;
  private readonly layout: GridLayout;
  private readonly view: GridView;
  private readonly detail: RowDetail;
  private readonly menu: ColumnsMenu;
  private readonly selection = new RowSelection();
  private readonly filterInput: HTMLInputElement;
  private readonly count = h('span', { class: 'results-count', role: 'status' });
  private readonly capped = h('span', { class: 'results-capped', role: 'status', hidden: true });
  private readonly selectedText = h('span', { class: 'muted' });
  private readonly status = h('span', { class: 'results-status muted', 'aria-live': 'polite' });
  private readonly copyCellButton: HTMLButtonElement;
  private readonly copyRowsButton: HTMLButtonElement;
  private readonly findingsButton: HTMLButtonElement;
  private readonly chartBox = h('details', { class: 'results-charts', open: true, hidden: true });
  private order: number[] | undefined;
  private activeColumn: string | undefined;
  private run: GridRunInfo | undefined;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private orderFrame = 0;
  private scrollToTop = true;
  private defaultWidths = new Map<string, string>();

  constructor(private readonly options: GridOptions) {
    this.data = new GridData(options.columns);
    this.layout = loadLayout(options.queryId);
    this.filterInput = h('input', {
      type: 'search',
      class: 'results-filter',
      placeholder: t('filter'),
      'aria-label': t('filter'),
    });
    this.filterInput.value = this.layout.filter ?? '';
    this.filterInput.addEventListener('input', () => {
      // The text is kept at once (a new run's grid starts from it); only the filtering waits for typing to pause.
      this.save({ filter: this.filterInput.value || undefined });
      if (this.filterTimer) clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.refreshOrder(true), FILTER_DELAY_MS);
    });
    this.view = new GridView(
      options.queryId,
      {
        sort: column => this.toggleSort(column),
        resize: (column, px) => this.save({ widths: { ...this.layout.widths, [column]: px } }),
        rowClick: (row, position, column, modifiers) => {
          this.selection.click(row, position, modifiers, p => this.rowAt(p));
          this.activeColumn = column;
          this.selectionChanged();
        },
        copyKey: () => void this.copyRows(),
      },
      { zone: resultsTimeZone, selected: row => this.selection.rows.has(row) },
    );
    this.detail = new RowDetail(this.status, () => {
      this.selection.clear();
      this.selectionChanged();
    });
    this.menu = new ColumnsMenu({
      toggle: (column, shown) => {
        const hidden = new Set(this.layout.hidden);
        if (shown) hidden.delete(column);
        else hidden.add(column);
        this.save({ hidden: [...hidden] });
        this.applyColumns();
      },
      move: (column, by) => {
        const order = this.orderedNames();
        const from = order.indexOf(column);
        const to = from + by;
        if (from === -1 || to < 0 || to >= order.length) return;
        [order[from], order[to]] = [order[to], order[from]];
        this.save({ order });
        this.applyColumns();
      },
      reset: () => {
        this.save({ order: undefined, hidden: undefined, widths: undefined });
        this.applyColumns();
      },
    });
    this.copyCellButton = this.button(t('copyCell'), () => this.copyCell());
    this.copyRowsButton = this.button(t('copyRows'), () => this.copyRows());
    this.findingsButton = this.button(t('addToFindings'), () => this.addToFindings());
    this.element = h(
      'div',
      { class: 'results' },
      h(
        'div',
        { class: 'results-bar' },
        this.filterInput,
        this.count,
        this.capped,
        h('span', { class: 'results-spacer' }),
        this.selectedText,
        this.copyCellButton,
        this.copyRowsButton,
        this.findingsButton,
        this.menu.element,
      ),
      this.status,
      this.view.element,
      this.detail.element,
      this.chartBox,
    );
    const stop = onTimeZoneChange(() => {
      if (!this.element.isConnected) stop();
      else {
        this.view.schedule();
        if (this.run) this.drawCharts();
      }
    });
    this.selectionChanged();
    this.append(options.rows);
    this.applyColumns();
  }

  append(rows: CellValue[][]): void {
    const first = this.data.rows.length === 0 && rows.length > 0;
    this.data.append(rows);
    if (first) {
      this.sizeColumns();
      this.applyColumns();
    }
    this.refreshOrder(false);
  }

  end(run: GridRunInfo): void {
    this.run = run;
    const reason = capReason(this.options.queryText, this.data.rows.length, run.partialReason);
    this.capped.hidden = !reason;
    this.capped.textContent = !reason
      ? ''
      : reason.kind === 'limit'
        ? t('cappedLimit', formatCount(reason.limit))
        : t('cappedRowCap', formatCount(reason.rows));
    this.drawCharts();
  }

  private drawCharts(): void {
    drawCharts(this.chartBox, this.data.columns, this.data.rows, resultsTimeZone());
  }

  private button(label: string, action: () => void): HTMLButtonElement {
    const b = h('button', { type: 'button', class: 'secondary' }, label);
    b.addEventListener('click', action);
    return b;
  }

  private save(patch: Partial<GridLayout>): void {
    Object.assign(this.layout, patch);
    for (const key of Object.keys(patch) as (keyof GridLayout)[]) if (patch[key] === undefined) delete this.layout[key];
    saveLayout(this.options.queryId, this.layout);
  }

  /** Every column in the user's order: their saved order first, then new columns in reading order. */
  private orderedNames(): string[] {
    const names = this.data.columns.map(c => c.name);
    const reading = columnReadingOrder(names).map(i => names[i]);
    const saved = (this.layout.order ?? []).filter(n => names.includes(n));
    return [...saved, ...reading.filter(n => !saved.includes(n))];
  }

  private shownColumns(): GridColumn[] {
    const hidden = new Set(this.layout.hidden);
    return this.orderedNames()
      .filter(n => !hidden.has(n))
      .map(n => this.data.column(n))
      .filter((c): c is GridColumn => c !== undefined);
  }

  private applyColumns(): void {
    const columns = this.shownColumns();
    const widths = columns.map(c => this.layout.widths?.[c.name] ?? this.defaultWidths.get(c.name) ?? '12ch');
    this.view.setColumns(columns, widths, this.layout.sort);
    this.menu.update(this.orderedNames(), new Set(this.layout.hidden));
    this.element.hidden = this.data.columns.length === 0;
  }

  /** Widths from the header and the first rows as shown, so the grid does not jump while scrolling. */
  private sizeColumns(): void {
    const rows = Math.min(this.data.rows.length, WIDTH_SAMPLE_ROWS);
    const zone = resultsTimeZone();
    for (const column of this.data.columns) {
      let longest = column.name.length + 2;
      for (let r = 0; r < rows; r++)
        longest = Math.max(longest, showValue(column.value(r), column.kind, zone).text.length);
      this.defaultWidths.set(column.name, `${Math.min(Math.max(longest, 4), 60) + 2}ch`);
    }
  }

  private toggleSort(column: string): void {
    const sort = this.layout.sort;
    this.save({
      sort:
        sort?.column !== column
          ? { column, descending: false }
          : sort.descending
            ? undefined
            : { column, descending: true },
    });
    this.view.setSort(this.layout.sort);
    this.refreshOrder(false);
  }

  /** Recomputes the shown order once per frame, however many pages or keystrokes arrived in it. */
  private refreshOrder(scrollToTop: boolean): void {
    this.scrollToTop ||= scrollToTop;
    if (this.orderFrame) return;
    this.orderFrame = requestAnimationFrame(() => {
      this.orderFrame = 0;
      this.order = this.data.order(this.layout.filter ?? '', this.layout.sort);
      const total = this.order ? this.order.length : this.data.rows.length;
      const all = this.data.rows.length;
      this.count.textContent = total === all ? rowsText(total) : t('rowsShown', formatCount(total), formatCount(all));
      this.view.setOrder(total, p => this.rowAt(p), this.scrollToTop);
      this.scrollToTop = false;
    });
  }

  private rowAt(position: number): number {
    return this.order ? this.order[position] : position;
  }

  private selectionChanged(): void {
    const n = this.selection.rows.size;
    this.selectedText.textContent = n ? t('selectedRows', formatCount(n)) : '';
    this.copyRowsButton.disabled = n === 0;
    this.findingsButton.disabled = n === 0;
    this.copyCellButton.disabled = this.selection.active === undefined || this.activeColumn === undefined;
    this.detail.show(this.data, this.selection.active);
    this.view.schedule();
  }

  private copyCell(): void {
    const column = this.activeColumn && this.data.column(this.activeColumn);
    if (column && this.selection.active !== undefined)
      void copyText(cellText(column.value(this.selection.active)), this.status);
  }

  /** The selected rows as tab-separated raw values under a header of the shown columns. */
  private copyRows(): void {
    const rows = this.selection.sorted();
    if (!rows.length) return;
    const columns = this.shownColumns();
    void copyText(tsv([columns.map(c => c.name), ...rows.map(r => columns.map(c => c.value(r)))]), this.status);
  }

  private addToFindings(): void {
    const columns = this.orderedNames()
      .map(n => this.data.column(n))
      .filter((c): c is GridColumn => c !== undefined);
    post({
      type: 'addFindings',
      queryId: this.options.queryId,
      ...(this.run?.runId ? { runId: this.run.runId } : {}),
      columns: columns.map(c => c.name),
      rows: this.selection.sorted().map(r => ({ index: r, values: columns.map(c => cellText(c.value(r))) })),
    });
  }
}

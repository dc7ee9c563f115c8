// The rows of one result and the columns the grid can show: the engine's columns plus, for CloudTrail, a computed
// one-line request summary. Filtering and sorting produce an order (row indexes); rows themselves never move, so a
// row's index stays its position in the run's evidence file.
import type { CellValue, Column } from '../../core/engine/types';
import { requestSummarySource } from '../../core/results/requestSummary';
import { valueKind, type ValueKind } from '../../core/results/valueFormat';

/** The computed column's name (normalised `requestsummary`, which the column order places after errors). */
export const SUMMARY_COLUMN = 'RequestSummary';
const NUMERIC_TYPE = /int|double|float|decimal|real|numeric|number/i;

export interface GridColumn {
  name: string;
  type: string;
  kind: ValueKind;
  /** The raw value of this column in a row. */
  value(row: number): CellValue;
}

export interface SortState {
  column: string;
  descending: boolean;
}

export function cellText(v: CellValue | undefined): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

export class GridData {
  readonly rows: CellValue[][] = [];
  readonly columns: GridColumn[];
  private readonly summaries: (string | undefined)[] = [];
  private searchText: string[] = [];

  constructor(engineColumns: Column[]) {
    this.columns = engineColumns.map((c, i) => ({
      name: c.name,
      type: c.type,
      kind: valueKind(c.name, c.type),
      value: (row: number) => this.rows[row]?.[i] ?? null,
    }));
    const summarise = requestSummarySource(engineColumns.map(c => c.name));
    if (summarise) {
      // Computed when a row is drawn, sorted or copied, then kept: parsing 100,000 events up front would stall.
      this.columns.push({
        name: SUMMARY_COLUMN,
        type: 'varchar',
        kind: 'plain',
        value: (row: number) => (this.summaries[row] ??= summarise(this.rows[row] ?? [])),
      });
    }
  }

  append(rows: CellValue[][]): void {
    for (const row of rows) this.rows.push(row);
  }

  column(name: string): GridColumn | undefined {
    return this.columns.find(c => c.name === name);
  }

  /** Row indexes that contain `filter` (case-insensitive, any engine column), sorted; undefined means all in order. */
  order(filter: string, sort: SortState | undefined): number[] | undefined {
    const needle = filter.trim().toLowerCase();
    const sortColumn = sort && this.column(sort.column);
    if (!needle && !sortColumn) return undefined;
    let order: number[];
    if (needle) {
      for (let i = this.searchText.length; i < this.rows.length; i++)
        this.searchText.push(this.rows[i].map(cellText).join('\u0000').toLowerCase());
      order = [];
      for (let i = 0; i < this.rows.length; i++) if (this.searchText[i].includes(needle)) order.push(i);
    } else {
      order = Array.from({ length: this.rows.length }, (_, i) => i);
    }
    if (sort && sortColumn) {
      const numeric = NUMERIC_TYPE.test(sortColumn.type);
      const keys = new Array<number | string | null>(this.rows.length);
      for (const i of order) {
        const v = sortColumn.value(i);
        keys[i] = v === null ? null : numeric ? Number(v) : cellText(v);
      }
      const direction = sort.descending ? -1 : 1;
      order.sort((a, b) => {
        const x = keys[a];
        const y = keys[b];
        if (x === y) return a - b;
        if (x === null) return 1; // empty cells last, whichever the direction
        if (y === null) return -1;
        return (x < y ? -1 : 1) * direction;
      });
    }
    return order;
  }
}

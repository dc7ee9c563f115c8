// Which rows are selected, by evidence row index: a click selects one, Ctrl/Cmd+click adds or removes one,
// Shift+click selects the range (in display order) from the last plain click.

export interface ClickModifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export class RowSelection {
  readonly rows = new Set<number>();
  /** The row the detail pane shows (the last one clicked). */
  active: number | undefined;
  private anchor: number | undefined;

  /** `position` is the row's place in the shown order; `rowAt` maps a place back to a row index. */
  click(row: number, position: number, modifiers: ClickModifiers, rowAt: (position: number) => number): void {
    if (modifiers.shiftKey && this.anchor !== undefined) {
      const from = Math.min(this.anchor, position);
      const to = Math.max(this.anchor, position);
      if (!modifiers.ctrlKey && !modifiers.metaKey) this.rows.clear();
      for (let p = from; p <= to; p++) this.rows.add(rowAt(p));
    } else if (modifiers.ctrlKey || modifiers.metaKey) {
      if (this.rows.has(row)) this.rows.delete(row);
      else this.rows.add(row);
      this.anchor = position;
    } else {
      this.rows.clear();
      this.rows.add(row);
      this.anchor = position;
    }
    this.active = row;
  }

  clear(): void {
    this.rows.clear();
    this.active = undefined;
    this.anchor = undefined;
  }

  /** Selected rows in evidence order. */
  sorted(): number[] {
    return [...this.rows].sort((a, b) => a - b);
  }
}

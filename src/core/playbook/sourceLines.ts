// The playbook text as lines, for turning token line ranges into 1-based positions and cutting guidance out of it.
import type { SourcePosition } from './model';

/** A half-open range of 0-based line indexes, as markdown-it's `token.map`. */
export type LineRange = [number, number];

export class SourceLines {
  readonly lines: string[];

  /** `text` must already have CRLF turned into LF and any BOM removed. */
  constructor(readonly text: string) {
    this.lines = text.split('\n');
  }

  /** Offset in `text` where a line starts (the text's length past the last line). */
  offsetOfLine(index: number): number {
    let offset = 0;
    for (let i = 0; i < index && i < this.lines.length; i++) offset += this.lines[i].length + 1;
    return Math.min(offset, this.text.length);
  }

  get count(): number {
    return this.lines.length;
  }

  line(index: number): string {
    return this.lines[index] ?? '';
  }

  /** Position of `needle` in a line (searching from `from`), or of the line's first visible character. */
  at(index: number, needle?: string, from = 0): SourcePosition {
    const text = this.line(index);
    const found = needle ? text.indexOf(needle, from) : -1;
    return { line: index + 1, column: (found >= 0 ? found : firstVisible(text)) + 1 };
  }

  /** The first place `needle` occurs in the lines of `range`. */
  find(range: LineRange, needle: string): SourcePosition | undefined {
    for (let i = range[0]; i < range[1]; i++) {
      const column = this.line(i).indexOf(needle);
      if (column >= 0) return { line: i + 1, column: column + 1 };
    }
    return undefined;
  }

  /** The last place `needle` occurs in the lines of `range`: where a trailing `{#id}` is. */
  findLast(range: LineRange, needle: string): SourcePosition | undefined {
    for (let i = range[1] - 1; i >= range[0]; i--) {
      const column = this.line(i).lastIndexOf(needle);
      if (column >= 0) return { line: i + 1, column: column + 1 };
    }
    return undefined;
  }

  /**
   * The lines of `range` without the `removed` ranges (sorted, inside `range`). Where a removal leaves two blank
   * lines together, one goes, so the text reads as if the removed parts had never been there. Leading and trailing
   * blank lines are dropped.
   */
  textWithout(range: LineRange, removed: LineRange[]): string {
    const out: string[] = [];
    let next = 0;
    let afterRemoval = false;
    for (let i = range[0]; i < range[1]; i++) {
      while (next < removed.length && removed[next][1] <= i) next++;
      if (next < removed.length && removed[next][0] <= i) {
        afterRemoval = true;
        continue;
      }
      const line = this.line(i);
      const blank = line.trim() === '';
      if (blank && (out.length === 0 || (afterRemoval && out[out.length - 1].trim() === ''))) continue;
      afterRemoval = false;
      out.push(line);
    }
    let end = out.length;
    while (end > 0 && out[end - 1].trim() === '') end--;
    return out.slice(0, end).join('\n');
  }
}

function firstVisible(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

// Labelled field lists, the readable form of structured values in the report:
//   - **Label:** value
//   - **Label:**            (a map or list, one nested item per entry)
//     - key: value
// Values are encoded with escape.ts, so any text fits on its line and reads back exactly.
import type { Diagnostic } from '../playbook/model';
import { decodeLine, encodeLine, encodeLineStart, indexOfUnescaped, trimBlanks } from './escape';
import type { Line } from './markerRegions';

const NONE = '_none_';
/** An empty nested item: a bare `  -` would underline the line above it as a heading. */
const EMPTY_ITEM = '<!-- irp:empty -->';

export function fieldLine(label: string, value: string): string {
  const encoded = encodeLine(value);
  return encoded === '' ? `- **${label}:**` : `- **${label}:** ${encoded}`;
}

export function mapFieldLines(label: string, map: Record<string, string>): string[] {
  const entries = Object.entries(map);
  if (entries.length === 0) return [`- **${label}:** ${NONE}`];
  return [
    `- **${label}:**`,
    ...entries.map(([k, v]) => {
      const value = encodeLine(v);
      return `  - ${encodeLineStart(k, ':')}:${value === '' ? '' : ' ' + value}`;
    }),
  ];
}

export function listFieldLines<T>(label: string, items: T[], render: (item: T) => string): string[] {
  if (items.length === 0) return [`- **${label}:** ${NONE}`];
  return [
    `- **${label}:**`,
    ...items.map(item => {
      const text = render(item);
      return `  - ${text === '' ? EMPTY_ITEM : text}`;
    }),
  ];
}

export interface Field {
  /** The value as written (still encoded). */
  raw: string;
  /** 0-based line index in the report. */
  line: number;
  /** Nested items as written (still encoded), with their line indexes. */
  items: { raw: string; line: number }[];
}

const FIELD = /^ ?[-*+] +\*\*(.+?):\*\*(?: (.*))?$/;
const ITEM = /^[ \t]{2,}[-*+](?: (.*))?$/;

/** Reads the field lists among `lines`, keyed by lower-case label; the first occurrence of a label wins. */
export function readFields(lines: Line[], firstIndex: number): Map<string, Field> {
  const fields = new Map<string, Field>();
  let current: Field | undefined;
  lines.forEach((line, i) => {
    const field = FIELD.exec(line.text);
    if (field) {
      current = { raw: field[2] ?? '', line: firstIndex + i, items: [] };
      const label = field[1].trim().toLowerCase();
      if (!fields.has(label)) fields.set(label, current);
      return;
    }
    const item = ITEM.exec(line.text);
    if (item && current)
      current.items.push({ raw: item[1] === EMPTY_ITEM ? '' : (item[1] ?? ''), line: firstIndex + i });
    else if (trimBlanks(line.text) !== '') current = undefined;
  });
  return fields;
}

export function fieldValue(fields: Map<string, Field>, label: string): string | undefined {
  const f = fields.get(label.toLowerCase());
  return f === undefined ? undefined : decodeLine(f.raw);
}

export function fieldList(fields: Map<string, Field>, label: string): string[] {
  return (fields.get(label.toLowerCase())?.items ?? []).map(i => decodeLine(i.raw));
}

export function fieldMap(fields: Map<string, Field>, label: string, diagnostics: Diagnostic[]): Record<string, string> {
  const entries: [string, string][] = [];
  for (const item of fields.get(label.toLowerCase())?.items ?? []) {
    const colon = indexOfUnescaped(item.raw, ':');
    if (colon < 0) {
      diagnostics.push({
        line: item.line + 1,
        column: 1,
        severity: 'warning',
        code: 'bad-entry',
        message: `"${label}" entry has no "name: value" form; it is ignored.`,
      });
      continue;
    }
    const value = item.raw.slice(colon + 1);
    entries.push([decodeLine(item.raw.slice(0, colon)), decodeLine(value.startsWith(' ') ? value.slice(1) : value)]);
  }
  return Object.fromEntries(entries);
}

// The raw-event companion of a CSV: one JSON value per line, for results that carry whole CloudTrail events.
import type { CellValue, Column, Row } from '../engine/types';
import type { EngineId } from '../playbook/model';

const RAW_EVENT_COLUMN = 'cloudtrailevent';

/**
 * Which column holds the raw event, `'row'` to write whole rows as objects, or undefined for no JSONL file.
 * Rule: a column named CloudTrailEvent (any case) is written as is; a CloudTrail run without one writes its rows.
 */
export function jsonlSource(engine: EngineId, columns: Column[]): number | 'row' | undefined {
  const index = columns.findIndex(c => c.name.toLowerCase() === RAW_EVENT_COLUMN);
  if (index >= 0) return index;
  return engine === 'cloudtrail' ? 'row' : undefined;
}

/** A raw event as one line: kept byte for byte when it is one-line JSON, so the evidence matches the source. */
function rawEventLine(value: CellValue | undefined): string {
  if (typeof value !== 'string') return JSON.stringify(value ?? null);
  try {
    JSON.parse(value);
    // Line breaks in valid JSON can only be whitespace between tokens.
    return value.replace(/[\r\n]/g, ' ');
  } catch {
    return JSON.stringify(value);
  }
}

export function jsonlLine(source: number | 'row', columns: Column[], row: Row): string {
  if (source !== 'row') return rawEventLine(row[source]) + '\n';
  return JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null]))) + '\n';
}

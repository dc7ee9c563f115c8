// What an update of a report says besides its edits: the damaged markers it repaired, or why it refused to write.
import type { TextEdit } from './textEdit';

/** A repair made so an update could be written safely; `line` is 1-based, in the text as it was before the update. */
export interface Repair {
  line: number;
  message: string;
}

export interface ReportUpdate {
  edits: TextEdit[];
  repairs: Repair[];
}

/**
 * Thrown instead of an update that could lose text: the region it has to write is damaged in a way no repair is
 * certain to get right. `line` (1-based) is where the person has to look; the message says what to change there.
 */
export class ReportUpdateRefused extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`The report was not changed. Line ${line}: ${detail}`);
    this.name = 'ReportUpdateRefused';
  }
}

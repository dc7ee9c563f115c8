// Bounds on what one data file may cost the worker. Log content is attacker-controlled: a gzip bomb, a 100 MB line
// or a record nested thousands deep must cost a bounded amount of memory and be skipped with a message, never
// take the worker (and every query on the data source) down.

export interface IngestLimits {
  /** Decompressed bytes read from one file; beyond it the whole file is skipped. */
  maxFileBytes: number;
  /** Longest line of a text or JSON-lines file; a longer line is skipped and counted, the rest of the file loads. */
  maxLineBytes: number;
  /** Largest JSON document that must be parsed whole (`{"Records":[...]}`, a JSON array); a larger one is skipped. */
  maxDocumentBytes: number;
  /** Deepest nesting of objects and arrays in one CloudTrail record; a deeper record is skipped. */
  maxJsonDepth: number;
}

const MiB = 1024 * 1024;

/**
 * Generous for real logs (a CloudTrail delivery file is a few MB, a flow log file rarely 100 MB), small beside the
 * worker's memory: a document parsed whole costs a few times its size in objects.
 */
export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 1024 * MiB,
  maxLineBytes: 64 * MiB,
  maxDocumentBytes: 128 * MiB,
  maxJsonDepth: 64,
};

let current: IngestLimits = DEFAULT_LIMITS;

/** Set once by the worker from its start options (tests use low limits); the defaults apply otherwise. */
export function setIngestLimits(limits: Partial<IngestLimits> | undefined): void {
  current = { ...DEFAULT_LIMITS, ...limits };
}

export function ingestLimits(): IngestLimits {
  return current;
}

/** `64 MiB`, `1.5 KiB`: sizes in messages. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

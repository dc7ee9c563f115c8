// Messages between the LocalEngine (host) and its DuckDB worker process. Plain JSON over the fork IPC channel.
import type { PartialReason } from '../engine/partialReason';
import type { CellValue, Column, LoadStatus } from '../engine/types';
import type { BoundValue } from '../playbook/placeholders';
import type { OfflineAwsRequest } from './awsOffline';
import type { IngestLimits } from './ingest/limits';

export interface WorkerStartOptions {
  dataSources: string[];
  cacheDir: string;
  /** DuckDB's memory budget, e.g. '1GB'; beyond it, DuckDB spills to the cache folder. */
  memoryLimit: string;
  /** Bounds on hostile input while loading; unset ones keep their defaults (DEFAULT_LIMITS). */
  ingestLimits?: Partial<IngestLimits>;
  /** False: every file goes through the Node loader (the path DuckDB's readers are checked against in tests). */
  bulkRead?: boolean;
}

/** A lookup as the worker receives it (dates as ISO strings). */
export interface LookupRequest {
  attributes: Array<{ key: string; value: string }>;
  start?: string;
  end?: string;
  regions?: 'all' | string[];
  worldOpen: boolean;
}

export type HostMessage =
  | {
      type: 'run';
      id: number;
      sql?: string;
      params?: BoundValue[];
      lookup?: LookupRequest;
      /** A lookup's pages hold each event's text as CloudTrail delivered it, for a caller that flattens them itself. */
      rawEvents?: boolean;
      aws?: OfflineAwsRequest;
      lowercaseColumns: boolean;
      pageSize: number;
      rowCap?: number;
      /** No question: bring the cache up to date with the data sources (what `irp` does after a first answer). */
      cacheOnly?: boolean;
    }
  /** Credit for the next page: the worker sends one page per credit, so the host never buffers more than one. */
  | { type: 'more'; id: number }
  | { type: 'cancel'; id: number };

export type WorkerMessage =
  | { type: 'progress'; id: number; message: string; rowsSoFar: number; load?: LoadStatus }
  | { type: 'page'; id: number; columns: Column[]; rows: CellValue[][] }
  | { type: 'done'; id: number; rowCount: number; partialReason?: PartialReason; context: Record<string, string> }
  | { type: 'error'; id: number; message: string; code: string; context: Record<string, string> };

export const DATABASE_FILE = 'local-data.duckdb';

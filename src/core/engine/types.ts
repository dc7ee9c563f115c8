// The one interface every query engine (CloudTrail, Athena, local DuckDB) implements.
// Core code only: cancellation is an AbortSignal so the CLI and the extension can both drive it.
import type { EngineId, ParameterDefinition } from '../playbook/model';
import type { PartialReason } from './partialReason';

export type CellValue = string | number | boolean | null;
export type Row = CellValue[];

export interface Column {
  name: string;
  /** Engine type name as reported (e.g. "varchar", "bigint", "timestamp"). */
  type: string;
}

export interface ResultPage {
  columns: Column[];
  rows: Row[];
}

export interface QueryRequest {
  engine: EngineId;
  /** Id of the playbook query block, or an ad-hoc id from the CLI. */
  queryId: string;
  /** Block text as written in the playbook, with `{{name}}` placeholders. */
  text: string;
  /** Parameter values as the user typed them (validated against `definitions` before any call). */
  parameters: Record<string, string>;
  definitions: ParameterDefinition[];
  /** Stop after this many rows; the run is then marked partial with reason "row-cap". */
  rowCap?: number;
}

/** What the report records about a run, whatever the engine. */
export interface RunMetadata {
  engine: EngineId;
  queryId: string;
  /** The text sent to the engine (placeholders resolved to bind markers, never to values). */
  queryText: string;
  parameters: Record<string, string>;
  startedAt: string;
  endedAt?: string;
  rowCount: number;
  /** True when the run stopped before the end: cancelled, failed mid-way or capped. */
  partial: boolean;
  /** Set with `settlePartial` (partialReason.ts), the one rule for which reason applies. */
  partialReason?: PartialReason;
  /** Free text that goes with the reason: which Regions failed and why. */
  partialDetail?: string;
  /** Plain-words error with the engine's own code when the run failed. */
  error?: RunError;
  /**
   * Engine context worth recording: profile, account, region(s), caller ARN, workgroup, data scanned,
   * data source, skipped records... Never a secret.
   */
  context: Record<string, string>;
}

/** A failed run in plain words, with the engine's own error code when it gave one. */
export interface RunError {
  code?: string;
  message: string;
}

export interface RunProgress {
  message: string;
  rowsSoFar: number;
  /** While the local engine loads files: how far it is (the message says the same in words). */
  load?: LoadStatus;
}

/** Files and bytes (as stored on disk) a load has done, the rate so far and the time left at that rate. */
export interface LoadStatus {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  /** Absent until something is done. */
  secondsLeft?: number;
}

export interface RunHandle {
  /** Pages of rows as they arrive. Ends normally, or throws EngineError; partial rows already yielded stay valid. */
  pages: AsyncIterable<ResultPage>;
  /** Settles when the run is over (success, failure or cancel); never rejects. */
  metadata: Promise<RunMetadata>;
}

export interface EngineAvailability {
  available: boolean;
  /** Why not, in plain words, and what to do about it. */
  reason?: string;
}

export interface QueryEngine {
  readonly id: EngineId;
  readonly displayName: string;
  availability(): Promise<EngineAvailability>;
  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle;
}

/** An error an engine raises with a code the user can look up and a message that names the fix. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

// Shared test helpers for the local engine: an engine on a fresh cache folder, and a run collected to the end.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { EngineId, ParameterDefinition, ParameterType } from '../../../src/core/playbook/model';
import { LocalEngine } from '../../../src/core/local';
import { collectRun, type Collected } from '../collectRun';

export type { Collected } from '../collectRun';

/** The compiled worker next to the compiled tests (no bundle needed to run the unit tests). */
export const WORKER = path.resolve(__dirname, '../../../src/core/local/worker.js');
export const REPO = path.resolve(__dirname, '../../../..');
export const FORMATS = path.join(REPO, 'test/fixtures/local/formats');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'irp-local-'));
}

export function engineFor(dataSources: string[], cacheDir = tempDir()): LocalEngine {
  return new LocalEngine({ dataSources, cacheDir, workerScript: WORKER });
}

export const param = (name: string, type: ParameterType): ParameterDefinition => ({
  name,
  type,
  label: name,
  required: true,
  position: { line: 1, column: 1 },
});

export function request(
  engine: EngineId,
  text: string,
  parameters: Record<string, string> = {},
  definitions: ParameterDefinition[] = [],
  rowCap?: number,
): QueryRequest {
  return { engine, queryId: 'test', text, parameters, definitions, rowCap };
}

export async function collect(
  engine: LocalEngine,
  req: QueryRequest,
  signal = new AbortController().signal,
): Promise<Collected> {
  return collectRun(engine.run(req, signal));
}

/** Runs and fails the test with the engine's message when the run failed. */
export async function rowsOf(engine: LocalEngine, req: QueryRequest): Promise<Collected> {
  const r = await collect(engine, req);
  if (r.error) throw new Error(`${req.queryId}: ${r.error.message}\n${r.metadata.queryText}`);
  return r;
}

/** Rows as objects keyed by column name. */
export function objects(r: Collected): Array<Record<string, unknown>> {
  return r.rows.map(row => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}

/** Every file under `dir` (relative path) with the SHA-256 of its bytes. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

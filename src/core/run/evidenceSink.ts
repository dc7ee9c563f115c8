// Where one run's evidence goes: `<report-basename>.evidence/<stepId>-<queryId>-<timestamp>.csv` next to the
// report, plus a `.jsonl` with the raw events when the rows carry them (see jsonl.ts), and the run's manifest of
// their hashes (see manifest.ts).
import { mkdir, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { Column, ResultPage } from '../engine/types';
import type { EngineId } from '../playbook/model';
import type { EvidenceFile, ManifestRef } from '../report/model';
import { fileNamePart } from '../report/create';
import { csvRecord } from './csv';
import { removeLeftovers } from '../fs/atomicWrite';
import { EVIDENCE_TEMPORARY, EvidenceFileWriter } from './evidenceFile';
import { jsonlLine, jsonlSource } from './jsonl';
import { MANIFEST_SUFFIX, manifestText } from './manifest';

/** Folder name of a report's evidence, relative to the report's own folder. */
export function evidenceFolderName(reportPath: string): string {
  return `${path.basename(reportPath, path.extname(reportPath))}.evidence`;
}

/** A time as `20240102T030405678Z`: sortable, and safe in file names and report ids. */
export function compactTime(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

interface OpenFile {
  writer: EvidenceFileWriter;
  format: EvidenceFile['format'];
}

/** Evidence could not be written; the run stops, since a result without its evidence cannot be relied on. */
class EvidenceWriteError extends Error {
  readonly code = 'EvidenceWriteFailed';
  constructor(folder: string, cause: unknown) {
    super(
      `Could not write the evidence files in ${folder}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check that the folder of the report is writable and the disk is not full, then run the query again.',
    );
    this.name = 'EvidenceWriteError';
  }
}

interface RunEvidence {
  evidence: EvidenceFile[];
  manifest?: ManifestRef;
}

export class EvidenceSink {
  private files: OpenFile[] = [];
  private columns: Column[] = [];
  private jsonl: number | 'row' | undefined;
  private opened = false;
  private readonly folder: string;

  constructor(
    private readonly reportPath: string,
    private readonly stepId: string,
    private readonly queryId: string,
    private readonly engine: EngineId,
    private readonly startedAt: Date,
    private readonly runId: string,
  ) {
    this.folder = path.join(path.dirname(reportPath), evidenceFolderName(reportPath));
  }

  async write(page: ResultPage): Promise<void> {
    try {
      await this.writePage(page);
    } catch (e) {
      throw new EvidenceWriteError(this.folder, e);
    }
  }

  private async writePage(page: ResultPage): Promise<void> {
    if (!this.opened) await this.open(page.columns);
    const [csv, jsonl] = this.files;
    await csv.writer.write(page.rows.map(row => csvRecord(this.columns.map((_, i) => row[i]))).join(''));
    const source = this.jsonl;
    if (jsonl && source !== undefined)
      await jsonl.writer.write(page.rows.map(row => jsonlLine(source, this.columns, row)).join(''));
  }

  private async open(columns: Column[]): Promise<void> {
    this.opened = true;
    this.columns = columns;
    await mkdir(this.folder, { recursive: true });
    await removeLeftovers(path.join(this.folder, EVIDENCE_TEMPORARY));
    this.jsonl = jsonlSource(this.engine, columns);
    this.files.push({ writer: await EvidenceFileWriter.create(this.folder), format: 'csv' });
    if (this.jsonl !== undefined)
      this.files.push({ writer: await EvidenceFileWriter.create(this.folder), format: 'jsonl' });
    await this.files[0].writer.write(csvRecord(columns.map(c => c.name)));
  }

  /**
   * Finishes the files, names them (with the manifest of their hashes), and describes them with paths relative to
   * the report. Names are taken only if free: a run of the same query within the same millisecond gets a counter.
   * `engineDetails` go into the manifest (see manifest.ts).
   */
  async close(engineDetails?: Record<string, string>): Promise<RunEvidence> {
    if (this.files.length === 0) return { evidence: [] };
    try {
      const finished = [];
      for (const file of this.files) finished.push({ ...file, ...(await file.writer.finish()) });
      const base = `${fileNamePart(this.stepId)}-${fileNamePart(this.queryId)}-${compactTime(this.startedAt)}`;
      for (let n = 1; n <= 1000; n++) {
        const name = n === 1 ? base : `${base}-${n}`;
        const described = finished.map(f => ({
          name: `${name}.${f.format}`,
          format: f.format,
          bytes: f.bytes,
          sha256: f.sha256,
        }));
        const manifest = await EvidenceFileWriter.create(this.folder);
        await manifest.write(manifestText(this.runId, described, engineDetails));
        const { sha256 } = await manifest.finish();
        const all = [
          ...finished.map((f, i) => ({ writer: f.writer, name: described[i].name })),
          { writer: manifest, name: `${name}${MANIFEST_SUFFIX}` },
        ];
        if (await this.publishAll(all)) {
          const relative = (file: string) => `${evidenceFolderName(this.reportPath)}/${file}`;
          return {
            evidence: described.map(d => ({
              path: relative(d.name),
              sha256: d.sha256,
              bytes: d.bytes,
              format: d.format,
            })),
            manifest: { path: relative(`${name}${MANIFEST_SUFFIX}`), sha256 },
          };
        }
      }
      throw new Error('a thousand runs of this query already have evidence with this time stamp');
    } catch (e) {
      throw new EvidenceWriteError(this.folder, e);
    } finally {
      for (const file of this.files) await file.writer.discard();
    }
  }

  /** Publishes every file under its name, or none: a name already taken undoes the ones this call just made. */
  private async publishAll(files: { writer: EvidenceFileWriter; name: string }[]): Promise<boolean> {
    const made: string[] = [];
    let done = false;
    try {
      for (const file of files) {
        const target = path.join(this.folder, file.name);
        if (!(await file.writer.publish(target))) return false;
        made.push(target);
      }
      done = true;
      return true;
    } finally {
      // The names this call made are its own, just linked: an incomplete set is taken back.
      if (!done) for (const own of made) await unlink(own).catch(() => undefined);
      await files[files.length - 1].writer.discard();
    }
  }
}

// Where one run's evidence goes: `<report-basename>.evidence/<stepId>-<queryId>-<timestamp>.csv` next to the
// report, plus a `.jsonl` with the raw events when the rows carry them (see jsonl.ts).
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Column, ResultPage } from '../engine/types';
import type { EngineId } from '../playbook/model';
import type { EvidenceFile } from '../report/model';
import { fileNamePart } from '../report/create';
import { csvRecord } from './csv';
import { EvidenceFileWriter } from './evidenceFile';
import { jsonlLine, jsonlSource } from './jsonl';

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
export class EvidenceWriteError extends Error {
  readonly code = 'EvidenceWriteFailed';
  constructor(folder: string, cause: unknown) {
    super(`Could not write the evidence files in ${folder}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
      'Check that the folder of the report is writable and the disk is not full, then run the query again.');
    this.name = 'EvidenceWriteError';
  }
}

export class EvidenceSink {
  private files: OpenFile[] = [];
  private columns: Column[] = [];
  private jsonl: number | 'row' | undefined;
  private opened = false;
  private readonly folder: string;

  constructor(private readonly reportPath: string, private readonly stepId: string, private readonly queryId: string,
    private readonly engine: EngineId, private readonly startedAt: Date) {
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
    if (jsonl && source !== undefined) await jsonl.writer.write(page.rows.map(row => jsonlLine(source, this.columns, row)).join(''));
  }

  private async open(columns: Column[]): Promise<void> {
    this.opened = true;
    this.columns = columns;
    await mkdir(this.folder, { recursive: true });
    const base = `${fileNamePart(this.stepId)}-${fileNamePart(this.queryId)}-${compactTime(this.startedAt)}`;
    this.jsonl = jsonlSource(this.engine, columns);
    // Two runs of one query within a millisecond get a counter rather than overwriting each other's evidence.
    let name = base;
    for (let n = 2; ; n++) {
      try {
        this.files.push({ writer: await EvidenceFileWriter.create(path.join(this.folder, `${name}.csv`)), format: 'csv' });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw e;
        name = `${base}-${n}`;
      }
    }
    if (this.jsonl !== undefined) this.files.push({ writer: await EvidenceFileWriter.create(path.join(this.folder, `${name}.jsonl`)), format: 'jsonl' });
    await this.files[0].writer.write(csvRecord(columns.map(c => c.name)));
  }

  /** Closes the files and describes them with paths relative to the report. */
  async close(): Promise<EvidenceFile[]> {
    const folder = evidenceFolderName(this.reportPath);
    const described: EvidenceFile[] = [];
    for (const file of this.files) {
      const { sha256, bytes } = await file.writer.close();
      described.push({ path: `${folder}/${path.basename(file.writer.path)}`, sha256, bytes, format: file.format });
    }
    return described;
  }
}

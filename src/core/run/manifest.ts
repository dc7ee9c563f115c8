// A run's evidence manifest: `<evidence-folder>/<run-file-base>.manifest.json`, written once beside the evidence
// with the size and SHA-256 of each file of the run and the engine's own details of the run (the run's metadata
// file), while the report records the manifest's own SHA-256. Changing an evidence file and its hash line in the
// report is then still caught: the manifest disagrees with the file, and changing the manifest too makes it
// disagree with its hash in the report.
import type { EvidenceFile } from '../report/model';

export const MANIFEST_SUFFIX = '.manifest.json';
const MANIFEST_FORMAT = 1;

export interface EvidenceManifest {
  format: number;
  runId: string;
  /** The run's files, by name in the manifest's own folder. */
  files: { name: string; format: EvidenceFile['format']; bytes: number; sha256: string }[];
  /**
   * What the engine said about the run that matters for diagnosis, not to a reader of the report (engine version,
   * peak memory, cache file, file and record counts); paths relative to the report. Absent in older manifests.
   */
  engine?: Record<string, string>;
}

export function manifestText(runId: string, files: EvidenceManifest['files'], engine?: Record<string, string>): string {
  const manifest: EvidenceManifest = { format: MANIFEST_FORMAT, runId, files, ...(engine ? { engine } : {}) };
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The manifest in `text`, or a message saying why it cannot be read. */
export function readManifest(text: string): EvidenceManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the manifest is not JSON';
  }
  const m = value as Partial<EvidenceManifest> | null;
  const filesOk =
    Array.isArray(m?.files) &&
    m.files.every(
      f =>
        typeof f?.name === 'string' &&
        typeof f.sha256 === 'string' &&
        typeof f.bytes === 'number' &&
        (f.format === 'csv' || f.format === 'jsonl'),
    );
  if (!m || m.format !== MANIFEST_FORMAT || typeof m.runId !== 'string' || !filesOk) {
    return `the manifest does not have the expected shape (format ${MANIFEST_FORMAT}, runId, files)`;
  }
  return m as EvidenceManifest;
}

// Checks that the evidence files a report lists are still the files that were written: each against its size and
// SHA-256 in the report, and against the run's manifest (written once beside the evidence, its own SHA-256 in the
// report), so that changing a file and its line in the report together is still caught.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { EvidenceFile, ManifestRef, ReportState, RunRecord } from '../report/model';
import { EvidencePathError, resolveEvidencePath } from './evidencePath';
import { MANIFEST_SUFFIX, readManifest, type EvidenceManifest } from './manifest';

export interface EvidenceCheck {
  /** The path as the report lists it (relative to the report); a run's manifest is checked as a file of its own. */
  path: string;
  ok: boolean;
  /** Every problem found with the file, joined with "; ". */
  problem?: string;
}

type Found = { sha256: string; bytes: number } | { problem: string };

/** A file's SHA-256 and size, read as a stream (evidence files can be large). */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function readProblem(e: unknown): string {
  if (e instanceof EvidencePathError) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'the file is missing' : `cannot read it (${code ?? String(e)})`;
}

/** One verification: each file is hashed once, and problems are gathered per path. */
class Verification {
  private readonly found = new Map<string, Promise<Found>>();
  readonly problems = new Map<string, string[]>();

  constructor(private readonly reportPath: string) {}

  hash(relative: string): Promise<Found> {
    let found = this.found.get(relative);
    if (!found) {
      found = resolveEvidencePath(this.reportPath, relative)
        .then(hashFile)
        .catch(e => ({ problem: readProblem(e) }));
      this.found.set(relative, found);
    }
    return found;
  }

  note(relative: string, problem?: string): void {
    const list = this.problems.get(relative) ?? [];
    if (problem && !list.includes(problem)) list.push(problem);
    this.problems.set(relative, list);
  }

  /** Compares a file with what a record (the report or the manifest) says about it. */
  async compare(relative: string, expected: { sha256: string; bytes: number }, source: string): Promise<void> {
    const found = await this.hash(relative);
    if ('problem' in found) return this.note(relative, found.problem);
    const problem =
      found.bytes !== expected.bytes
        ? `size is ${found.bytes} bytes, ${source} says ${expected.bytes}`
        : found.sha256 !== expected.sha256.toLowerCase()
          ? `SHA-256 is ${found.sha256}, ${source} says ${expected.sha256}`
          : undefined;
    this.note(relative, problem && `changed since it was recorded: ${problem}`);
  }
}

/** A run recorded without a manifest in the report may still have one on disk: then the report lost its line. */
async function manifestOf(v: Verification, reportPath: string, run: RunRecord): Promise<ManifestRef | undefined> {
  if (run.manifest || run.evidence.length === 0) return run.manifest;
  const first = run.evidence[0].path;
  const candidate = `${first.slice(0, first.length - path.extname(first).length)}${MANIFEST_SUFFIX}`;
  const exists = await resolveEvidencePath(reportPath, candidate)
    .then(access)
    .then(
      () => true,
      () => false,
    );
  if (!exists) return undefined;
  v.note(candidate, 'the run has this manifest, but the report does not record it (its line was removed)');
  return { path: candidate, sha256: '' };
}

async function checkManifest(v: Verification, reportPath: string, run: RunRecord, ref: ManifestRef): Promise<void> {
  v.note(ref.path);
  const found = await v.hash(ref.path);
  if ('problem' in found) return v.note(ref.path, found.problem);
  if (ref.sha256 && found.sha256 !== ref.sha256.toLowerCase()) {
    v.note(ref.path, `changed since it was recorded: SHA-256 is ${found.sha256}, the report says ${ref.sha256}`);
  }
  let manifest: EvidenceManifest | string;
  try {
    manifest = readManifest(await readFile(await resolveEvidencePath(reportPath, ref.path), 'utf8'));
  } catch (e) {
    return v.note(ref.path, readProblem(e));
  }
  if (typeof manifest === 'string') return v.note(ref.path, manifest);
  if (manifest.runId !== run.runId) v.note(ref.path, `it belongs to run ${manifest.runId}, not to run ${run.runId}`);
  const folder = path.posix.dirname(ref.path);
  const listed = new Map(run.evidence.map(e => [e.path, e] as [string, EvidenceFile]));
  for (const file of manifest.files) {
    const relative = `${folder}/${file.name}`;
    await v.compare(relative, file, "the run's manifest");
    const inReport = listed.get(relative);
    if (!inReport) v.note(relative, "the run's manifest lists it, but the report does not");
    else if (inReport.sha256.toLowerCase() !== file.sha256 || inReport.bytes !== file.bytes) {
      v.note(relative, "the report's size or SHA-256 for it differs from the run's manifest (the report was edited)");
    }
  }
  const inManifest = new Set(manifest.files.map(f => `${folder}/${f.name}`));
  for (const e of run.evidence)
    if (!inManifest.has(e.path)) v.note(e.path, "the report lists it, but the run's manifest does not");
}

export async function verifyEvidence(reportPath: string, state: ReportState): Promise<EvidenceCheck[]> {
  const v = new Verification(reportPath);
  for (const step of Object.values(state.steps)) {
    for (const run of step.runs) {
      for (const file of run.evidence) await v.compare(file.path, file, 'the report');
      const manifest = await manifestOf(v, reportPath, run);
      if (manifest) await checkManifest(v, reportPath, run, manifest);
    }
  }
  return [...v.problems].map(([file, problems]) =>
    problems.length ? { path: file, ok: false, problem: problems.join('; ') } : { path: file, ok: true },
  );
}

// A report written by the release before the document layout (test/fixtures/report/v1/tabletop.md: the tabletop,
// `irp run --all-queries`, then answers, notes, ticks and text typed by hand, inside and outside the regions) moves
// into the document layout without losing a character anyone wrote.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { parseReport, type ReportState } from '../../../src/core/report';
import { migrateReport } from '../../../src/core/report/migrate';
import { scanReport } from '../../../src/core/report/markerRegions';
import { REPO_ROOT } from '../playbook/helpers';

const OLD = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/report/v1/tabletop.md'), 'utf8');
const PLAYBOOK = parsePlaybook(
  fs.readFileSync(path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'), 'utf8'),
).playbook!;

/** Lines of the old report the person or a run wrote: everything but the layout of steps nobody touched. */
function writtenLines(text: string, state: ReportState): string[] {
  const doc = scanReport(text);
  const untouched = doc.regions.filter(r => r.kind === 'step' && !Object.keys(state.steps).includes(r.attrs.id ?? ''));
  const emptyStep = (i: number) => untouched.some(r => r.openLine <= i && i <= r.closeLine);
  return doc.lines
    .map((l, i) => ({ text: l.text, i }))
    .filter(({ text, i }) => text.trim() !== '' && !emptyStep(i) && !text.startsWith('<!-- irp:header'))
    .map(l => l.text);
}

/** The state as the migrated report should read: the steps nobody touched are one line now, facts are there. */
function expectedState(old: ReportState): ReportState {
  const touched = Object.entries(old.steps).filter(
    ([, s]) =>
      s.status !== 'not-started' ||
      s.runs.length > 0 ||
      s.notes !== '' ||
      Object.keys(s.checklist).length > 0 ||
      Object.values(s.answers).some(a => a !== ''),
  );
  return { header: { ...old.header, facts: {} }, steps: Object.fromEntries(touched) };
}

describe('migration of a report written before the document layout', () => {
  const old = parseReport(OLD);
  const migrated = migrateReport(OLD, PLAYBOOK);
  const after = parseReport(migrated.text);

  it('reads the old report as it is, without a problem', () => {
    assert.deepEqual(old.diagnostics, []);
    assert.equal(Object.keys(old.state.steps).length, 17);
  });

  it('keeps every line anyone wrote, character for character (headings one level down)', () => {
    const lines = new Set(migrated.text.split('\n'));
    const lost = writtenLines(OLD, expectedState(old.state)).filter(l => !lines.has(l) && !lines.has(`#${l}`));
    // The phase headings are written one level down by the layout; nothing else may be missing.
    assert.deepEqual(
      lost.filter(l => !/^## /.test(l)),
      [],
    );
    for (const typed of [
      'Hand note: the bill alert came first (T+00:10), **before** GuardDuty.',
      '### Our own timeline',
      '- 12:47 key deleted by maria.lopez',
      'Signed off: the on-call responder, 2026-11-21.',
      'Reviewed by Ana: this run shows the first ingress change.',
    ])
      assert.ok(lines.has(typed), typed);
    assert.equal(migrated.keptLines, 6);
  });

  it('reads back to the same state, with incident facts and the untouched steps as one line each', () => {
    assert.deepEqual(after.diagnostics, []);
    assert.deepStrictEqual(after.state, expectedState(old.state));
    assert.ok(migrated.text.startsWith('<!-- irp:header format="2" -->\n'));
    assert.ok(migrated.text.includes('\n- Keep an inventory of internet-exposed network assets — not started\n'));
    assert.ok(migrated.text.indexOf('\n## Summary\n') < migrated.text.indexOf('\n## Appendix: step-by-step record\n'));
  });

  it('leaves a report in the document layout as it is, and keeps CRLF line ends', () => {
    assert.equal(migrateReport(migrated.text, PLAYBOOK).text, migrated.text);
    const crlf = migrateReport(OLD.replace(/\n/g, '\r\n'), PLAYBOOK).text;
    assert.equal(crlf, migrated.text.replace(/\n/g, '\r\n'));
  });

  it('refuses a damaged report, naming the line, instead of moving a region it cannot read', () => {
    const damaged = OLD.replace('<!-- /irp:notes -->\n', '');
    assert.throws(() => migrateReport(damaged, PLAYBOOK), /The report was not changed\. Line \d+: the notes region/i);
  });
});

import assert from 'node:assert/strict';
import { ENGINE_IDS } from '../../../src/core/playbook/model';
import { PARTIAL_REASONS } from '../../../src/core/engine/partialReason';
import {
  createReport,
  parseReport,
  renderReport,
  type ReportState,
  type RunRecord,
  type StepState,
} from '../../../src/core/report';
import { filledState, playbook, run } from './fixtures';
import { seeded } from '../../fixtures/seeded';
import { HOSTILE, pick, randomText } from './hostile';

function assertRoundTrip(state: ReportState, label: string): void {
  const pb = playbook();
  const text = renderReport(pb, state);
  for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
    const parsed = parseReport(variant);
    assert.deepEqual(parsed.diagnostics, [], `${label}: unexpected diagnostics`);
    assert.deepStrictEqual(parsed.state, state, `${label}: state differs after the round trip`);
  }
}

/** Every string field (and record key) of a state set to `h`. */
function stateFilledWith(h: string): ReportState {
  const base = filledState();
  const keyed = (value: string) =>
    Object.fromEntries([
      [h, value],
      [h + '2', h],
    ]);
  const hostileRun: RunRecord = run({
    runId: h,
    queryId: h,
    startedAt: h,
    endedAt: h,
    partial: true,
    partialReason: 'regions-failed',
    partialDetail: h,
    error: { code: h, message: h },
    queryText: h,
    parameters: keyed(h),
    context: keyed(h),
    evidence: [{ path: h, sha256: h, format: 'jsonl', bytes: 7 }],
    manifest: { path: h, sha256: h },
    summary: {
      columns: [h, 'b'],
      rows: [
        [h, h],
        ['x', h],
      ],
      truncated: true,
    },
  });
  const step: StepState = {
    status: 'done',
    startedAt: h,
    completedAt: h,
    checklist: { [h]: true, [h + '2']: false, snap: true },
    answers: { ...keyed(h), 'q-who': h },
    notes: h,
    runs: [hostileRun, run({ runId: h + 'x', queryText: h + '\n' + h })],
  };
  return {
    header: {
      ...base.header,
      incidentId: h,
      title: h,
      playbookId: h,
      playbookVersion: h,
      playbookPath: h,
      createdAt: h,
      dataSources: [h, h],
      parameters: keyed(h),
    },
    steps: { ...base.steps, 'review-sg': step, [h || 'empty-id']: { ...step, checklist: { [h]: false } } },
  };
}

function randomRecord(next: () => number, max: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: Math.floor(next() * (max + 1)) }, () => [randomText(next, 4), randomText(next)]),
  );
}

function randomRun(next: () => number): RunRecord {
  const columns = Array.from({ length: Math.floor(next() * 4) }, () => randomText(next, 3));
  const record: RunRecord = {
    runId: randomText(next, 3),
    queryId: randomText(next, 3),
    engine: pick(next, ENGINE_IDS),
    startedAt: randomText(next, 2),
    rowCount: Math.floor(next() * 100000),
    partial: next() < 0.3,
    queryText: randomText(next, 12),
    parameters: randomRecord(next, 3),
    context: randomRecord(next, 4),
    evidence: Array.from({ length: Math.floor(next() * 3) }, () => ({
      path: randomText(next, 4),
      sha256: randomText(next, 2),
      format: pick(next, ['csv', 'jsonl'] as const),
      bytes: Math.floor(next() * 1e9),
    })),
    summary: {
      columns,
      rows:
        columns.length === 0
          ? []
          : Array.from({ length: Math.floor(next() * 4) }, () => columns.map(() => randomText(next, 4))),
      truncated: next() < 0.5,
    },
  };
  if (next() < 0.7) record.endedAt = randomText(next, 2);
  if (next() < 0.3) record.partialReason = pick(next, PARTIAL_REASONS);
  if (record.partialReason && next() < 0.5) record.partialDetail = randomText(next, 3);
  if (next() < 0.3)
    record.error =
      next() < 0.5 ? { message: randomText(next) } : { code: randomText(next, 2), message: randomText(next) };
  return record;
}

function randomStep(next: () => number, items: string[], questions: string[]): StepState {
  const step: StepState = {
    status: pick(next, ['not-started', 'in-progress', 'done', 'skipped'] as const),
    checklist: Object.fromEntries(
      [...items.filter(() => next() < 0.7), ...(next() < 0.2 ? [randomText(next, 3)] : [])].map(id => [
        id,
        next() < 0.5,
      ]),
    ),
    answers: Object.fromEntries(
      [...questions.filter(() => next() < 0.7), ...(next() < 0.2 ? [randomText(next, 3)] : [])].map(id => [
        id,
        randomText(next, 10),
      ]),
    ),
    notes: randomText(next, 16),
    runs: Array.from({ length: Math.floor(next() * 3) }, () => randomRun(next)),
  };
  if (next() < 0.5) step.startedAt = randomText(next, 2);
  if (next() < 0.3) step.completedAt = randomText(next, 2);
  return step;
}

function randomState(next: () => number): ReportState {
  const pb = playbook();
  const steps: [string, StepState][] = pb.phases
    .flatMap(p => p.steps)
    .filter(() => next() < 0.85)
    .map(s => [
      s.id,
      randomStep(
        next,
        s.checklist.map(c => c.id),
        s.questions.map(q => q.id),
      ),
    ]);
  if (next() < 0.2) steps.push([randomText(next, 3), randomStep(next, [], [])]);
  const header: ReportState['header'] = {
    incidentId: randomText(next, 2),
    title: randomText(next),
    playbookId: randomText(next, 3),
    playbookVersion: randomText(next, 2),
    playbookPath: randomText(next, 3),
    createdAt: randomText(next, 2),
    mode: pick(next, ['live', 'exercise'] as const),
    dataSources: Array.from({ length: Math.floor(next() * 3) }, () => randomText(next, 4)),
    parameters: randomRecord(next, 4),
  };
  if (next() < 0.5) header.defaultEngine = pick(next, ENGINE_IDS);
  return { header, steps: Object.fromEntries(steps) };
}

describe('report round trip', () => {
  it('reads back a freshly created report as the state createReport returned', () => {
    const created = createReport(playbook(), {
      mode: 'exercise',
      playbookPath: 'playbooks/x.md',
      now: new Date('2026-11-29T12:00:00Z'),
      incidentId: 'abc123',
    });
    assert.equal(created.fileName, '2026-11-29-unauthorized-network-changes-abc123.md');
    assert.match(created.text, /^<!-- irp:header[^\n]*\n# EXERCISE: Incident abc123/);
    assert.deepStrictEqual(parseReport(created.text).state, created.state);
  });

  it('reads back a filled report', () => {
    assertRoundTrip(filledState(), 'filled');
  });

  it('reads back states that leave steps, boxes and answers out', () => {
    const state = filledState();
    delete state.steps.contain;
    state.steps['review-sg'].checklist = {};
    state.steps['review-sg'].answers = { 'q-when': '' };
    // A run recorded before evidence manifests existed, or one without evidence files.
    const { manifest: _recordedBefore, ...withoutManifest } = state.steps['review-sg'].runs[0];
    state.steps['review-sg'].runs = [{ ...withoutManifest, evidence: [] }];
    assertRoundTrip(state, 'sparse');
    assertRoundTrip({ header: state.header, steps: {} }, 'no steps');
  });

  it('reads a damaged evidence manifest line as no manifest, with a warning on its line', () => {
    const text = renderReport(playbook(), filledState()).replace(
      /^(- \*\*Evidence manifest:\*\*) .*$/m,
      '$1 hash lost',
    );
    const parsed = parseReport(text);
    const line = text.split('\n').findIndex(l => l.endsWith('hash lost')) + 1;
    assert.deepEqual(
      parsed.diagnostics.map(d => [d.code, d.line, d.severity]),
      [['bad-manifest', line, 'warning']],
    );
    assert.equal(parsed.state.steps['review-sg'].runs[0].manifest, undefined);
  });

  HOSTILE.forEach((h, i) => {
    it(`keeps hostile text #${i} ${JSON.stringify(h).slice(0, 40)} exact in every field`, () => {
      assertRoundTrip(stateFilledWith(h), `hostile #${i}`);
    });
  });

  it('keeps 500 random states exact (seeded)', () => {
    const next = seeded(20261129);
    for (let i = 0; i < 500; i++) assertRoundTrip(randomState(next), `random case ${i}`);
  });
});

// Reports damaged at random (lines deleted, duplicated, swapped, truncated): reading never throws, and an update
// of a step either leaves that step reading as the state written, whatever else is broken around it, or is refused
// with the line of the damage it could not repair safely.
import assert from 'node:assert/strict';
import {
  applyEdits,
  parseReport,
  planStepUpdate,
  renderReport,
  ReportUpdateRefused,
  type ReportUpdate,
  type StepState,
} from '../../../src/core/report';
import { filledState, playbook, run } from './fixtures';
import { seeded } from '../../fixtures/seeded';
import { randomText } from './hostile';

/** The update, or undefined when it was refused with a line of the text. */
function tryUpdate(text: string, plan: () => ReportUpdate, label: string): ReportUpdate | undefined {
  try {
    return plan();
  } catch (e) {
    if (!(e instanceof ReportUpdateRefused)) throw e;
    const lines = text.split('\n').length;
    assert.ok(e.line >= 1 && e.line <= lines, `${label}: refused at line ${e.line}, outside the text`);
    assert.ok(e.message.includes(`Line ${e.line}:`), `${label}: the message names the line`);
    return undefined;
  }
}

function damage(text: string, next: () => number): string {
  const lines = text.split('\n');
  for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
    const i = Math.floor(next() * lines.length);
    const r = next();
    if (r < 0.4) lines.splice(i, 1 + Math.floor(next() * 3));
    else if (r < 0.6) lines.splice(i, 0, lines[Math.floor(next() * lines.length)]);
    else if (r < 0.8) lines[i] = (lines[i] ?? '').slice(0, Math.floor(next() * 20));
    else lines.splice(i, 0, ...lines.splice(Math.floor(next() * lines.length), 1));
  }
  return lines.join('\n');
}

describe('damaged reports', () => {
  it('read without throwing and take updates (300 seeded cases)', () => {
    const pb = playbook();
    const next = seeded(99);
    const stepIds = pb.phases.flatMap(p => p.steps.map(s => s.id));
    for (let i = 0; i < 300; i++) {
      const text = damage(renderReport(pb, filledState()), next);
      const parsed = parseReport(text);
      for (const d of parsed.diagnostics)
        assert.ok(d.line >= 1 && d.line <= text.split('\n').length + 1, `case ${i}: line ${d.line} out of range`);
      const id = stepIds[i % stepIds.length];
      const state: StepState = {
        ...filledState().steps[id],
        status: 'done',
        notes: `case ${i}`,
        runs: [run({ runId: `fuzz-${i}` })],
      };
      const update = tryUpdate(text, () => planStepUpdate(text, pb, id, state), `case ${i}`);
      if (!update) continue;
      const after = parseReport(applyEdits(text, update.edits)).state.steps[id];
      const duplicated = (text.match(new RegExp(`<!-- irp:step id="${id}"`, 'g')) ?? []).length > 1;
      if (duplicated) continue;
      // Runs the damage hid from the reader are kept (never deleted), so they read back too, before the new run.
      const kept = after.runs.filter(r => r.runId !== `fuzz-${i}`);
      const label = `case ${i}: step ${id} after the update`;
      assert.deepStrictEqual({ ...after, runs: after.runs.slice(kept.length) }, state, label);
      for (const r of kept) assert.ok(text.includes(`id="${r.runId}"`), `${label}: run ${r.runId} was there before`);
    }
  });

  it('read any text without throwing, with every diagnostic on a line of the text (500 seeded cases)', () => {
    const next = seeded(5);
    const markers = [
      '<!-- irp:step id="review-sg" -->',
      '<!-- /irp:step -->',
      '<!-- irp:answer id="q-who" -->',
      '<!-- /irp:answer -->',
      '<!-- irp:run id="r" -->',
      '<!-- /irp:run -->',
      '<!-- irp:runs -->',
      '<!-- irp:header -->',
      '<!-- /irp:header -->',
      '```',
      '- **Status:** x',
      '- [x] a <!-- irp:item id="%zz;" -->',
      '- [ ] b {#%zz unset}',
      '  - k: v',
      '- **Evidence:**',
      '  - [a](b) — csv, x bytes',
    ];
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () =>
        next() < 0.5 ? markers[Math.floor(next() * markers.length)] : randomText(next, 4),
      ).join('\n');
      const { diagnostics } = parseReport(text);
      const lineCount = text.split('\n').length;
      for (const d of diagnostics)
        assert.ok(d.line >= 1 && d.line <= lineCount, `case ${i}: line ${d.line} of ${lineCount}`);
      const state = filledState().steps['review-sg'];
      const update = tryUpdate(text, () => planStepUpdate(text, playbook(), 'review-sg', state), `case ${i}`);
      if (update) applyEdits(text, update.edits);
    }
  });
});

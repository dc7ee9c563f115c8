import assert from 'node:assert/strict';
import { partialText } from '../../../src/core/engine/partialReason';
import { parseReport, renderReport, type ReportState } from '../../../src/core/report';
import { filledState, playbook, run } from './fixtures';

/** A report holding one partial run, as written today, for its "Partial reason" line to be rewritten. */
function reportWithPartialRun(): { text: string; stepId: string } {
  const state: ReportState = filledState();
  const stepId = Object.keys(state.steps)[0];
  state.steps[stepId].runs = [run({ partial: true, partialReason: 'row-cap' })];
  return { text: renderReport(playbook(), state), stepId };
}

function reasonReadFrom(oldLine: string) {
  const { text, stepId } = reportWithPartialRun();
  assert.match(text, /\*\*Partial reason:\*\* row-cap/);
  const parsed = parseReport(text.replace('**Partial reason:** row-cap', `**Partial reason:** ${oldLine}`));
  assert.deepEqual(parsed.diagnostics, []);
  const [read] = parsed.state!.steps[stepId].runs;
  return { reason: read.partialReason, detail: read.partialDetail };
}

describe('partial reasons in reports written before they were a closed set', () => {
  it('reads the words older versions wrote as the reason they meant', () => {
    assert.deepEqual(reasonReadFrom('row cap'), { reason: 'row-cap', detail: undefined });
    assert.deepEqual(reasonReadFrom('error'), { reason: 'failed', detail: undefined });
    assert.deepEqual(reasonReadFrom('cancelled'), { reason: 'cancelled', detail: undefined });
    assert.deepEqual(reasonReadFrom('stopped before the end'), { reason: 'stopped-early', detail: undefined });
  });

  it('keeps the failed Regions and their errors of an old report as the detail', () => {
    const old = 'no events from eu-west-1, sa-east-1: Access denied to cloudtrail:LookupEvents';
    assert.deepEqual(reasonReadFrom(old), { reason: 'regions-failed', detail: old });
    assert.equal(partialText({ partialReason: 'regions-failed', partialDetail: old }), `some Regions failed: ${old}`);
  });

  it('keeps an unknown reason whole instead of dropping it', () => {
    assert.deepEqual(reasonReadFrom('the disk was full'), { reason: 'stopped-early', detail: 'the disk was full' });
  });
});

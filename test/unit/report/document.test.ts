// The report as the incident's document: the incident facts and action items read back exactly whatever they hold,
// the document sections come first and stay the person's text through every update, and the step record is last.
import assert from 'node:assert/strict';
import { formatActionItem, parseActionItem, type ActionItem } from '../../../src/core/report/actionItems';
import { withIncidentStatus } from '../../../src/core/report/factsFormat';
import {
  applyEdits,
  createReport,
  emptyStepState,
  parseReport,
  renderReport,
  updateHeader,
  updateStep,
  type IncidentFacts,
  type ReportState,
} from '../../../src/core/report';
import { filledState, playbook, run } from './fixtures';
import { HOSTILE } from './hostile';

function factsOf(h: string): IncidentFacts {
  return {
    status: 'contained',
    severity: 'high',
    detectedAt: h,
    containedAt: h,
    resolvedAt: h,
    lead: h,
    responders: [h, h + 'x'],
    accounts: [h],
    regions: [],
    statusHistory: [
      { status: 'open', at: h },
      { status: 'contained', at: '' },
    ],
  };
}

function assertReadsBack(state: ReportState): void {
  const text = renderReport(playbook(), state);
  for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
    const parsed = parseReport(variant);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepStrictEqual(parsed.state, state);
  }
}

describe('report document', () => {
  it('writes the document sections first, in order, and the step record last', () => {
    const text = renderReport(playbook(), { ...filledState(), header: { ...filledState().header, facts: {} } });
    const order = [
      '- **Status:**',
      '## Classification',
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Findings',
      '## Actions taken',
      '## Root cause',
      '## Lessons learned',
      '## Action items',
      '## Appendix: step-by-step record',
      '<!-- irp:step id="prep-contacts" -->',
    ].map(s => text.indexOf(`\n${s}`));
    assert.ok(
      order.every(i => i > 0),
      JSON.stringify(order),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.ok(text.includes('\n_What happened, what it touched'), 'the summary is prompted');
  });

  it('writes a step nobody touched as one line, and its region in place of that line once it is recorded', () => {
    const pb = playbook();
    const created = createReport(pb, { mode: 'live', playbookPath: 'p.md', now: new Date('2026-12-01T00:00:00Z') });
    assert.deepEqual(created.state.steps, {});
    assert.deepEqual(created.state.header.facts, {
      status: 'open',
      statusHistory: [{ status: 'open', at: '2026-12-01T00:00:00.000Z' }],
    });
    assert.ok(created.text.includes('\n- Title of review-sg — not started\n- Title of review-nacl — not started\n'));
    const step = { ...emptyStepState(), status: 'in-progress' as const, notes: 'looked' };
    const text = applyEdits(created.text, updateStep(created.text, pb, 'review-nacl', step));
    assert.ok(!text.includes('Title of review-nacl — not started'));
    assert.ok(text.indexOf('Title of review-sg — not started') < text.indexOf('<!-- irp:step id="review-nacl" -->'));
    assert.ok(
      text.indexOf('<!-- irp:step id="review-nacl" -->') < text.indexOf('Title of review-routes — not started'),
    );
    assert.deepStrictEqual(parseReport(text).state.steps, { 'review-nacl': step });
  });

  HOSTILE.forEach((h, i) => {
    it(`keeps hostile text #${i} ${JSON.stringify(h).slice(0, 30)} exact in the incident facts and action items`, () => {
      const state = filledState();
      state.header.facts = factsOf(h);
      assertReadsBack(state);
      const item: ActionItem = { done: i % 2 === 0, text: h, owner: h, due: h, link: h };
      assert.deepStrictEqual(parseActionItem(formatActionItem(item)), item);
      const bare: ActionItem = { done: false, text: h };
      assert.deepStrictEqual(parseActionItem(formatActionItem(bare)), bare);
    });
  });

  it('reads an action item as people write it', () => {
    assert.deepStrictEqual(
      parseActionItem('- [ ] Rotate CI keys monthly — owner: Ana, due: 2026-12-31, https://jira.example/SEC-12'),
      {
        done: false,
        text: 'Rotate CI keys monthly',
        owner: 'Ana',
        due: '2026-12-31',
        link: 'https://jira.example/SEC-12',
      },
    );
    assert.deepStrictEqual(parseActionItem('* [x] Done already'), { done: true, text: 'Done already' });
    assert.equal(parseActionItem('- not a task'), undefined);
  });

  // A marker typed on a line of its own is a marker (the person changed the structure), so those are left out here.
  const notMarkers = HOSTILE.filter(h => !h.split(/\r?\n|\r/).some(line => /^ {0,3}<!--\s*\/?irp:/.test(line)));
  notMarkers.forEach((h, i) => {
    it(`keeps hostile text #${i} ${JSON.stringify(h).slice(0, 30)} typed in the Summary through updates`, () => {
      const pb = playbook();
      const state = filledState();
      state.header.facts = { status: 'open' };
      const typed = `\n\nWe saw: ${h}\n${h}\n`;
      let text = renderReport(pb, state).replace('\n## Impact\n', `${typed}\n## Impact\n`);
      state.steps['review-sg'] = {
        ...state.steps['review-sg'],
        notes: h,
        runs: [...state.steps['review-sg'].runs, run({ runId: 'r2' })],
      };
      text = applyEdits(text, updateStep(text, pb, 'review-sg', state.steps['review-sg']));
      state.header.facts = { ...state.header.facts, status: 'contained', lead: h };
      text = applyEdits(text, updateHeader(text, state.header));
      assert.ok(text.includes(`${typed}\n## Impact\n`));
      assert.deepStrictEqual(parseReport(text).state, state);
    });
  });

  it('records each status change in the history, and the contained and resolved times once', () => {
    let facts = withIncidentStatus(
      { status: 'open', statusHistory: [{ status: 'open', at: 't0' }] },
      'contained',
      't1',
    );
    facts = withIncidentStatus(facts, 'closed', 't2');
    facts = withIncidentStatus(facts, 'contained', 't3');
    assert.deepStrictEqual(facts, {
      status: 'contained',
      statusHistory: [
        { status: 'open', at: 't0' },
        { status: 'contained', at: 't1' },
        { status: 'closed', at: 't2' },
        { status: 'contained', at: 't3' },
      ],
      containedAt: 't1',
      resolvedAt: 't2',
    });
  });
});

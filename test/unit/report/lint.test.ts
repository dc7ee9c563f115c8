// The report linter: what the document still lacks for the incident's status, with the line to look at.
import assert from 'node:assert/strict';
import { renderReport, type IncidentFacts, type ReportState } from '../../../src/core/report';
import { formatActionItem } from '../../../src/core/report/actionItems';
import { lintReport } from '../../../src/core/report/lint';
import { filledState, playbook } from './fixtures';

function report(facts: IncidentFacts, edit: (text: string) => string = t => t): string {
  const state: ReportState = filledState();
  state.header.facts = facts;
  return edit(renderReport(playbook(), state));
}

const codes = (text: string, opts = {}) => lintReport(text, opts).map(d => `${d.severity}:${d.code}`);
const withSummary = (t: string) => t.replace('\n## Impact\n', '\nKey leaked; no customer data left.\n\n## Impact\n');

describe('report lint', () => {
  it('asks nothing of an open incident', () => {
    assert.deepEqual(codes(report({ status: 'open' })), []);
  });

  it('wants a summary, a severity and a lead once the incident is contained or later', () => {
    for (const status of ['contained', 'eradicated', 'recovered'] as const) {
      assert.deepEqual(
        codes(report({ status })).sort(),
        ['error:no-lead', 'error:no-severity', 'error:no-summary'],
        status,
      );
    }
    assert.deepEqual(codes(report({ status: 'contained', severity: 'high', lead: 'Ana' }, withSummary)), []);
  });

  it('does not take the italic prompt for a summary, and points at the Summary heading', () => {
    const text = report({ status: 'contained', severity: 'low', lead: 'Ana' });
    const [d] = lintReport(text);
    assert.equal(d.code, 'no-summary');
    assert.equal(text.split('\n')[d.line - 1], '## Summary');
  });

  it('warns about an action item without an owner or with a malformed due date, on its line', () => {
    const items = [
      formatActionItem({ done: false, text: 'Rotate keys', owner: 'Ana', due: '2026-12-31' }),
      formatActionItem({ done: false, text: 'Nobody owns this' }),
      formatActionItem({ done: true, text: 'Late', owner: 'Bo', due: 'next week' }),
    ];
    const text = report({ status: 'open' }, t =>
      t.replace(/(\n## Action items\n\n_[^\n]*_\n)/, `$1\n${items.join('\n')}\n`),
    );
    const found = lintReport(text);
    assert.deepEqual(
      found.map(d => [d.code, text.split('\n')[d.line - 1]]),
      [
        ['action-without-owner', items[1]],
        ['bad-due-date', items[2]],
      ],
    );
    assert.ok(found.every(d => d.severity === 'warning'));
  });

  it('wants every question answered at close, including those of untouched steps when the playbook is given', () => {
    const closed = { status: 'closed' as const, severity: 'low' as const, lead: 'Ana' };
    const text = report(closed, withSummary);
    // filledState answers q-channel and q-who; q-when is empty; review-nacl and contain have unanswered questions.
    const fromReport = lintReport(text).filter(d => d.code === 'unanswered-at-close');
    const fromPlaybook = lintReport(text, { playbook: playbook() }).filter(d => d.code === 'unanswered-at-close');
    assert.deepEqual(
      fromReport.map(d => text.split('\n')[d.line - 1]),
      [
        '<!-- irp:answer id="q-when" -->',
        '<!-- irp:answer id="q-nacl" unset -->',
        '<!-- irp:answer id="q-iso" unset -->',
      ],
    );
    assert.equal(fromPlaybook.length, 3);
    assert.deepEqual(codes(report({ ...closed, status: 'recovered' }, withSummary)), []);
  });

  it('names evidence a run links that is missing', () => {
    const text = report({ status: 'open' });
    const missing = lintReport(text, { evidenceExists: p => !p.endsWith('.manifest.json') });
    assert.deepEqual(
      missing.map(d => [d.code, text.split('\n')[d.line - 1]]),
      [['missing-evidence', '<!-- irp:run id="run-1" -->']],
    );
    assert.match(missing[0].message, /manifest\.json", which is missing/);
  });
});

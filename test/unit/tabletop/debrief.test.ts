import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { emptyStepState, type ReportState, type RunRecord } from '../../../src/core/report/model';
import { parseReport } from '../../../src/core/report/parse';
import { renderReport } from '../../../src/core/report/render';
import { renderDebriefSection, scoreDebrief, withDebriefSection } from '../../../src/core/tabletop/index';
import { bundledScenario, REPO_ROOT } from './helpers';

function run(queryId: string, rowCount: number, error?: string): RunRecord {
  return {
    runId: `r-${queryId}`,
    queryId,
    engine: 'local',
    startedAt: '2026-11-20T18:10:00Z',
    rowCount,
    partial: false,
    ...(error ? { error: { message: error } } : {}),
    queryText: 'SELECT 1',
    parameters: {},
    context: {},
    evidence: [],
    summary: { columns: [], rows: [], truncated: false },
  };
}

function state(): ReportState {
  const steps: ReportState['steps'] = {};
  for (const id of [
    'review-cloudtrail',
    'query-flow-logs-athena',
    'identify-actor',
    'revert-network-changes',
    'lessons-learned',
  ])
    steps[id] = emptyStepState();
  return {
    header: {
      incidentId: 'abc123',
      title: 'Exercise',
      playbookId: 'unauthorized-network-changes',
      playbookVersion: '1.0.0',
      playbookPath: 'playbooks/unauthorized-network-changes.md',
      createdAt: '2026-11-20T18:00:00Z',
      mode: 'exercise',
      dataSources: ['data'],
      parameters: {},
    },
    steps,
  };
}

const byId = (results: ReturnType<typeof scoreDebrief>) => Object.fromEntries(results.map(r => [r.findingId, r]));

describe('tabletop debrief', () => {
  it('scores nothing on an empty report', () => {
    const results = scoreDebrief(bundledScenario(), state(), '# Incident\n');
    assert.equal(results.length, bundledScenario().findings.length);
    assert.ok(results.every(r => !r.found && r.evidence === undefined));
  });

  it('finds mentions, runs, answers and ticked items, with evidence', () => {
    const s = state();
    s.steps['review-cloudtrail'].runs.push(run('sg-rule-changes', 0), run('sg-opened-to-world', 2));
    s.steps['query-flow-logs-athena'].runs.push(run('external-inbound-accepted', 0, 'failed'));
    s.steps['identify-actor'].checklist['id-isolate'] = true;
    s.steps['lessons-learned'].answers['ll-timeline'] =
      'It started at 09:14 UTC with GetCallerIdentity from 203.0.113.77.';
    const text = [
      '# Incident',
      '',
      'Key AKIAWX3N7QGT5LKE2HVR belongs to ci\\-deploy.',
      'Opened group: sg-0c3f9a12e4b7d6850.',
      'Instances i-0e5a1f93c7d2b4086 and i-03c9d7e15b8a2f4e1.',
      'DeleteAccessKey happened at 2026-11-20T12:47:55Z.',
    ].join('\n');
    const r = byId(scoreDebrief(bundledScenario(), s, text));
    assert.equal(r['f-access-key'].found, true);
    assert.equal(r['f-access-key'].evidence, 'Key AKIAWX3N7QGT5LKE2HVR belongs to ci-deploy.');
    assert.equal(r['f-attacker-ip'].found, false, 'mentions read the report text, where this answer was never written');
    assert.equal(r['f-security-group'].found, true);
    assert.match(
      r['f-security-group'].evidence ?? '',
      /sg-0c3f9a12e4b7d6850.*review-cloudtrail: sg-opened-to-world returned 2 rows/,
    );
    assert.equal(r['f-instances'].found, false, 'one of three instances is missing');
    assert.equal(r['f-ssh-access'].found, false, 'a failed run does not count');
    assert.equal(r['f-key-deleted'].found, true);
    assert.equal(r['f-still-in'].found, true);
    assert.equal(r['f-still-in'].evidence, 'identify-actor: id-isolate ticked');
    assert.equal(r['f-timeline'].found, true);
    assert.match(r['f-timeline'].evidence ?? '', /^lessons-learned\/ll-timeline: It started at 09:14/);
    assert.equal(r['f-exfil'].found, false);
  });

  it('ignores its own earlier debrief section when scoring again', () => {
    const scenario = bundledScenario();
    const s = state();
    const text = '# Incident\n\nExfil to 203.0.113.190 seen.\n';
    const first = scoreDebrief(scenario, s, text);
    const withSection = withDebriefSection(text, renderDebriefSection(scenario, first));
    assert.match(withSection, /203\.0\.113\.190/);
    const again = scoreDebrief(scenario, s, withSection.replace('Exfil to 203.0.113.190 seen.', 'Nothing.'));
    assert.equal(byId(again)['f-exfil'].found, false);
    // Replacing the section keeps one copy.
    const twice = withDebriefSection(withSection, renderDebriefSection(scenario, again));
    assert.equal(twice.match(/<!-- tabletop:debrief /g)?.length, 1);
    assert.ok(twice.startsWith('# Incident\n\nExfil to 203.0.113.190 seen.\n\n'));
    // A report with Windows line endings keeps them.
    const crlf = withDebriefSection(
      withDebriefSection(text.replace(/\n/g, '\r\n'), renderDebriefSection(scenario, first)),
      renderDebriefSection(scenario, again),
    );
    assert.equal(crlf.replace(/\r\n/g, '').includes('\n'), false);
    assert.equal(crlf.match(/<!-- tabletop:debrief /g)?.length, 1);
  });

  it('renders a table that escapes hostile evidence and explains the misses', () => {
    const scenario = bundledScenario();
    const results = scenario.findings.map((f, i) => ({
      findingId: f.id,
      title: f.title,
      found: i === 0,
      ...(i === 0 ? { evidence: '| </td><script>alert(1)</script> `x` [l](javascript:1)' } : {}),
    }));
    const md = renderDebriefSection(scenario, results);
    assert.match(md, /^<!-- tabletop:debrief scenario="leaked-key-open-ssh" -->\n## Tabletop debrief: /);
    assert.match(md, new RegExp(`shows 1 of the ${results.length} findings`));
    const row = md.split('\n').find(l => l.startsWith('| The leaked access key'));
    assert.ok(row);
    assert.ok(!row.includes('<script>') && !/(?<!\\)\]\(/.test(row) && row.includes('\\|'), row);
    assert.equal(row.split(/(?<!\\)\|/).length, 5, 'three cells');
    assert.match(md, /### What the missed findings were/);
    assert.match(md, /\*\*The attacker's address\.\*\* The API calls/);
    assert.ok(md.trimEnd().endsWith('<!-- /tabletop:debrief -->'));
  });

  it('scores a real rendered report, and its parser ignores the debrief section', () => {
    const playbookText = fs.readFileSync(path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'), 'utf8');
    const { playbook } = parsePlaybook(playbookText);
    assert.ok(playbook);
    const s = state();
    for (const step of playbook.phases.flatMap(p => p.steps)) s.steps[step.id] ??= emptyStepState();
    s.steps['identify-actor'].notes =
      'The key | AKIAWX3N7QGT5LKE2HVR | was used from 203.0.113.77 * and ops-recovery was imported.';
    s.steps['query-flow-logs-athena'].runs.push(run('external-inbound-accepted', 14));
    s.steps['query-flow-logs-athena'].answers = {};
    s.steps['identify-actor'].answers = {};
    const text = renderReport(playbook, s);
    const parsed = parseReport(text);
    const r = byId(scoreDebrief(bundledScenario(), parsed.state, text));
    assert.equal(r['f-access-key'].found, true);
    assert.equal(r['f-attacker-ip'].found, true);
    assert.equal(r['f-key-pair'].found, true);
    assert.equal(r['f-ssh-access'].found, false, 'the run alone is not enough: no other SSH source named');
    const appended = withDebriefSection(text, renderDebriefSection(bundledScenario(), Object.values(r)));
    const reparsed = parseReport(appended);
    assert.deepEqual(
      reparsed.diagnostics.filter(d => d.severity !== 'info'),
      parsed.diagnostics.filter(d => d.severity !== 'info'),
    );
    assert.deepEqual(reparsed.state, parsed.state);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { emptyStepState, type ReportState, type RunRecord } from '../../../src/core/report/model';
import { parseReport } from '../../../src/core/report/parse';
import { renderReport } from '../../../src/core/report/render';
import type { Finding } from '../../../src/core/findings/model';
import { readExercise, renderDebrief, scoreDebrief, withExercise } from '../../../src/core/tabletop/index';
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

function finding(id: string, summary: string, indicators: Finding['indicators'] = []): Finding {
  return { id, recordedAt: '2026-11-20T18:20:00Z', kind: 'attacker-action', summary, indicators };
}

describe('tabletop debrief', () => {
  it('scores nothing on an empty report', () => {
    const results = scoreDebrief(bundledScenario(), state());
    assert.equal(results.length, bundledScenario().findings.length);
    assert.ok(results.every(r => !r.found && r.evidence === undefined));
  });

  it('credits nothing for running the queries, however much their results show', () => {
    const s = state();
    const everything = bundledScenario()
      .findings.flatMap(f => JSON.stringify(f.matcher).match(/[\w.:-]{6,}/g) ?? [])
      .concat(['DeleteAccessKey', '2026-11-20T12:47:55Z', 'deleted the key at 12:47']);
    const withRows = run('external-inbound-accepted', 3);
    withRows.summary = { columns: ['value'], rows: everything.map(v => [v]), truncated: false };
    s.steps['query-flow-logs-athena'].runs.push(withRows);
    s.steps['review-cloudtrail'].runs.push({ ...withRows, queryId: 'sg-opened-to-world' });
    const r = byId(scoreDebrief(bundledScenario(), s));
    for (const id of ['f-access-key', 'f-attacker-ip', 'f-security-group', 'f-instances', 'f-exfil', 'f-key-deleted'])
      assert.equal(r[id].found, false, `${id} was credited for a query result`);
  });

  it('counts a note "deleted the key at 12:47" for the key deletion, in one note, in any wording', () => {
    const deleted = (notes: string) => {
      const s = state();
      s.steps['identify-actor'].notes = notes;
      return byId(scoreDebrief(bundledScenario(), s))['f-key-deleted'];
    };
    const found = deleted('Maria says she deleted the key at 12:47.');
    assert.equal(found.found, true);
    assert.equal(found.evidence, 'notes of identify-actor: Maria says she deleted the key at 12:47.');
    assert.equal(deleted('The key was deleted 12:47:55 UTC').found, true);
    assert.equal(deleted('DeleteAccessKey by maria.lopez, 2026-11-20T12:47:55Z').found, true);
    assert.equal(deleted('Key deleted, time unknown').found, false, 'no time');
    assert.equal(deleted('Meeting at 12:47 about the key').found, false, 'no deletion');
    assert.equal(deleted('deleted the key at 112:470').found, false, 'not the time as a word');
  });

  it('reads findings, answers, notes and parameters, and says where each finding was recorded', () => {
    const s = state();
    s.findings = [
      finding('f1', 'Leaked key used from the attacker address', [{ type: 'ip', value: '203.0.113.77' }]),
      finding('f2', 'Data sent out', [{ type: 'ip', value: '203.0.113.190' }]),
    ];
    s.header.parameters.accessKeyId = 'AKIAWX3N7QGT5LKE2HVR';
    s.steps['review-cloudtrail'].runs.push(run('sg-rule-changes', 0), run('sg-opened-to-world', 2));
    s.steps['review-cloudtrail'].answers['q-group'] = 'Opened group: sg-0c3f9a12e4b7d6850.';
    s.steps['identify-actor'].checklist['id-isolate'] = true;
    s.steps['identify-actor'].notes = 'Instances i-0e5a1f93c7d2b4086 and i-03c9d7e15b8a2f4e1.';
    s.steps['lessons-learned'].answers['ll-timeline'] =
      'It started at 09:14 UTC with GetCallerIdentity from 203.0.113.77.';
    const r = byId(scoreDebrief(bundledScenario(), s));
    assert.equal(r['f-access-key'].evidence, 'parameter accessKeyId: AKIAWX3N7QGT5LKE2HVR');
    assert.equal(r['f-attacker-ip'].evidence, 'finding f1: Leaked key used from the attacker address 203.0.113.77');
    assert.equal(r['f-exfil'].found, true);
    assert.equal(
      r['f-security-group'].evidence,
      'review-cloudtrail/q-group: Opened group: sg-0c3f9a12e4b7d6850.; ' +
        'review-cloudtrail: sg-opened-to-world returned 2 rows',
    );
    assert.equal(r['f-instances'].found, false, 'one of three instances is missing');
    assert.equal(r['f-ssh-access'].found, false, 'no flow-log run');
    assert.equal(r['f-still-in'].evidence, 'identify-actor: id-isolate ticked');
    assert.match(r['f-timeline'].evidence ?? '', /^lessons-learned\/ll-timeline: It started at 09:14/);
  });

  it('writes the debrief into the exercise section, once, keeping released injects and line endings', () => {
    const scenario = bundledScenario();
    const text = '# Incident\n\nSome text.\n';
    const released = [{ id: 'page', at: '2026-12-07T06:00:00Z' }];
    const first = withExercise(text, scenario, { released });
    assert.deepEqual(readExercise(first), { released });
    const debrief = renderDebrief(scenario, scoreDebrief(scenario, state()), '2026-12-07T07:00:00Z');
    const second = withExercise(first, scenario, { ...readExercise(first), debrief });
    const third = withExercise(second, scenario, { ...readExercise(second), debrief });
    assert.equal(third, second);
    assert.equal(second.match(/<!-- tabletop:exercise /g)?.length, 1);
    assert.ok(
      second.startsWith('# Incident\n\nSome text.\n\n<!-- tabletop:exercise scenario="leaked-key-open-ssh" -->'),
    );
    assert.match(second, /- 2026-12-07T06:00:00Z: T\+00:00 · The page \(`page`\)/);
    assert.deepEqual(readExercise(second), { released, debrief });
    // The debrief section earlier versions appended is replaced, not kept beside.
    const legacySection =
      '<!-- tabletop:debrief scenario="x" -->\n## Tabletop debrief: X\n<!-- /tabletop:debrief -->\n';
    const legacy = `${text}\n${legacySection}`;
    const migrated = withExercise(legacy, scenario, { released });
    assert.ok(!migrated.includes('tabletop:debrief'));
    const crlf = withExercise(withExercise(text.replace(/\n/g, '\r\n'), scenario, { released }), scenario, {
      released,
      debrief,
    });
    assert.equal(crlf.replace(/\r\n/g, '').includes('\n'), false);
  });

  it('renders a table that escapes hostile evidence and explains the misses', () => {
    const scenario = bundledScenario();
    const results = scenario.findings.map((f, i) => ({
      findingId: f.id,
      title: f.title,
      found: i === 0,
      ...(i === 0 ? { evidence: '| </td><script>alert(1)</script> `x` [l](javascript:1)' } : {}),
    }));
    const md = renderDebrief(scenario, results, '2026-12-07T07:00:00Z');
    assert.match(md, /^### Debrief\n/);
    assert.match(md, new RegExp(`recorded 1 of the ${results.length} findings`));
    const row = md.split('\n').find(l => l.startsWith('| The leaked access key'));
    assert.ok(row);
    assert.ok(!row.includes('<script>') && !/(?<!\\)\]\(/.test(row) && row.includes('\\|'), row);
    assert.equal(row.split(/(?<!\\)\|/).length, 5, 'three cells');
    assert.match(md, /#### What the missed findings were/);
    assert.match(md, /\*\*The attacker's address\.\*\* The API calls/);
  });

  it('scores a real rendered report, and its parser ignores the exercise section', () => {
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
    const results = scoreDebrief(bundledScenario(), parsed.state);
    const r = byId(results);
    assert.equal(r['f-access-key'].found, true);
    assert.equal(r['f-attacker-ip'].found, true);
    assert.equal(r['f-key-pair'].found, true);
    assert.equal(r['f-ssh-access'].found, false, 'the run alone is not enough: no other SSH source named');
    const debrief = renderDebrief(bundledScenario(), results, '2026-12-07T07:00:00Z');
    const appended = withExercise(text, bundledScenario(), { released: [], debrief });
    const reparsed = parseReport(appended);
    assert.deepEqual(
      reparsed.diagnostics.filter(d => d.severity !== 'info'),
      parsed.diagnostics.filter(d => d.severity !== 'info'),
    );
    assert.deepEqual(reparsed.state, parsed.state);
  });
});

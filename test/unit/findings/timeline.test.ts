// The timeline built from a report's state: sorted by time, what happened told apart from what the responders did,
// actions named with their call and outcome, and the indicators table.
import assert from 'node:assert/strict';
import { buildTimeline } from '../../../src/core/findings/timeline';
import type { Finding, Indicator } from '../../../src/core/findings/model';
import { parametersForIndicator } from '../../../src/core/findings/indicatorParameters';
import type { ParameterDefinition } from '../../../src/core/playbook/model';
import { emptyStepState, type ReportState } from '../../../src/core/report/model';
import { filledState, run } from '../report/fixtures';

const f = (id: string, eventTime: string | undefined, kind: Finding['kind'], values: string[]): Finding => ({
  id,
  eventTime,
  recordedAt: '2026-11-29T16:00:00.000Z',
  kind,
  summary: `summary ${id}`,
  indicators: values.map(v => ({ type: v.startsWith('AKIA') ? 'access-key' : 'ip', value: v })),
});

function state(): ReportState {
  const base = filledState();
  return {
    header: {
      ...base.header,
      facts: { status: 'contained', statusHistory: [{ status: 'contained', at: '2026-11-29T14:45:00Z' }] },
    },
    steps: {
      'review-sg': {
        ...emptyStepState(),
        status: 'done',
        startedAt: '2026-11-29T12:10:00Z',
        completedAt: '2026-11-29T14:00:00Z',
        runs: [run({ runId: 'r1', startedAt: '2026-11-29T13:00:00.000Z' })],
      },
      contain: {
        ...emptyStepState(),
        status: 'in-progress',
        startedAt: '2026-11-29T14:10:00Z',
        runs: [
          run({
            runId: 'a1',
            engine: 'action',
            queryId: 'revoke-ssh',
            startedAt: '2026-11-29T14:20:00.000Z',
            endedAt: '2026-11-29T14:20:03.000Z',
            context: {
              call: 'ec2:RevokeSecurityGroupIngress',
              resource: 'GroupId=sg-0c3f9a12e4b7d6850',
              account: '111122223333',
              region: 'eu-west-1',
              confirmed: 'yes',
            },
          }),
          run({
            runId: 'a2',
            engine: 'action',
            queryId: 'deactivate-key',
            startedAt: '2026-11-29T14:25:00.000Z',
            endedAt: '2026-11-29T14:25:09.000Z',
            error: { code: 'ActionNotConfirmed', message: 'Not sent' },
            context: { call: 'iam:UpdateAccessKey', confirmed: 'no' },
          }),
        ],
      },
    },
    findings: [
      f('f1', '2026-11-29T10:02:11Z', 'attacker-action', ['203.0.113.77', 'AKIAWX3N7QGT5LKE2HVR']),
      f('f2', '2026-11-29T09:59:01Z', 'indicator', ['203.0.113.77']),
      f('f3', undefined, 'observation', ['198.51.100.9']),
      f('f4', '2026-11-29T14:20:03.000Z', 'response-action', []),
    ],
  };
}

describe('findings: timeline', () => {
  it('sorts every source by time and tells what happened from what was done', () => {
    const { entries } = buildTimeline(state());
    assert.deepEqual(
      entries.map(e => [e.time, e.side, e.source.type]),
      [
        ['2026-11-29T09:59:01Z', 'incident', 'finding'],
        ['2026-11-29T10:02:11Z', 'incident', 'finding'],
        ['2026-11-29T12:10:00Z', 'response', 'step'],
        ['2026-11-29T13:00:00.000Z', 'response', 'run'],
        ['2026-11-29T14:00:00Z', 'response', 'step'],
        ['2026-11-29T14:10:00Z', 'response', 'step'],
        ['2026-11-29T14:20:03.000Z', 'response', 'finding'],
        ['2026-11-29T14:20:03.000Z', 'response', 'action'],
        ['2026-11-29T14:25:09.000Z', 'response', 'action'],
        ['2026-11-29T14:45:00Z', 'response', 'status'],
        ['2026-11-29T16:00:00.000Z', 'response', 'finding'],
      ],
    );
    const what = entries.map(e => e.what);
    assert.ok(
      what.includes(
        'Action ec2:RevokeSecurityGroupIngress on GroupId=sg-0c3f9a12e4b7d6850, 111122223333, eu-west-1: done',
      ),
    );
    assert.ok(what.includes('Action iam:UpdateAccessKey: not confirmed, nothing sent'));
    assert.ok(what.includes('Incident status: contained'));
    assert.ok(what.includes('Query sg-changes on athena in step review-sg: 2 row(s)'));
    assert.ok(what.includes('Observation (f3): summary f3 (recorded; time it happened unknown)'));
  });

  it('puts what happened before what was done at the same instant, and unreadable times last', () => {
    const s: ReportState = {
      ...state(),
      steps: {
        x: { ...emptyStepState(), startedAt: '2026-11-29T10:00:00Z' },
        y: { ...emptyStepState(), startedAt: 'soon' },
      },
      findings: [f('f1', '2026-11-29T10:00:00Z', 'attacker-action', [])],
    };
    s.header.facts = undefined;
    assert.deepEqual(
      buildTimeline(s).entries.map(e => e.source),
      [
        { type: 'finding', id: 'f1' },
        { type: 'step', id: 'x' },
        { type: 'step', id: 'y' },
      ],
    );
  });

  it('lists each indicator once with first and last seen and the findings naming it', () => {
    const { indicators } = buildTimeline(state());
    assert.deepEqual(indicators, [
      {
        type: 'ip',
        value: '203.0.113.77',
        firstSeen: '2026-11-29T09:59:01Z',
        lastSeen: '2026-11-29T10:02:11Z',
        findings: ['f1', 'f2'],
      },
      {
        type: 'ip',
        value: '198.51.100.9',
        firstSeen: '2026-11-29T16:00:00.000Z',
        lastSeen: '2026-11-29T16:00:00.000Z',
        findings: ['f3'],
      },
      {
        type: 'access-key',
        value: 'AKIAWX3N7QGT5LKE2HVR',
        firstSeen: '2026-11-29T10:02:11Z',
        lastSeen: '2026-11-29T10:02:11Z',
        findings: ['f1'],
      },
    ]);
  });
});

describe('findings: indicator as a parameter value', () => {
  const at = { line: 1, column: 1 };
  const defs: ParameterDefinition[] = [
    { name: 'suspect_ip', type: 'ip', label: 'IP', required: false, position: at },
    {
      name: 'user_name',
      type: 'string',
      label: 'User',
      pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$',
      required: false,
      position: at,
    },
    {
      name: 'account_id',
      type: 'string',
      label: 'Account',
      pattern: '^(?:[0-9]{12}|all)$',
      required: false,
      position: at,
    },
    { name: 'rule', type: 'string', label: 'Rule', pattern: '^sgr-[0-9a-f]{17}$', required: false, position: at },
    { name: 'free', type: 'string', label: 'Anything', required: false, position: at },
  ];
  const names = (type: Indicator['type'], value: string) =>
    parametersForIndicator({ type, value }, defs).map(d => d.name);

  it('offers the parameter of the matching type, else string parameters whose pattern accepts the value', () => {
    assert.deepEqual(names('ip', '203.0.113.77'), ['suspect_ip']);
    assert.deepEqual(names('account', '111122223333'), ['user_name', 'account_id']);
    assert.deepEqual(names('resource', 'sgr-0a1b2c3d4e5f60718'), ['user_name', 'rule']);
    assert.deepEqual(names('principal', 'arn:aws:iam::111122223333:user/x'), []);
  });
});

// Playbooks and states for the report tests, built in code so each test can shape them.
import type { Playbook, Step } from '../../../src/core/playbook/model';
import { emptyStepState, type ReportState, type RunRecord, type StepState } from '../../../src/core/report/model';

const at = { line: 1, column: 1 };

export function step(id: string, items: string[] = [], questions: string[] = []): Step {
  return {
    id,
    title: `Title of ${id}`,
    phaseId: 'detection-analysis',
    guidance: '',
    checklist: items.map(i => ({ id: i, text: `Do ${i}`, position: at })),
    questions: questions.map(q => ({ id: q, text: `What about ${q}?`, suggestions: [], position: at })),
    queries: [],
    position: at,
  };
}

export function playbook(): Playbook {
  return {
    id: 'unauthorized-network-changes',
    title: 'Unauthorized network changes',
    version: '1.0.0',
    parameters: [],
    phases: [
      {
        id: 'preparation',
        title: 'Preparation',
        position: at,
        steps: [step('prep-contacts', ['c1', 'c2'], ['q-channel'])],
      },
      {
        id: 'detection-analysis',
        title: 'Detection and Analysis',
        position: at,
        steps: [
          step('review-sg', ['snap'], ['q-who', 'q-when']),
          step('review-nacl', [], ['q-nacl']),
          step('review-routes', ['r1'], []),
        ],
      },
      {
        id: 'containment-eradication',
        title: 'Containment and Eradication',
        position: at,
        steps: [step('contain', ['iso'], ['q-iso'])],
      },
      { id: 'recovery', title: 'Recovery', position: at, steps: [step('restore', [], [])] },
    ],
  };
}

export function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: 'run-1',
    queryId: 'sg-changes',
    engine: 'athena',
    startedAt: '2026-11-29T13:00:00.000Z',
    endedAt: '2026-11-29T13:00:05.000Z',
    rowCount: 2,
    partial: false,
    queryText: 'SELECT eventname, count(*) FROM cloudtrail_logs WHERE eventtime > ? GROUP BY 1',
    parameters: { window: 'P7D' },
    context: { profile: 'default', region: 'eu-west-1' },
    evidence: [
      {
        path: 'r.evidence/review-sg-sg-changes-20261129T130000000Z.csv',
        sha256: 'ab'.repeat(32),
        format: 'csv',
        bytes: 120,
      },
    ],
    manifest: { path: 'r.evidence/review-sg-sg-changes-20261129T130000000Z.manifest.json', sha256: 'cd'.repeat(32) },
    summary: {
      columns: ['eventname', 'count'],
      rows: [
        ['AuthorizeSecurityGroupIngress', '3'],
        ['RevokeSecurityGroupEgress', '1'],
      ],
      truncated: false,
    },
    ...overrides,
  };
}

export function filledState(): ReportState {
  const s = (patch: Partial<StepState>): StepState => ({ ...emptyStepState(), ...patch });
  return {
    header: {
      incidentId: 'a1b2c3',
      title: 'Unauthorized network changes',
      playbookId: 'unauthorized-network-changes',
      playbookVersion: '1.0.0',
      playbookPath: 'playbooks/unauthorized-network-changes.md',
      createdAt: '2026-11-29T12:00:00.000Z',
      mode: 'exercise',
      defaultEngine: 'local',
      dataSources: ['sample/cloudtrail', 'sample/flow-logs'],
      parameters: { window: 'P7D', access_key_id: 'AKIAIOSFODNN7EXAMPLE' },
    },
    steps: {
      'prep-contacts': s({
        status: 'done',
        startedAt: '2026-11-29T12:01:00Z',
        completedAt: '2026-11-29T12:05:00Z',
        checklist: { c1: true, c2: false },
        answers: { 'q-channel': 'Chat channel #ir' },
      }),
      'review-sg': s({
        status: 'in-progress',
        startedAt: '2026-11-29T12:10:00Z',
        checklist: { snap: true },
        answers: { 'q-who': 'arn:aws:iam::123456789012:user/mallory', 'q-when': '' },
        notes: 'Two ingress rules\nopened to 0.0.0.0/0',
        runs: [run()],
      }),
      'review-nacl': s({}),
      'review-routes': s({ status: 'skipped' }),
      contain: s({}),
      restore: s({}),
    },
  };
}

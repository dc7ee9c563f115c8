// What the host sends for a step (typed by StepView in src/shared/messages.ts), hostile log rows, and a deterministic
// generator of large CloudTrail-shaped results.
import { hostPageModule } from './hostPage.mjs';

export const QUERY_ID = 'q-network-changes';
export const SECOND_QUERY_ID = 'q-sg-ingress';

const GUIDANCE = `Review **every** network change made during the incident window.

1. Compare the changes with the approved change tickets.
2. Note who made each change, from where.

See the [CloudTrail user guide](https://docs.aws.amazon.com/awscloudtrail/latest/userguide/) and \`AuthorizeSecurityGroupIngress\`.

<img src=x onerror=alert(1)> and [a script link](javascript:alert(1)) stay text.`;

/** A StepView as buildStepView produces it, with guidance rendered by the host's own renderer. */
export async function stepView(overrides = {}) {
  const { renderGuidance } = await hostPageModule();
  const position = { line: 1, column: 1 };
  return {
    reportUri: 'file:///workspace/incidents/2026-11-29-network-abc123.md',
    reportName: '2026-11-29-network-abc123.md',
    mode: 'live',
    dataMode: 'aws',
    phaseTitle: 'Detection and Analysis',
    stepId: 'identify-network-changes',
    title: 'Identify unauthorized network changes',
    guidanceHtml: renderGuidance(GUIDANCE),
    checklist: [
      { id: 'check-tickets', text: 'Compared every change with its change ticket' },
      { id: 'check-principals', text: 'Listed the principals that made changes' },
    ],
    questions: [
      {
        id: 'q-what-changed',
        text: 'Which network resources changed?',
        suggestions: ['Security groups', 'Route tables', 'NACLs'],
      },
      { id: 'q-who', text: 'Who made the changes, and were they authorised?', suggestions: [] },
    ],
    queries: [
      {
        id: QUERY_ID,
        title: 'Network changes in the incident window',
        engine: 'athena',
        text: 'SELECT eventtime, eventname FROM cloudtrail_logs WHERE eventtime BETWEEN {{start}} AND {{end}}',
        parameters: ['start', 'end'],
      },
      {
        id: SECOND_QUERY_ID,
        title: 'Security group ingress rules added',
        engine: 'cloudtrail',
        text: 'EventName=AuthorizeSecurityGroupIngress',
        parameters: ['region'],
      },
    ],
    parameterDefinitions: [
      {
        name: 'start',
        type: 'isoTime',
        label: 'Window start',
        description: 'When the incident window opens (UTC).',
        required: true,
        position,
      },
      { name: 'end', type: 'isoTime', label: 'Window end', required: true, position },
      { name: 'region', type: 'region', label: 'Region', default: 'us-east-1', required: false, position },
    ],
    parameters: { start: '2026-11-28T00:00:00Z', end: '2026-11-29T00:00:00Z', region: 'us-east-1' },
    state: {
      status: 'in-progress',
      startedAt: '2026-11-29T09:00:00Z',
      checklist: { 'check-tickets': true },
      answers: { 'q-what-changed': 'Security groups' },
      notes: 'Paged the network team at 09:05.',
    },
    runs: [
      {
        runId: 'run-1',
        queryId: QUERY_ID,
        startedAt: '2026-11-29T09:10:00Z',
        rowCount: 3,
        partial: false,
        evidence: [{ path: 'incidents/evidence/run-1.jsonl', sha256: 'a'.repeat(64), bytes: 2048 }],
      },
    ],
    previousStep: { id: 'prepare-logging', title: 'Confirm CloudTrail logging' },
    nextStep: { id: 'contain-network', title: 'Contain the network changes' },
    ...overrides,
  };
}

export const RESULT_COLUMNS = [
  { name: 'eventtime', type: 'timestamp' },
  { name: 'eventname', type: 'varchar' },
  { name: 'useridentity', type: 'varchar' },
  { name: 'sourceipaddress', type: 'varchar' },
  { name: 'bytes', type: 'bigint' },
  { name: 'groupid', type: 'varchar' },
];

/**
 * Rows `start` .. `start + count - 1` of a large result, the same on every call. Self-contained so it can also run
 * inside the page (its source is sent with page.evaluate).
 */
export function makeRows(start, count) {
  const names = [
    'AuthorizeSecurityGroupIngress',
    'CreateRoute',
    'DeleteNetworkAcl',
    'ModifyVpcAttribute',
    'AttachInternetGateway',
    'CreateVpcPeeringConnection',
    'RevokeSecurityGroupEgress',
  ];
  const rows = [];
  for (let i = start; i < start + count; i++) {
    const hash = Math.imul(i ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
    rows.push([
      new Date(Date.UTC(2026, 10, 28) + i * 1000).toISOString(),
      names[hash % names.length],
      `arn:aws:iam::123456789012:user/User-${hash % 997}`,
      `10.${(hash >>> 8) & 255}.${(hash >>> 16) & 255}.${hash & 255}`,
      hash % 5000,
      i % 7 === 3 ? null : `sg-${(hash >>> 3).toString(16).padStart(8, '0')}`,
    ]);
  }
  return rows;
}

/** Log values an attacker controls, each to be shown as text. */
export const HOSTILE_VALUES = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  'javascript:alert(3)',
  '</td></tr></tbody></table><b id="escaped">bold</b>',
  '"><svg onload=alert(4)>',
  "{{constructor.constructor('alert(5)')()}}",
  'line one\nline two\r\nline three',
  'مرحبا بالعالم \u202Egnp.exe',
  '安全组已被修改 セキュリティグループ 보안 그룹',
  '=HYPERLINK("http://evil.example","x")',
  'x'.repeat(20_000),
];

/** Hostile rows, and columns whose names are hostile too. */
export function hostileResult() {
  const columns = [
    { name: '<img src=x onerror=alert(6)>', type: 'varchar' },
    { name: 'eventname', type: '<script>alert(7)</script>' },
    { name: 'n', type: 'bigint' },
  ];
  const rows = HOSTILE_VALUES.map((v, i) => [v, HOSTILE_VALUES[(i + 1) % HOSTILE_VALUES.length], i]);
  return { columns, rows };
}

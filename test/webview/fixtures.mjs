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

/** A CloudTrail event as a trail logs it: a security group opened to the world on SSH with a leaked key. */
export function sshIngressEvent(i = 0) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEPRINCIPAL1',
      arn: 'arn:aws:iam::123456789012:user/ci-deploy',
      accountId: '123456789012',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'ci-deploy',
    },
    eventTime: new Date(Date.UTC(2026, 10, 28, 14, 3, 7) + i * 60_000).toISOString().replace('.000', ''),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.77',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22',
    requestParameters: {
      groupId: 'sg-0abc1234def567890',
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            groups: {},
            ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    responseElements: {
      requestId: `5b7f8c1e-0c5b-4c8e-9f57-${String(i).padStart(12, '0')}`,
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupOwnerId: '123456789012',
            groupId: 'sg-0abc1234def567890',
            securityGroupRuleId: 'sgr-0123456789abcdef0',
            isEgress: false,
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            cidrIpv4: '0.0.0.0/0',
          },
        ],
      },
    },
    requestID: `5b7f8c1e-0c5b-4c8e-9f57-${String(i).padStart(12, '0')}`,
    eventID: `e1f2a3b4-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', clientProvidedHostHeader: 'ec2.us-east-1.amazonaws.com' },
  };
}

/** A LookupEvents result (the CloudTrail engine's columns) of `count` such events. */
export async function cloudTrailResult(count) {
  const { CLOUDTRAIL_COLUMNS } = await hostPageModule();
  const rows = [];
  for (let i = 0; i < count; i++) {
    const e = sshIngressEvent(i);
    rows.push([
      e.eventID,
      e.eventName,
      e.eventTime,
      e.userIdentity.userName,
      e.userIdentity.accessKeyId,
      e.eventSource,
      'AWS::EC2::SecurityGroup sg-0abc1234def567890',
      e.userIdentity.arn,
      e.sourceIPAddress,
      e.userAgent,
      e.awsRegion,
      null,
      JSON.stringify(e.requestParameters),
      JSON.stringify(e),
    ]);
  }
  return { columns: CLOUDTRAIL_COLUMNS, rows };
}

export const FLOW_COLUMNS = [
  { name: 'srcaddr', type: 'varchar' },
  { name: 'dstaddr', type: 'varchar' },
  { name: 'dstport', type: 'integer' },
  { name: 'packets', type: 'bigint' },
  { name: 'bytes', type: 'bigint' },
  { name: 'start', type: 'bigint' },
  { name: 'action', type: 'varchar' },
];

/** VPC flow-log rows: the attacker's address moving a lot of data out, and some ordinary traffic. */
export function flowLogRows(count) {
  const rows = [];
  const t0 = Date.UTC(2026, 10, 28, 14) / 1000;
  for (let i = 0; i < count; i++) {
    const attacker = i % 3 === 0;
    rows.push([
      attacker ? '203.0.113.77' : `10.0.1.${i % 20}`,
      '10.0.1.5',
      attacker ? 22 : 443,
      1000 + i,
      attacker ? 11_888_395_916 : 52_000 + i,
      t0 + i * 60,
      'ACCEPT',
    ]);
  }
  return rows;
}

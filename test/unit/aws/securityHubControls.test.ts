// Security Hub control status, through the real @aws-sdk/client-securityhub against the emulator: the standards on
// offer and enabled, the controls of an enabled standard page by page, the security controls and their definitions,
// and the AWS API engine's rows for each (docs/AWS-API.md).
import * as assert from 'node:assert/strict';
import {
  BatchGetSecurityControlsCommand,
  paginateDescribeStandardsControls,
  paginateListSecurityControlDefinitions,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import { DEFAULT_CREDENTIALS, type Emulator, type WireItem } from '../../emulator';
import { collect, startEmulatorSession } from './helpers';

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'cis-aws-foundations-benchmark/v/1.4.0';
const FSBP_SUBSCRIPTION = `arn:aws:securityhub:${REGION}:${ACCOUNT}:subscription/${FSBP}`;
/** An account's standard holds hundreds of controls: enough for several pages of 100. */
const FSBP_CONTROLS = 230;

function control(standard: string, i: number): WireItem {
  const id = i === 0 ? 'EC2.19' : `EC2.${100 + i}`;
  return {
    StandardsControlArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:control/${standard}/${id}`,
    ControlId: id,
    ControlStatus: i % 10 === 3 ? 'DISABLED' : 'ENABLED',
    DisabledReason: i % 10 === 3 ? 'Covered by a Config rule of the landing zone' : undefined,
    ControlStatusUpdatedAt: '2026-11-27T10:00:00Z',
    Title: i === 0 ? 'Security groups should not allow unrestricted access to ports with high risk' : `Control ${i}`,
    SeverityRating: i === 0 ? 'CRITICAL' : 'MEDIUM',
  };
}

function seed(emulator: Emulator): void {
  emulator.seedInventory({
    region: REGION,
    lists: {
      'securityhub:Standards': [FSBP, CIS].map(s => ({
        StandardsArn: `arn:aws:securityhub:${REGION}::standards/${s}`,
        Name: s.startsWith('aws') ? 'AWS Foundational Security Best Practices v1.0.0' : 'CIS AWS Foundations 1.4.0',
        EnabledByDefault: s.startsWith('aws'),
        StandardsManagedBy: { Company: 'AWS', Product: 'Security Hub' },
        Description: 'A standard.',
      })),
      'securityhub:StandardsSubscriptions': [
        {
          StandardsSubscriptionArn: FSBP_SUBSCRIPTION,
          StandardsArn: `arn:aws:securityhub:${REGION}::standards/${FSBP}`,
          StandardsInput: {},
          StandardsStatus: 'READY',
        },
      ],
      'securityhub:Controls': [
        ...Array.from({ length: FSBP_CONTROLS }, (_, i) => control(FSBP, i)),
        ...Array.from({ length: 40 }, (_, i) => control(CIS, i)),
      ],
      'securityhub:SecurityControlDefinitions': Array.from({ length: 150 }, (_, i) => ({
        SecurityControlId: `EC2.${i + 1}`,
        Title: `Definition ${i + 1}`,
        Description: 'What the control checks.',
        RemediationUrl: `https://docs.aws.amazon.com/console/securityhub/EC2.${i + 1}/remediation`,
        SeverityRating: 'HIGH',
        CurrentRegionAvailability: 'AVAILABLE',
      })),
      'securityhub:SecurityControls': [
        {
          SecurityControlId: 'EC2.19',
          SecurityControlArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:security-control/EC2.19`,
          Title: 'Security groups should not allow unrestricted access to ports with high risk',
          Description: 'Checks inbound rules.',
          RemediationUrl: 'https://docs.aws.amazon.com/console/securityhub/EC2.19/remediation',
          SeverityRating: 'CRITICAL',
          SecurityControlStatus: 'ENABLED',
          UpdateStatus: 'READY',
        },
      ],
    },
  });
}

describe('Security Hub control status against the emulator (real SDK client)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let client: SecurityHubClient;
  const run = (text: string) =>
    collect(
      new AwsApiEngine(session).run(
        {
          engine: 'aws',
          queryId: 'q',
          text: `service: securityhub\nregions: ${REGION}\n${text}`,
          parameters: {},
          definitions: [],
        },
        new AbortController().signal,
      ),
    );

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    seed(emulator);
    client = new SecurityHubClient({ region: REGION, endpoint: emulator.endpoint, credentials: DEFAULT_CREDENTIALS });
  });
  after(async () => {
    client.destroy();
    await close();
  });
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), []));

  it("pages an enabled standard's controls by NextToken, only that standard's, as the SDK's paginator asks", async () => {
    const before = emulator.calls.length;
    const pages: number[] = [];
    for await (const page of paginateDescribeStandardsControls(
      { client, pageSize: 100 },
      { StandardsSubscriptionArn: FSBP_SUBSCRIPTION },
    ))
      pages.push(page.Controls?.length ?? 0);
    assert.deepEqual(pages, [100, 100, 30]);
    const calls = emulator.calls.slice(before);
    assert.deepEqual(
      calls.map(c => [c.action, c.status]),
      [0, 1, 2].map(() => ['DescribeStandardsControls', 200]),
    );
  });

  it('refuses a page size over 100, as Security Hub does', async () => {
    await assert.rejects(
      client.send(new BatchGetSecurityControlsCommand({ SecurityControlIds: Array.from({ length: 101 }, String) })),
      /InvalidInput|1 to 100/,
    );
    await assert.rejects(async () => {
      for await (const _ of paginateListSecurityControlDefinitions({ client, pageSize: 101 }, {})) void _;
    }, /MaxResults must be between 1 and 100/);
  });

  it('engine: the standards on offer and the one enabled', async () => {
    const offered = await run('operation: DescribeStandards');
    assert.equal(offered.error, undefined);
    assert.deepEqual(
      offered.columns.map(c => c.name),
      ['region', 'standards_arn', 'name', 'enabled_by_default', 'managed_by', 'description'],
    );
    assert.deepEqual(
      offered.rows.map(r => [r[2], r[3]]),
      [
        ['AWS Foundational Security Best Practices v1.0.0', true],
        ['CIS AWS Foundations 1.4.0', false],
      ],
    );
    const enabled = await run('operation: GetEnabledStandards');
    assert.deepEqual(enabled.rows, [
      [REGION, FSBP_SUBSCRIPTION, `arn:aws:securityhub:${REGION}::standards/${FSBP}`, 'READY'],
    ]);
  });

  it('engine: every control of the enabled standard across pages, disabled ones with the reason', async () => {
    const c = await run(
      `operation: DescribeStandardsControls\ninput: { StandardsSubscriptionArn: "${FSBP_SUBSCRIPTION}" }`,
    );
    assert.equal(c.error, undefined);
    assert.equal(c.rows.length, FSBP_CONTROLS);
    assert.deepEqual(c.rows[0].slice(1, 4), ['EC2.19', 'ENABLED', 'CRITICAL']);
    const disabled = c.rows.filter(r => r[2] === 'DISABLED');
    assert.equal(disabled.length, 23);
    assert.ok(disabled.every(r => r[5] === 'Covered by a Config rule of the landing zone'));
    assert.equal(emulator.calls.filter(x => x.action === 'DescribeStandardsControls').length >= 3, true);
  });

  it('engine: the control definitions across pages, and a control by id, naming the ids Security Hub does not know', async () => {
    const definitions = await run('operation: ListSecurityControlDefinitions');
    assert.equal(definitions.rows.length, 150);
    assert.deepEqual(definitions.rows[0].slice(1, 4), ['EC2.1', 'Definition 1', 'HIGH']);
    const controls = await run('operation: BatchGetSecurityControls\ninput: { SecurityControlIds: [EC2.19, EC2.999] }');
    assert.deepEqual(
      controls.columns.map(col => col.name),
      ['region', 'control_id', 'status', 'severity', 'title', 'update_status', 'last_update_reason', 'error'],
    );
    assert.deepEqual(
      controls.rows.map(r => [r[1], r[2], r[3], r[7]]),
      [
        ['EC2.19', 'ENABLED', 'CRITICAL', null],
        ['EC2.999', null, null, 'NOT_FOUND: No security control EC2.999.'],
      ],
    );
  });
});

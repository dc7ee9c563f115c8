import * as assert from 'node:assert/strict';
import type { AwsSession } from '../../../src/core/aws/session';
import type { Emulator } from '../../emulator';
import { CLUSTER_DB, PUBLIC_DB, RDS_SEED, REGION, SHARED_SNAPSHOT } from './dataStoreInventory';
import { blockRunner, startEmulatorSession } from './helpers';

const rds = (operation: string, input = '') =>
  `service: rds\noperation: ${operation}\n${input ? `input: ${input}` : ''}`;
const OFF_THE_INTERNET = rds(
  'ModifyDBInstance',
  `{ DBInstanceIdentifier: ${PUBLIC_DB}, PubliclyAccessible: false, ApplyImmediately: true }`,
);
const SNAPSHOT = rds('CreateDBSnapshot', `{ DBInstanceIdentifier: ${PUBLIC_DB}, DBSnapshotIdentifier: ir-evidence-1 }`);

describe('RDS reads and containment actions (real SDK client against the emulator)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let runner: ReturnType<typeof blockRunner>;
  const sent = (action: string) =>
    emulator.calls
      .filter(c => c.action === action)
      .map(c => {
        const { Action: _action, Version: _version, ...fields } = c.input ?? {};
        return fields;
      });

  beforeEach(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    emulator.seedInventory(RDS_SEED);
    runner = blockRunner(() => session);
  });
  afterEach(() => close());

  it('DescribeDBInstances: whether each instance is reachable from the internet, and how it is protected', async () => {
    const { columns, rows } = await runner.read(rds('DescribeDBInstances'));
    assert.deepEqual(columns, [
      'region',
      'db_instance',
      'status',
      'engine',
      'engine_version',
      'instance_class',
      'publicly_accessible',
      'endpoint',
      'port',
      'vpc_id',
      'security_groups',
      'encrypted',
      'iam_auth',
      'deletion_protection',
      'backup_retention_days',
      'cluster',
      'master_user',
      'created',
      'arn',
    ]);
    assert.deepEqual(rows[0], {
      region: REGION,
      db_instance: PUBLIC_DB,
      status: 'available',
      engine: 'postgres',
      engine_version: '16.4',
      instance_class: 'db.t3.medium',
      publicly_accessible: true,
      endpoint: 'orders-db.abc123.eu-west-1.rds.amazonaws.com',
      port: 5432,
      vpc_id: 'vpc-0abc0abc0abc0abc0',
      security_groups: 'sg-0db0db0db0db0db00',
      encrypted: false,
      iam_auth: false,
      deletion_protection: false,
      backup_retention_days: 7,
      cluster: null,
      master_user: 'orders_admin',
      created: '2025-02-01T10:00:00.000Z',
      arn: `arn:aws:rds:${REGION}:111122223333:db:${PUBLIC_DB}`,
    });
    assert.deepEqual(
      rows.map(r => [r.db_instance, r.publicly_accessible, r.encrypted, r.cluster]),
      [
        [PUBLIC_DB, true, false, null],
        [CLUSTER_DB, false, true, 'reports'],
      ],
    );
  });

  it('DescribeDBClusters, DescribeDBSnapshots, DescribeDBSnapshotAttributes (a snapshot shared with all)', async () => {
    const clusters = await runner.read(rds('DescribeDBClusters'));
    assert.deepEqual(clusters.rows, [
      {
        region: REGION,
        cluster: 'reports',
        status: 'available',
        engine: 'aurora-mysql',
        engine_version: '8.0.mysql_aurora.3.05.2',
        publicly_accessible: null,
        endpoint: 'reports.cluster-abc123.eu-west-1.rds.amazonaws.com',
        reader_endpoint: 'reports.cluster-ro-abc123.eu-west-1.rds.amazonaws.com',
        port: 3306,
        members: CLUSTER_DB,
        security_groups: 'sg-0aaa0aaa0aaa0aaa0',
        encrypted: true,
        iam_auth: true,
        deletion_protection: true,
        arn: `arn:aws:rds:${REGION}:111122223333:cluster:reports`,
      },
    ]);
    const snapshots = await runner.read(rds('DescribeDBSnapshots', `{ DBInstanceIdentifier: ${PUBLIC_DB} }`));
    assert.deepEqual(snapshots.rows, [
      {
        region: REGION,
        snapshot: SHARED_SNAPSHOT,
        db_instance: PUBLIC_DB,
        type: 'manual',
        status: 'available',
        created: '2026-11-30T02:00:00.000Z',
        engine: 'postgres',
        size_gib: 100,
        encrypted: false,
        kms_key: null,
        arn: `arn:aws:rds:${REGION}:111122223333:snapshot:${SHARED_SNAPSHOT}`,
      },
    ]);
    const shared = await runner.read(
      rds('DescribeDBSnapshotAttributes', `{ DBSnapshotIdentifier: ${SHARED_SNAPSHOT} }`),
    );
    assert.deepEqual(shared, {
      columns: ['region', 'snapshot', 'attribute', 'values', 'public'],
      rows: [
        { region: REGION, snapshot: SHARED_SNAPSHOT, attribute: 'restore', values: 'all, 444455556666', public: true },
      ],
    });
    assert.deepEqual(emulator.mutatingCalls(), []);
  });

  it('an instance that does not exist is an error naming it', async () => {
    await assert.rejects(runner.read(rds('DescribeDBInstances', '{ DBInstanceIdentifier: nope }')), /nope not found/);
  });

  for (const [name, text, action, wire] of [
    [
      'ModifyDBInstance',
      OFF_THE_INTERNET,
      'ModifyDBInstance',
      { DBInstanceIdentifier: PUBLIC_DB, PubliclyAccessible: 'false', ApplyImmediately: 'true' },
    ],
    [
      'CreateDBSnapshot',
      SNAPSHOT,
      'CreateDBSnapshot',
      { DBInstanceIdentifier: PUBLIC_DB, DBSnapshotIdentifier: 'ir-evidence-1' },
    ],
  ] as const) {
    it(`${name}, not confirmed: asked once naming account, region, resource and call; nothing sent`, async () => {
      const before = emulator.inventory(REGION).rds;
      const run = await runner.act(text, false);
      assert.equal(run.error?.code, 'ActionNotConfirmed');
      assert.deepEqual(sent(action), [], 'the call never reached RDS');
      assert.deepEqual(emulator.mutatingCalls(), []);
      assert.deepEqual(emulator.inventory(REGION).rds, before);
      assert.deepEqual(
        runner.asked.map(q => [q.account, q.region, q.dryRun]),
        [['111122223333', REGION, undefined]],
      );
      assert.match(runner.asked[0].call, new RegExp(`^rds:${action} \\{"DBInstanceIdentifier":"${PUBLIC_DB}"`));
      assert.deepEqual(
        run.rows.map(r => r[0]),
        ['before'],
      );
    });

    it(`${name}, confirmed: sent once with the exact input, the state before and after in the rows`, async () => {
      const run = await runner.act(text, true);
      assert.equal(run.error, undefined, run.error?.message);
      assert.deepEqual(sent(action), [wire]);
      assert.deepEqual(
        emulator.mutatingCalls().map(c => c.action),
        [action],
      );
      assert.deepEqual(
        run.rows.map(r => r[0]),
        name === 'ModifyDBInstance' ? ['before', 'action', 'after'] : ['before', 'action', 'after', 'after'],
      );
    });
  }

  it('ModifyDBInstance: the instance is private afterwards, and the rows say so before and after', async () => {
    const run = await runner.act(OFF_THE_INTERNET, true);
    assert.equal(runner.asked[0].resource, `DBInstanceIdentifier=${PUBLIC_DB}`);
    const detail = (step: string) => run.rows.filter(r => r[0] === step).map(r => JSON.parse(String(r[5])));
    assert.deepEqual(
      detail('before').map(d => [d.db_instance, d.status, d.publicly_accessible]),
      [[PUBLIC_DB, 'available', true]],
    );
    assert.deepEqual(
      detail('after').map(d => [d.db_instance, d.status, d.publicly_accessible]),
      [[PUBLIC_DB, 'modifying', false]],
    );
    assert.equal(emulator.inventory(REGION).rds.instances[0].PubliclyAccessible, false);
  });

  it('CreateDBSnapshot: the new snapshot is listed after, beside the one before', async () => {
    const run = await runner.act(SNAPSHOT, true);
    assert.equal(runner.asked[0].resource, `DBInstanceIdentifier=${PUBLIC_DB}, DBSnapshotIdentifier=ir-evidence-1`);
    const after = run.rows.filter(r => r[0] === 'after').map(r => JSON.parse(String(r[5])));
    assert.deepEqual(
      after.map(d => [d.snapshot, d.status, d.type]),
      [
        [SHARED_SNAPSHOT, 'available', 'manual'],
        ['ir-evidence-1', 'creating', 'manual'],
      ],
    );
  });

  it('refused by validation, nothing sent: public again, another setting, two instances, no name', async () => {
    const refusals: Array<[string, RegExp]> = [
      [
        rds('ModifyDBInstance', `{ DBInstanceIdentifier: ${PUBLIC_DB}, PubliclyAccessible: true }`),
        /may only set PubliclyAccessible to false here \(containment\), not true/,
      ],
      [
        rds(
          'ModifyDBInstance',
          `{ DBInstanceIdentifier: ${PUBLIC_DB}, PubliclyAccessible: false, ApplyImmediately: false }`,
        ),
        /may only set ApplyImmediately to true/,
      ],
      [
        rds(
          'ModifyDBInstance',
          `{ DBInstanceIdentifier: ${PUBLIC_DB}, PubliclyAccessible: false, MasterUserPassword: x }`,
        ),
        /may only be given DBInstanceIdentifier and PubliclyAccessible and ApplyImmediately .*not MasterUserPassword/,
      ],
      [
        rds('ModifyDBInstance', `{ DBInstanceIdentifier: [${PUBLIC_DB}, ${CLUSTER_DB}], PubliclyAccessible: false }`),
        /input\.DBInstanceIdentifier must be one name or id, not a list/,
      ],
      [rds('ModifyDBInstance', `{ DBInstanceIdentifier: ${PUBLIC_DB} }`), /needs input\.PubliclyAccessible/],
      [rds('CreateDBSnapshot', `{ DBInstanceIdentifier: ${PUBLIC_DB} }`), /needs input\.DBSnapshotIdentifier/],
    ];
    for (const [text, message] of refusals) {
      const run = await runner.act(text, true);
      assert.equal(run.error?.code, 'InvalidAwsBlock', text);
      assert.match(run.error?.message ?? '', message, text);
    }
    assert.deepEqual(emulator.calls, [], 'nothing was sent, not even the identity call');
    assert.deepEqual(runner.asked, []);
  });
});

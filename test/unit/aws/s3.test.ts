import * as assert from 'node:assert/strict';
import { sdkOperation } from '../../../src/core/aws/api/sdk';
import { AwsSession } from '../../../src/core/aws/session';
import { DEFAULT_CREDENTIALS_ENV } from '../../emulator';
import type { Emulator } from '../../emulator';
import { CLOSED_BUCKET, OPEN_BUCKET, REGION, S3_SEED } from './dataStoreInventory';
import { ActionEngine } from '../../../src/core/aws/api/actionEngine';
import { allSteps } from '../../../src/core/playbook/parser';
import { importFixture, parsed } from '../import/helpers';
import { blockRunner, collect, startEmulatorSession } from './helpers';

const s3 = (operation: string, bucket?: string) =>
  `service: s3\noperation: ${operation}\n${bucket ? `input: { Bucket: ${bucket} }` : ''}`;
const ALL_ON = 'BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true';
const BLOCK = (bucket: string, settings = ALL_ON, extra = '') =>
  'service: s3\noperation: PutPublicAccessBlock\n' +
  `input: { Bucket: ${bucket}, ${extra}PublicAccessBlockConfiguration: { ${settings} } }`;

describe('S3 reads and the public-access block (real SDK client against the emulator, path-style)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let runner: ReturnType<typeof blockRunner>;

  beforeEach(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    emulator.seedInventory(S3_SEED);
    runner = blockRunner(() => session);
  });
  afterEach(() => close());

  it('the bucket goes in the path only with an endpoint of our own; on AWS in the host name', async () => {
    const pathStyle = async (s: AwsSession) => {
      const op = await sdkOperation(s, 's3', 'ListBuckets', REGION);
      return (op.client as unknown as { config: { forcePathStyle?: boolean } }).config.forcePathStyle;
    };
    assert.equal(await pathStyle(session), true);
    const onAws = await AwsSession.open({ region: REGION, env: DEFAULT_CREDENTIALS_ENV });
    try {
      assert.equal(onAws.endpoint, undefined);
      assert.notEqual(await pathStyle(onAws), true);
    } finally {
      onAws.destroy();
    }
  });

  it('ListBuckets, GetBucketLocation', async () => {
    assert.deepEqual(await runner.read(s3('ListBuckets')), {
      columns: ['region', 'bucket', 'created', 'bucket_region'],
      rows: [
        { region: REGION, bucket: OPEN_BUCKET, created: '2025-05-01T09:00:00.000Z', bucket_region: REGION },
        { region: REGION, bucket: CLOSED_BUCKET, created: '2024-01-10T12:00:00.000Z', bucket_region: 'us-east-1' },
      ],
    });
    const where = async (bucket: string) => (await runner.read(s3('GetBucketLocation', bucket))).rows[0].location;
    assert.deepEqual([await where(OPEN_BUCKET), await where(CLOSED_BUCKET)], [REGION, 'us-east-1']);
  });

  it('GetBucketPolicy: a row per statement, anyone as *, NotPrincipal as not; status: public', async () => {
    assert.deepEqual(await runner.read(s3('GetBucketPolicy', OPEN_BUCKET)), {
      columns: ['region', 'bucket', 'sid', 'effect', 'principal', 'actions', 'resources', 'condition'],
      rows: [
        {
          region: REGION,
          bucket: OPEN_BUCKET,
          sid: 'PublicRead',
          effect: 'Allow',
          principal: '*',
          actions: 's3:GetObject',
          resources: `arn:aws:s3:::${OPEN_BUCKET}/*`,
          condition: null,
        },
        {
          region: REGION,
          bucket: OPEN_BUCKET,
          sid: 'PartnerList',
          effect: 'Allow',
          principal: 'AWS:arn:aws:iam::444455556666:root',
          actions: 's3:ListBucket, s3:GetBucketLocation',
          resources: `arn:aws:s3:::${OPEN_BUCKET}`,
          condition: '{"Bool":{"aws:SecureTransport":"true"}}',
        },
        {
          region: REGION,
          bucket: OPEN_BUCKET,
          sid: 'OnlyOwnerDeletes',
          effect: 'Deny',
          principal: 'not AWS:arn:aws:iam::111122223333:root',
          actions: 's3:DeleteObject',
          resources: `arn:aws:s3:::${OPEN_BUCKET}/*`,
          condition: null,
        },
      ],
    });
    assert.deepEqual((await runner.read(s3('GetBucketPolicyStatus', OPEN_BUCKET))).rows, [
      { region: REGION, bucket: OPEN_BUCKET, is_public: true },
    ]);
  });

  it('a bucket without a policy, public access block, encryption or Object Lock: no row, not an error', async () => {
    const nothing: Array<[string, string, string]> = [
      ['GetBucketPolicy', CLOSED_BUCKET, 'NoSuchBucketPolicy'],
      ['GetBucketPolicyStatus', CLOSED_BUCKET, 'NoSuchBucketPolicy'],
      ['GetPublicAccessBlock', OPEN_BUCKET, 'NoSuchPublicAccessBlockConfiguration'],
      ['GetBucketEncryption', OPEN_BUCKET, 'ServerSideEncryptionConfigurationNotFoundError'],
      ['GetObjectLockConfiguration', OPEN_BUCKET, 'ObjectLockConfigurationNotFoundError'],
    ];
    for (const [operation, bucket, code] of nothing) {
      emulator.calls.length = 0;
      assert.deepEqual((await runner.read(s3(operation, bucket))).rows, [], operation);
      assert.deepEqual(
        emulator.calls.filter(c => c.service === 's3').map(c => [c.action, c.errorCode]),
        [[operation, code]],
      );
    }
    await assert.rejects(runner.read(s3('GetBucketPolicy', 'no-such-bucket')), /NoSuchBucket|does not exist/);
  });

  it('GetBucketAcl: one row per grant, a grant to all users marked public', async () => {
    const acl = await runner.read(s3('GetBucketAcl', OPEN_BUCKET));
    assert.deepEqual(acl.columns, ['region', 'bucket', 'owner', 'grantee_type', 'grantee', 'permission', 'public']);
    assert.deepEqual(
      acl.rows.map(r => [r.grantee_type, r.grantee, r.permission, r.public]),
      [
        ['CanonicalUser', 'owner-canonical-id', 'FULL_CONTROL', false],
        ['Group', 'http://acs.amazonaws.com/groups/global/AllUsers', 'READ', true],
      ],
    );
  });

  it('the locked-down bucket: public access block, versioning, logging, encryption, Object Lock', async () => {
    const row = async (operation: string) => {
      const { rows } = await runner.read(s3(operation, CLOSED_BUCKET));
      assert.equal(rows.length, 1, operation);
      const { region: _region, bucket, ...rest } = rows[0];
      assert.equal(bucket, CLOSED_BUCKET);
      return rest;
    };
    assert.deepEqual(await row('GetPublicAccessBlock'), {
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    assert.deepEqual(await row('GetBucketVersioning'), { status: 'Enabled', mfa_delete: 'Disabled' });
    assert.deepEqual(await row('GetBucketLogging'), {
      logging: true,
      target_bucket: 'central-access-logs',
      target_prefix: 'orders-audit-logs/',
    });
    assert.deepEqual(await row('GetBucketEncryption'), {
      algorithm: 'aws:kms',
      kms_key: 'arn:aws:kms:us-east-1:111122223333:key/abcd',
      bucket_key: true,
    });
    assert.deepEqual(await row('GetObjectLockConfiguration'), {
      object_lock: 'Enabled',
      mode: 'GOVERNANCE',
      days: 30,
      years: null,
    });
    const open = (await runner.read(s3('GetBucketVersioning', OPEN_BUCKET))).rows;
    assert.deepEqual(open, [{ region: REGION, bucket: OPEN_BUCKET, status: null, mfa_delete: null }]);
    assert.deepEqual(emulator.mutatingCalls(), []);
  });

  it('PutPublicAccessBlock, not confirmed: asked once naming account, region, bucket, call; nothing sent', async () => {
    const run = await runner.act(BLOCK(OPEN_BUCKET), false);
    assert.equal(run.error?.code, 'ActionNotConfirmed');
    assert.deepEqual(emulator.mutatingCalls(), []);
    assert.equal(emulator.inventory(REGION).s3[0].publicAccessBlock, undefined);
    assert.deepEqual(
      runner.asked.map(q => [q.account, q.region, q.resource, q.dryRun]),
      [['111122223333', REGION, `Bucket=${OPEN_BUCKET}`, undefined]],
    );
    assert.equal(
      runner.asked[0].call,
      `s3:PutPublicAccessBlock {"Bucket":"${OPEN_BUCKET}","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,` +
        '"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}',
    );
    assert.deepEqual(
      run.rows.map(r => [r[0], r[4]]),
      [['before', 'none']],
      'the bucket had no block: the row before says so',
    );
  });

  it('PutPublicAccessBlock, confirmed: sent once with all four settings on, the block shown after', async () => {
    const run = await runner.act(BLOCK(OPEN_BUCKET), true);
    assert.equal(run.error, undefined, run.error?.message);
    assert.deepEqual(
      emulator.mutatingCalls().map(c => [c.action, c.input]),
      [
        [
          'PutPublicAccessBlock',
          {
            Bucket: OPEN_BUCKET,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: 'true',
              IgnorePublicAcls: 'true',
              BlockPublicPolicy: 'true',
              RestrictPublicBuckets: 'true',
            },
          },
        ],
      ],
    );
    assert.deepEqual(
      run.rows.map(r => [r[0], r[4]]),
      [
        ['before', 'none'],
        ['action', 'succeeded'],
        ['after', 'read'],
      ],
    );
    assert.deepEqual(JSON.parse(String(run.rows[2][5])), {
      bucket: OPEN_BUCKET,
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
  });

  it('the action an import made from the CLI command runs as written, with the bucket given', async () => {
    const playbook = parsed(importFixture('data-exposure-containment.md').markdown);
    const block = allSteps(playbook)
      .flatMap(step => step.queries)
      .find(q => q.engine === 'action' && q.text.includes('PutPublicAccessBlock'));
    assert.ok(block);
    const run = await collect(
      new ActionEngine(session, async () => true).run(
        {
          engine: 'action',
          queryId: block.id,
          text: block.text,
          parameters: { bucket: OPEN_BUCKET },
          definitions: playbook.parameters,
        },
        new AbortController().signal,
      ),
    );
    assert.equal(run.error, undefined, run.error?.message);
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.action),
      ['PutPublicAccessBlock'],
    );
    assert.deepEqual(emulator.inventory(REGION).s3[0].publicAccessBlock, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
  });

  it('refused by validation, nothing sent: a setting left off or missing, two buckets, another key', async () => {
    const refusals: Array<[string, RegExp]> = [
      [
        BLOCK(OPEN_BUCKET, ALL_ON.replace('BlockPublicPolicy: true', 'BlockPublicPolicy: false')),
        new RegExp(
          'may only set PublicAccessBlockConfiguration to \\{"BlockPublicAcls":true,.*\\} here \\(containment\\), ' +
            'not .*"BlockPublicPolicy":false',
        ),
      ],
      [
        BLOCK(OPEN_BUCKET, 'BlockPublicAcls: true, IgnorePublicAcls: true'),
        /may only set PublicAccessBlockConfiguration/,
      ],
      [BLOCK(`[${OPEN_BUCKET}, ${CLOSED_BUCKET}]`), /input\.Bucket must be one name or id, not a list/],
      [BLOCK(OPEN_BUCKET, ALL_ON, 'ContentMD5: x, '), /not ContentMD5/],
      [
        `service: s3\noperation: PutPublicAccessBlock\ninput: { Bucket: ${OPEN_BUCKET} }`,
        /needs input\.PublicAccessBlockConfiguration/,
      ],
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

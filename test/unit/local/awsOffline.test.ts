import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PROJECTIONS } from '../../../src/core/aws/api/projections';
import { blocksForMode, engineFor as engineInMode, hiddenOnLocalData } from '../../../src/core/engine/resolve';
import { LocalEngine } from '../../../src/core/local';
import type { QueryBlock, Step } from '../../../src/core/playbook/model';
import { ACCOUNT, finding, INSTANCE, KEY, SG, sgItem, writeAwsFixtures } from './awsFixtures';
import { WORKER, collect, engineFor, objects, param, request, rowsOf, tempDir } from './helpers';

const liveColumns = (key: string) => ['region', ...PROJECTIONS[key].columns.map(([name]) => name)];

describe('local engine: GuardDuty findings and Config items', function () {
  let engine: LocalEngine;
  before(() => {
    const dir = tempDir();
    writeAwsFixtures(dir);
    engine = engineFor([dir]);
  });
  after(() => engine.dispose());

  it('reads findings from the S3 export (gzip lines), EventBridge events, CLI output and a bare finding', async () => {
    const r = objects(
      await rowsOf(
        engine,
        request(
          'local',
          `SELECT id, type, severity, created_at, updated_at, account_id,
      region, resource_type, instance_id, access_key_id, user_name, principal_id, remote_ip, local_port, action_type,
      count, sample, archived FROM guardduty_findings ORDER BY id, updated_at`,
        ),
      ),
    );
    assert.deepEqual(
      r.map(f => f.id),
      ['gd-exfil', 'gd-recon', 'gd-sample', 'gd-ssh', 'gd-ssh'],
    );
    assert.deepEqual(r[3], {
      id: 'gd-ssh',
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      severity: 5,
      created_at: '2026-11-20T10:00:00.000Z',
      updated_at: '2026-11-20T11:00:00.000Z',
      account_id: ACCOUNT,
      region: 'eu-west-1',
      resource_type: 'Instance',
      instance_id: INSTANCE,
      access_key_id: null,
      user_name: null,
      principal_id: null,
      remote_ip: '203.0.113.50',
      local_port: 22,
      action_type: 'NETWORK_CONNECTION',
      count: 1,
      sample: false,
      archived: false,
    });
    // The CLI's PascalCase finding reads the same as the API's camelCase one.
    assert.deepEqual(
      [r[1].type, r[1].access_key_id, r[1].user_name, r[1].principal_id, r[1].remote_ip],
      ['Recon:IAMUser/MaliciousIPCaller', KEY, 'ci-deploy', 'AIDAEXAMPLE', '198.51.100.23'],
    );
    assert.equal(r[0].severity, 8);
    assert.equal(r[2].sample, true);
    const raw = await rowsOf(engine, request('local', "SELECT finding FROM guardduty_findings WHERE id = 'gd-exfil'"));
    assert.equal(JSON.parse(String(raw.rows[0][0])).arn.endsWith('/finding/gd-exfil'), true);
  });

  it('skips a bad finding line or record and a malformed file, naming each', async () => {
    const files = new Map(
      objects(
        await rowsOf(
          engine,
          request('local', 'SELECT path, kind, records, skipped_records, failed, problems FROM _files'),
        ),
      ).map(o => [path.basename(String(o.path)), o]),
    );
    const exported = files.get('export.jsonl.gz');
    assert.deepEqual(
      [exported?.kind, exported?.records, exported?.skipped_records, exported?.failed],
      ['guardduty-jsonl', 2, 2, false],
    );
    const problems = String(exported?.problems);
    assert.match(problems, /export\.jsonl\.gz: line 3: invalid JSON; line skipped/);
    assert.match(problems, /export\.jsonl\.gz: line 4: not a GuardDuty finding: missing id; record skipped/);
    const broken = files.get('broken-finding.json');
    assert.deepEqual([broken?.kind, broken?.failed, broken?.records], ['guardduty-json', true, 0]);
    assert.match(String(broken?.problems), /broken-finding\.json.*invalid JSON.*file skipped/);
    assert.equal(files.get('eventbridge.json')?.kind, 'guardduty-json');
    assert.equal(files.get('get-findings.json')?.kind, 'guardduty-json');
  });

  it('reads Config history and snapshot files into config_items', async () => {
    const r = objects(
      await rowsOf(
        engine,
        request(
          'local',
          `SELECT resource_type, resource_id, arn, account_id, region,
      capture_time, status, state_id, relationships, tags FROM config_items ORDER BY capture_time, _file`,
        ),
      ),
    );
    assert.equal(r.length, 4);
    assert.deepEqual(r[0], {
      resource_type: 'AWS::EC2::SecurityGroup',
      resource_id: SG,
      arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/${SG}`,
      account_id: ACCOUNT,
      region: 'eu-west-1',
      capture_time: '2026-11-20T10:00:00.000Z',
      status: 'OK',
      state_id: '1',
      relationships: JSON.stringify([
        { resourceId: 'vpc-0ccccccccccccccc1', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' },
      ]),
      tags: '{}',
    });
    assert.deepEqual(
      r.map(i => i.resource_type),
      ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Instance'],
    );
    const kinds = objects(
      await rowsOf(engine, request('local', "SELECT DISTINCT kind FROM _files WHERE path LIKE '%Config%'")),
    );
    assert.deepEqual(
      kinds.map(k => k.kind),
      ['config-json'],
    );
  });

  it('answers GuardDuty GetFindings with FindingCriteria on type, severity and resource, latest version of each', async () => {
    const c = await rowsOf(
      engine,
      request(
        'aws',
        `service: guardduty
operation: GetFindings
regions: all
input:
  FindingCriteria:
    Criterion:
      severity: { GreaterThanOrEqual: 5 }
      service.archived: { Equals: ["false"] }
      resource.resourceType: { Equals: [Instance, AccessKey] }
      updatedAt: { GreaterThanOrEqual: "{{since}}" }`,
        { since: '2026-11-20T00:00:00Z' },
        [param('since', 'isoTime')],
      ),
    );
    assert.deepEqual(
      c.columns.map(col => col.name),
      liveColumns('guardduty:GetFindings'),
    );
    const rows = objects(c);
    assert.deepEqual(
      rows.map(f => [f.region, f.finding_id, f.count]),
      [
        ['eu-west-1', 'gd-ssh', 40],
        ['eu-west-1', 'gd-exfil', 1],
      ],
    );
    assert.deepEqual(rows[1], {
      region: 'eu-west-1',
      finding_id: 'gd-exfil',
      type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      severity: 8,
      title: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS finding',
      resource_type: 'AccessKey',
      instance_id: null,
      access_key_id: KEY,
      user_name: 'ci-deploy',
      action_type: 'AWS_API_CALL',
      remote_ip: '198.51.100.23',
      count: 1,
      first_seen: '2026-11-20T09:00:00.000Z',
      last_seen: '2026-11-20T10:30:00.000Z',
      updated_at: '2026-11-20T11:00:00.000Z',
      archived: false,
    });
    const byType = await rowsOf(
      engine,
      request(
        'aws',
        'service: guardduty\noperation: ListFindings\nregions: eu-west-1\n' +
          'input: { FindingCriteria: { Criterion: { type: { Equals: ["Recon:IAMUser/MaliciousIPCaller"] } } } }',
      ),
    );
    assert.deepEqual(
      byType.columns.map(col => col.name),
      liveColumns('guardduty:ListFindings'),
    );
    assert.deepEqual(byType.rows, [['eu-west-1', 'd1', 'gd-recon']]);
    const byInstance = await rowsOf(
      engine,
      request(
        'aws',
        'service: guardduty\noperation: GetFindings\n' +
          `input: { FindingCriteria: { Criterion: { resource.instanceDetails.instanceId: { Eq: [${INSTANCE}] } } },` +
          ' SortCriteria: { AttributeName: severity, OrderBy: DESC } }',
      ),
    );
    assert.deepEqual(
      byInstance.rows.map(r => [r[0], r[1]]),
      [
        ['eu-west-1', 'gd-ssh'],
        ['us-east-1', 'gd-sample'],
      ],
    );
    const ascending = await rowsOf(
      engine,
      request(
        'aws',
        'service: guardduty\noperation: GetFindings\n' +
          'input: { SortCriteria: { AttributeName: severity, OrderBy: ASC } }',
      ),
    );
    assert.deepEqual(
      ascending.rows.map(r => r[3]),
      [2, 3, 5, 8],
    );
  });

  it('answers Config GetResourceConfigHistory newest first, one row per configuration item', async () => {
    const c = await rowsOf(
      engine,
      request(
        'aws',
        `service: config\noperation: GetResourceConfigHistory\ninput:
  resourceType: AWS::EC2::SecurityGroup\n  resourceId: ${SG}`,
      ),
    );
    assert.deepEqual(
      c.columns.map(col => col.name),
      liveColumns('config:GetResourceConfigHistory'),
    );
    const rows = objects(c);
    assert.deepEqual(
      rows.map(i => [i.capture_time, i.state_id, i.status]),
      [
        ['2026-11-20T10:02:10.000Z', '2', 'OK'],
        ['2026-11-20T10:00:00.000Z', '1', 'OK'],
      ],
    );
    assert.match(String(rows[0].configuration), /"ipRanges":\["10\.0\.0\.0\/8","0\.0\.0\.0\/0"\]/);
    assert.match(String(rows[1].configuration), /"ipRanges":\["10\.0\.0\.0\/8"\]/);
    const earlier = await rowsOf(
      engine,
      request(
        'aws',
        `service: config\noperation: GetResourceConfigHistory\ninput:
  resourceType: AWS::EC2::SecurityGroup\n  resourceId: ${SG}\n  laterTime: "2026-11-20T10:01:00Z"`,
      ),
    );
    assert.deepEqual(
      earlier.rows.map(r => r[3]),
      [SG],
    );
    assert.deepEqual(objects(earlier)[0].state_id, '1');
  });

  it('answers EC2 DescribeSecurityGroups and DescribeInstances from the latest Config item', async () => {
    const sg = await rowsOf(
      engine,
      request(
        'aws',
        'service: ec2\noperation: DescribeSecurityGroups\n' +
          'input: { Filters: [{ Name: ip-permission.cidr, Values: ["0.0.0.0/0"] }] }',
      ),
    );
    assert.deepEqual(
      sg.columns.map(col => col.name),
      liveColumns('ec2:DescribeSecurityGroups'),
    );
    assert.deepEqual(sg.rows, [
      ['eu-west-1', SG, 'ci-build-runners', 'vpc-0ccccccccccccccc1', 'ingress', 'tcp', 22, 22, '10.0.0.0/8', null],
      ['eu-west-1', SG, 'ci-build-runners', 'vpc-0ccccccccccccccc1', 'ingress', 'tcp', 22, 22, '0.0.0.0/0', null],
      ['eu-west-1', SG, 'ci-build-runners', 'vpc-0ccccccccccccccc1', 'egress', 'all', null, null, '0.0.0.0/0', null],
    ]);
    const none = await rowsOf(
      engine,
      request(
        'aws',
        'service: ec2\noperation: DescribeSecurityGroups\n' + 'input: { GroupIds: [sg-0000000000000000f] }',
      ),
    );
    assert.deepEqual([none.rows.length, none.columns.length], [0, 10]);
    const inst = await rowsOf(engine, request('aws', 'service: ec2\noperation: DescribeInstances\nregions: eu-west-1'));
    assert.deepEqual(
      inst.columns.map(col => col.name),
      liveColumns('ec2:DescribeInstances'),
    );
    assert.deepEqual(objects(inst), [
      {
        region: 'eu-west-1',
        instance_id: INSTANCE,
        name: 'miner',
        state: 'running',
        instance_type: 'c5.4xlarge',
        image_id: 'ami-0ddddddddddddddd1',
        vpc_id: 'vpc-0ccccccccccccccc1',
        subnet_id: 'subnet-0eeeeeeeeeeeeeee1',
        private_ip: '10.20.3.7',
        public_ip: '198.51.100.77',
        launch_time: '2026-11-20T10:05:00.000Z',
        key_name: 'build-key',
        instance_profile: null,
        security_groups: SG,
        volumes: 'vol-0fffffffffffffff1',
        owner: ACCOUNT,
      },
    ]);
  });

  it('refuses what local data cannot answer, saying why, and never runs an action', async () => {
    const iam = await collect(engine, request('aws', 'service: iam\noperation: ListUsers'));
    assert.equal(iam.error?.code, 'NotAnsweredOffline');
    assert.match(iam.error?.message ?? '', /iam ListUsers needs the AWS API/);
    const filter = await collect(
      engine,
      request(
        'aws',
        'service: ec2\noperation: DescribeSecurityGroups\n' + 'input: { Filters: [{ Name: owner-id, Values: ["1"] }] }',
      ),
    );
    assert.match(filter.error?.message ?? '', /the EC2 filter "owner-id"/);
    const action = await collect(
      engine,
      request(
        'action',
        'service: iam\noperation: UpdateAccessKey\n' + 'input: { UserName: ci, AccessKeyId: AKIA, Status: Inactive }',
      ),
    );
    assert.equal(action.error?.code, 'NotAnsweredOffline');
  });
});

describe('engine choice on local data for aws and action blocks', () => {
  const block = (id: string, engine: QueryBlock['engine'], text: string): QueryBlock =>
    ({ id, engine, text, title: id, parameters: [] }) as unknown as QueryBlock;
  const step = {
    id: 's',
    queries: [
      block('gd', 'aws', 'service: guardduty\noperation: GetFindings\nregions: all'),
      block('sg', 'aws', 'service: ec2\noperation: DescribeSecurityGroups'),
      block('users', 'aws', 'service: iam\noperation: ListUsers'),
      block('revoke', 'action', 'service: ec2\noperation: RevokeSecurityGroupIngress'),
      block('q', 'athena', 'SELECT 1'),
    ],
  } as unknown as Step;

  it('offers the mapped aws reads on local data, runs them on the local engine, and names why the rest are hidden', () => {
    assert.deepEqual(
      blocksForMode(step, 'local').map(b => b.id),
      ['gd', 'sg', 'q'],
    );
    assert.deepEqual(
      blocksForMode(step, 'aws').map(b => b.id),
      ['gd', 'sg', 'users', 'revoke', 'q'],
    );
    assert.equal(engineInMode(step.queries[0], 'local'), 'local');
    const hidden = hiddenOnLocalData(step);
    assert.deepEqual(
      hidden.map(h => h.block.id),
      ['users', 'revoke'],
    );
    assert.match(hidden[0].reason, /iam ListUsers needs the AWS API/);
    assert.match(hidden[1].reason, /never runs on local data/);
  });
});

describe('local engine: GuardDuty and Config files within the per-file limits', function () {
  let engine: LocalEngine;
  before(() => {
    const dir = tempDir();
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { nested: deep };
    fs.writeFileSync(
      path.join(dir, 'findings.jsonl'),
      [JSON.stringify(finding('gd-ok')), JSON.stringify({ ...finding('gd-deep'), description: deep })].join('\n') +
        '\n',
    );
    fs.writeFileSync(
      path.join(dir, 'bomb.json.gz'),
      zlib.gzipSync(
        JSON.stringify({
          fileVersion: '1.0',
          configurationItems: [sgItem('2026-11-20T10:00:00Z', 1, true)],
          padding: ' '.repeat(300_000),
        }),
      ),
    );
    engine = new LocalEngine({
      dataSources: [dir],
      cacheDir: tempDir(),
      workerScript: WORKER,
      ingestLimits: { maxJsonDepth: 16, maxDocumentBytes: 64 * 1024, maxFileBytes: 128 * 1024 },
    });
  });
  after(() => engine.dispose());

  it('skips a finding nested too deep and a Config file over the size limit, naming each, and loads the rest', async () => {
    const ids = await rowsOf(engine, request('local', 'SELECT id FROM guardduty_findings'));
    assert.deepEqual(ids.rows, [['gd-ok']]);
    const files = new Map(
      objects(await rowsOf(engine, request('local', 'SELECT path, failed, problems FROM _files'))).map(o => [
        path.basename(String(o.path)),
        o,
      ]),
    );
    assert.match(
      String(files.get('findings.jsonl')?.problems),
      /findings\.jsonl: line 2: nested deeper than 16 levels/,
    );
    assert.equal(files.get('bomb.json.gz')?.failed, true);
    assert.match(String(files.get('bomb.json.gz')?.problems), /bomb\.json\.gz: .*(KiB|limit).*file skipped/);
    const items = await rowsOf(engine, request('local', 'SELECT count(*) FROM config_items'));
    assert.deepEqual(items.rows, [[0]]);
  });
});

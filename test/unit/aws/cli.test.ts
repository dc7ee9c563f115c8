import * as assert from 'node:assert/strict';
import { DEFAULT_CREDENTIALS_ENV, startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../runCli';
import { awsFiles, ctRecord, ctRecords } from './helpers';

describe('irp lookup and irp athena (in-process, AWS_ENDPOINT_URL → emulator)', () => {
  let emulator: Emulator;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    emulator = await startEmulator();
    env = { AWS_ENDPOINT_URL: emulator.endpoint, ...DEFAULT_CREDENTIALS_ENV, AWS_REGION: 'us-east-1' };
  });
  after(() => emulator.close());
  afterEach(() => assert.deepEqual(emulator.mutatingCalls(), []));

  const irp = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runCli(args, process.cwd(), { ...env, ...extraEnv });

  it('lookup --json prints the events shaped like LookupEvents, and the run metadata', async () => {
    emulator.seedEvents('us-east-1', ctRecords(70, { name: 'AttachInternetGateway' }));
    const r = await irp(['lookup', '--attribute', 'EventName=AttachInternetGateway', '--max', '60', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.Events.length, 60);
    const event = out.Events[0];
    assert.equal(event.EventName, 'AttachInternetGateway');
    assert.ok(Array.isArray(event.Resources), 'Resources is a list of {ResourceType, ResourceName}');
    assert.equal(JSON.parse(event.CloudTrailEvent).eventName, 'AttachInternetGateway');
    for (const field of ['EventId', 'EventTime', 'Username', 'AccessKeyId', 'EventSource'])
      assert.ok(field in event, field);
    assert.equal(out.metadata.partialReason, 'row-cap');
    assert.equal(out.metadata.context.account, '111122223333');
    assert.match(r.stderr, /60 row\(s\) from profile \(environment\), account 111122223333/);
  });

  it('lookup --csv neutralises formulas, and the table shows control characters as escapes', async () => {
    const evil = ctRecord({ time: new Date(Date.now() - 60_000), name: 'CreateNetworkAclEntry', id: 'evil-1' });
    evil.userAgent = '=HYPERLINK("http://attacker.example","x")';
    evil.sourceIPAddress = '\u001b[31mred\u001b[0m';
    emulator.seedEvents('us-east-2', [evil]);
    const csv = await irp([
      'lookup',
      '--region',
      'us-east-2',
      '--attribute',
      'EventName=CreateNetworkAclEntry',
      '--csv',
    ]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.ok(csv.stdout.includes(`"'=HYPERLINK(""http://attacker.example"",""x"")"`), csv.stdout);
    const table = await irp(['lookup', '--region', 'us-east-2', '--attribute', 'EventName=CreateNetworkAclEntry']);
    assert.ok(!table.stdout.includes('\u001b'));
    assert.ok(table.stdout.includes('\\u001b[31mred'));
  });

  it('lookup --region all searches every enabled region', async () => {
    emulator.seedEvents('eu-west-1', [
      ctRecord({ time: new Date(Date.now() - 60_000), name: 'CreateVpcEndpoint', id: 'dub' }),
    ]);
    const r = await irp(['lookup', '--region', 'all', '--attribute', 'EventName=CreateVpcEndpoint', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).Events.map((x: { EventId: string }) => x.EventId),
      ['dub'],
    );
    assert.match(r.stderr, /not enabled.*af-south-1/);
  });

  it('lookup explains usage mistakes with exit code 2', async () => {
    assert.equal((await irp(['lookup', '--attribute'])).code, 2);
    assert.equal((await irp(['lookup', '--colour', 'red'])).code, 2);
    assert.equal((await irp(['lookup', '--max', '0'])).code, 2);
  });

  it('lookup names the known profiles when the profile is unknown', async () => {
    const files = awsFiles(
      '[profile ir-prod]\nregion = us-east-1\n',
      '[ir-prod]\naws_access_key_id = A\naws_secret_access_key = B\n',
    );
    try {
      const r = await irp(['lookup', '--profile', 'ir-typo', '--attribute', 'EventName=X'], files.env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no AWS profile named "ir-typo".*ir-prod/);
    } finally {
      files.cleanup();
    }
  });

  it('athena binds --param values as ExecutionParameters and prints rows', async () => {
    emulator.seedQuery('FROM cli_flows', {
      columns: [
        { name: 'dstport', type: 'integer' },
        { name: 'n', type: 'bigint' },
      ],
      rows: [
        ['22', '7'],
        ['3389', null],
      ],
      dataScannedBytes: 1234,
    });
    const r = await irp([
      'athena',
      '--region',
      'eu-west-1',
      '--workgroup',
      'primary',
      '--database',
      'flowdb',
      '--param',
      'ip:ipv4=203.0.113.50',
      '--param',
      'port:integer=22',
      'SELECT dstport, count(*) AS n FROM cli_flows WHERE srcaddr = {{ip}} AND dstport >= {{port}} GROUP BY 1',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.rows, [
      { dstport: 22, n: 7 },
      { dstport: 3389, n: null },
    ]);
    const received = emulator.queryExecutions().pop()!;
    assert.deepEqual(received.ExecutionParameters, ["'203.0.113.50'", '22']);
    assert.equal(received.region, 'eu-west-1');
    assert.match(r.stderr, /data scanned: 1234 bytes/);
  });

  it('athena refuses a write without --allow-write and says how to allow it', async () => {
    const before = emulator.calls.length;
    const r = await irp(['athena', '--workgroup', 'primary', '--database', 'flowdb', 'DROP TABLE flows']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--allow-write/);
    assert.ok(!emulator.calls.slice(before).some(c => c.action === 'StartQueryExecution'));
  });

  it('athena rejects a bad typed parameter before any call', async () => {
    const before = emulator.calls.length;
    const r = await irp([
      'athena',
      '--workgroup',
      'primary',
      '--database',
      'flowdb',
      '--param',
      'port:integer=22 OR 1=1',
      'SELECT 1 FROM t WHERE p = {{port}}',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /whole number/);
    assert.equal(emulator.calls.length, before);
  });
});

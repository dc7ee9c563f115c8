// Live mode against the local AWS wire emulator, through the real SDK: a profile from config files, the status bar
// showing profile, region and account (from STS), a CloudTrail lookup of a step recorded with its context, and a
// region switch that opens a new session.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseReport } from '../../../src/core/report/index';
import type { HostToWebview } from '../../../src/shared/messages';
import type { TestApi } from '../../../src/extension/testApi';
import { DEFAULT_CREDENTIALS, startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator/types';
import { activateExtension, readWorkspaceFile, workspaceUri, NO_QUESTIONS, until, useAwsFiles } from './helpers';

type RunEnded = Extract<HostToWebview, { type: 'runEnded' }>;
type NamedQueriesMessage = Extract<HostToWebview, { type: 'namedQueries' }>;
const isRunEnded = (m: HostToWebview): m is RunEnded => m.type === 'runEnded';

describe('Live incident on AWS (wire emulator)', () => {
  let api: TestApi;
  let emulator: Emulator;
  let awsDir: string;
  let restoreEnv = () => {};
  const settings = vscode.workspace.getConfiguration('irPlaybook');

  before(async () => {
    emulator = await startEmulator({ lookupRatePerSecond: Infinity });
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-aws-'));
    fs.writeFileSync(path.join(awsDir, 'config'), '[profile ir-test]\nregion = eu-west-1\n');
    fs.writeFileSync(
      path.join(awsDir, 'credentials'),
      `[ir-test]\naws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}\n`,
    );
    restoreEnv = useAwsFiles(awsDir, emulator.endpoint);
    const opened = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    emulator.seedEvents('eu-west-1', [
      {
        eventVersion: '1.09',
        eventID: '5f1d1c53-0c5e-4f6e-9d0a-000000000001',
        eventTime: opened,
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        awsRegion: 'eu-west-1',
        sourceIPAddress: '203.0.113.77',
        userAgent: 'aws-cli/2.15.0',
        userIdentity: {
          type: 'IAMUser',
          arn: 'arn:aws:iam::111122223333:user/ci-deploy',
          accountId: '111122223333',
          accessKeyId: 'AKIAWX3N7QGT5LKE2HVR',
          userName: 'ci-deploy',
        },
        requestParameters: {
          groupId: 'sg-0c3f9a12e4b7d6850',
          ipPermissions: {
            items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
          },
        },
        responseElements: { _return: true },
        readOnly: false,
        eventType: 'AwsApiCall',
        recipientAccountId: '111122223333',
      },
    ]);
    api = await activateExtension();
    await settings.update('engine.mode', 'aws', vscode.ConfigurationTarget.Workspace);
    await settings.update('aws.regions', ['eu-west-1', 'us-east-1'], vscode.ConfigurationTarget.Workspace);
    await settings.update('aws.profile', 'ir-test', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    for (const key of ['engine.mode', 'aws.regions', 'aws.profile', 'aws.region']) {
      await settings.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    restoreEnv();
    await emulator.close();
    fs.rmSync(awsDir, { recursive: true, force: true });
  });

  it("runs a step's CloudTrail lookup with the selected profile and records where it ran", async () => {
    const session = await vscode.commands.executeCommand<{ uri: vscode.Uri }>(
      'irPlaybook.startIncident',
      workspaceUri('playbooks/unauthorized-network-changes.md'),
      NO_QUESTIONS,
    );
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'review-cloudtrail' });
    const panel = api.panel('review-cloudtrail')!;
    await panel.send({ type: 'run', queryId: 'sg-opened-to-world' });
    const ended = await panel.waitFor(isRunEnded);
    assert.equal(ended.phase, 'done', JSON.stringify(ended.error));
    assert.equal(ended.rowCount, 1);
    const run = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(session.uri))).state.steps[
      'review-cloudtrail'
    ].runs[0];
    assert.equal(run.engine, 'cloudtrail');
    assert.ok(
      Object.values(run.context).includes('111122223333'),
      `account missing from the run context: ${JSON.stringify(run.context)}`,
    );
    assert.ok(
      Object.values(run.context).includes('ir-test'),
      `profile missing from the run context: ${JSON.stringify(run.context)}`,
    );
    assert.ok(emulator.calls.every(c => c.accessKeyId === DEFAULT_CREDENTIALS.accessKeyId));
    assert.deepEqual(emulator.mutatingCalls(), []);
    panel.dispose();
  });

  it('runs an Athena block with the incident parameters bound, not spliced, and shows what it scanned', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'review-cloudtrail' });
    const panel = api.panel('review-cloudtrail')!;
    emulator.seedQuery('FROM cloudtrail_logs', {
      columns: [
        { name: 'eventtime', type: 'varchar' },
        { name: 'eventname', type: 'varchar' },
      ],
      rows: [['2026-11-20T09:23:10Z', 'AuthorizeSecurityGroupIngress']],
      dataScannedBytes: 52_428_800,
    });
    await panel.send({ type: 'setParameter', name: 'account_id', value: '111122223333' });
    await panel.send({ type: 'run', queryId: 'ct-sg-open-to-world' });
    const ended = await panel.waitFor(
      (m): m is RunEnded => m.type === 'runEnded' && m.queryId === 'ct-sg-open-to-world',
    );
    assert.equal(ended.phase, 'done', JSON.stringify(ended.error));
    assert.equal(ended.rowCount, 1);
    const [execution] = emulator.queryExecutions();
    assert.ok(!execution.QueryString.includes('111122223333'), 'the account id was pasted into the SQL');
    assert.ok(
      execution.ExecutionParameters?.some(p => p.includes('111122223333')),
      'the account id was not bound',
    );
    assert.ok(
      panel.received.some(m => m.type === 'runProgress' && /scanned/.test(m.message)),
      'no progress with the data scanned',
    );
    assert.deepEqual(emulator.mutatingCalls(), []);
    panel.dispose();
  });

  it('cancels a slow run and records it as partial', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'review-cloudtrail' });
    const panel = api.panel('review-cloudtrail')!;
    emulator.fault({ service: 'cloudtrail', action: 'LookupEvents', kind: 'slow', delayMs: 3000 });
    // The handler returns when the run is over: the cancel must arrive while it is still going.
    const running = panel.send({ type: 'run', queryId: 'sg-rule-changes' });
    await panel.waitFor((m): m is HostToWebview => m.type === 'runStarted');
    await panel.send({ type: 'cancel', queryId: 'sg-rule-changes' });
    const ended = await panel.waitFor(isRunEnded);
    await running;
    assert.equal(ended.phase, 'cancelled');
    assert.equal(ended.run?.partial, true);
    // The next run is not held up by the cancelled one (and takes the slow answer if the cancel came before it).
    panel.received.length = 0;
    await panel.send({ type: 'run', queryId: 'sg-rule-changes' });
    assert.equal((await panel.waitFor(isRunEnded)).phase, 'done');
    panel.dispose();
  });

  it('explains a refused call in plain words with the AWS error code', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'review-cloudtrail' });
    const panel = api.panel('review-cloudtrail')!;
    emulator.fault({ service: 'cloudtrail', action: 'LookupEvents', kind: 'access-denied', times: 100 });
    await panel.send({ type: 'run', queryId: 'sg-opened-to-world' });
    const ended = await panel.waitFor(isRunEnded);
    assert.equal(ended.phase, 'failed');
    assert.ok(ended.error?.code, 'no error code');
    assert.ok((ended.error?.message.length ?? 0) > 20, 'no explanation');
    panel.dispose();
  });

  it("discovers the workgroup's named flow-log queries and runs one on its own database, recorded in the report", async () => {
    emulator.seedNamedQueries('primary', [
      {
        Name: 'VpcFlowLogsTopTalkers',
        Description: 'The 50 address pairs with the most flow records',
        Database: 'vpcflowlogsathenadatabasefl0a1b2c3d',
        QueryString:
          'SELECT srcaddr, dstaddr, count(*) AS records ' +
          'FROM "vpcflowlogsathenadatabasefl0a1b2c3d"."fl0a1b2c3d_table" GROUP BY srcaddr, dstaddr ORDER BY records DESC LIMIT 50',
      },
      { Name: 'Monthly billing report', Database: 'billing', QueryString: 'SELECT 1' },
    ]);
    emulator.seedQuery('GROUP BY srcaddr, dstaddr ORDER BY records', {
      columns: [
        { name: 'srcaddr', type: 'varchar' },
        { name: 'dstaddr', type: 'varchar' },
        { name: 'records', type: 'bigint' },
      ],
      rows: [['10.0.1.5', '198.51.100.7', '42']],
    });
    const session = api.currentReport()!;
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'query-flow-logs-athena' });
    const panel = api.panel('query-flow-logs-athena')!;
    await panel.send({ type: 'ready' });
    const step = await panel.waitFor((m): m is Extract<HostToWebview, { type: 'step' }> => m.type === 'step');
    assert.equal(step.view.offersNamedQueries, true);
    await panel.send({ type: 'discoverNamedQueries' });
    const found = await panel.waitFor(
      (m): m is NamedQueriesMessage => m.type === 'namedQueries' && m.state.phase !== 'discovering',
    );
    assert.equal(found.state.phase, 'done', JSON.stringify(found.state.error));
    assert.deepEqual(
      found.state.queries.map(q => q.id),
      ['named:VpcFlowLogsTopTalkers'],
    );

    await panel.send({ type: 'run', queryId: 'named:VpcFlowLogsTopTalkers' });
    const ended = await panel.waitFor(
      (m): m is RunEnded => isRunEnded(m) && m.queryId === 'named:VpcFlowLogsTopTalkers',
    );
    assert.equal(ended.phase, 'done', JSON.stringify(ended.error));
    assert.equal(ended.rowCount, 1);
    const execution = emulator.queryExecutions().at(-1)!;
    assert.equal(execution.QueryExecutionContext?.Database, 'vpcflowlogsathenadatabasefl0a1b2c3d');
    const runs = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(session.uri))).state.steps[
      'query-flow-logs-athena'
    ].runs;
    assert.deepEqual(
      runs.map(r => [r.queryId, r.engine, r.rowCount]),
      [['named:VpcFlowLogsTopTalkers', 'athena', 1]],
    );
    assert.deepEqual(emulator.mutatingCalls(), []);
    panel.dispose();
  });

  it('says why the named queries could not be listed, with the AWS code', async () => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId: 'query-flow-logs-athena' });
    const panel = api.panel('query-flow-logs-athena')!;
    emulator.fault({ service: 'athena', action: 'ListNamedQueries', kind: 'access-denied' });
    await panel.send({ type: 'discoverNamedQueries' });
    const failed = await panel.waitFor(
      (m): m is NamedQueriesMessage => m.type === 'namedQueries' && m.state.phase !== 'discovering',
    );
    assert.equal(failed.state.phase, 'failed');
    assert.ok(failed.state.error?.code, 'no error code');
    assert.match(failed.state.error?.message ?? '', /ListNamedQueries/);
    assert.deepEqual(failed.state.queries, []);
    panel.dispose();
  });

  it('shows profile, region and account in the status bar, and a new session after a region switch', async () => {
    await until(() => api.statusBar().text.includes('111122223333'));
    assert.equal(api.statusBar().text, '$(cloud) ir-test · eu-west-1 · 111122223333');
    emulator.calls.length = 0;
    await settings.update('aws.region', 'us-east-1', vscode.ConfigurationTarget.Workspace);
    await until(() => api.statusBar().text === '$(cloud) ir-test · us-east-1 · 111122223333');
    assert.ok(
      emulator.calls.some(c => c.service === 'sts' && c.region === 'us-east-1'),
      'the new session did not ask STS who it is',
    );
  });

  it('shows the error state with the fix when the credentials are refused', async () => {
    fs.writeFileSync(
      path.join(awsDir, 'credentials'),
      '[ir-test]\naws_access_key_id = AKIAUNKNOWN000000000\naws_secret_access_key = nope\n',
    );
    await settings.update('aws.region', 'eu-west-1', vscode.ConfigurationTarget.Workspace);
    await until(() => api.statusBar().error);
    assert.match(api.statusBar().text, /^\$\(error\) ir-test · eu-west-1/);
  });
});

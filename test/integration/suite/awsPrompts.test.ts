// The prompts that stand between a responder and AWS, answered through the scripted window as the user would: the
// confirmation of an Athena statement that writes ("Run Anyway"), the consent to a containment action (issue 10: the
// modal names account, Region, resource and call; refused, nothing reaches AWS), and the MFA code of a role profile
// picked in the profile picker. Real SDK clients against the wire emulator, whose audit lists every mutating call.
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
import { regionSeed, RULE_ID, SG_ID } from '../../unit/aws/inventory';
import {
  activateExtension,
  readWorkspaceFile,
  scriptedWindow,
  until,
  workspaceUri,
  NO_QUESTIONS,
  useAwsFiles,
} from './helpers';
import { itemLabelled } from './scriptedWindow';

type RunEnded = Extract<HostToWebview, { type: 'runEnded' }>;
const ended = (queryId: string) => (m: HostToWebview) => m.type === 'runEnded' && m.queryId === queryId;
const ROLE = 'arn:aws:iam::111122223333:role/IncidentResponder';
const MFA_DEVICE = 'arn:aws:iam::111122223333:mfa/alice';
const ACCOUNT = '111122223333';
/** A playbook with one Athena statement that is not a read: the engine must ask before sending it. */
const WRITING_PLAYBOOK = 'playbooks/athena-write-check.md';
const WRITING_PLAYBOOK_TEXT = `---
id: athena-write-check
title: Athena write check
version: 1.0.0
---

## Detection and analysis

### Load the new partitions {#load-partitions}

\`\`\`athena id=repair-partitions title="Load the trail's new partitions"
MSCK REPAIR TABLE cloudtrail_logs
\`\`\`
`;

describe('Prompts before AWS is called (wire emulator)', () => {
  let api: TestApi;
  let emulator: Emulator;
  let awsDir: string;
  let restoreEnv = () => {};
  const settings = vscode.workspace.getConfiguration('irPlaybook');
  const runOf = async (stepId: string, queryId: string, parameters: Record<string, string> = {}) => {
    await vscode.commands.executeCommand('irPlaybook.openStep', { stepId });
    const panel = api.panel(stepId)!;
    for (const [name, value] of Object.entries(parameters)) await panel.send({ type: 'setParameter', name, value });
    await panel.send({ type: 'run', queryId });
    const result = (await panel.waitFor((m): m is RunEnded => ended(queryId)(m))) as RunEnded;
    panel.dispose();
    return result;
  };

  before(async () => {
    emulator = await startEmulator({ lookupRatePerSecond: Infinity, roles: [{ roleArn: ROLE, requireMfa: true }] });
    emulator.seedInventory(regionSeed('eu-west-1'));
    emulator.seedQuery('MSCK REPAIR TABLE', { columns: [], rows: [] });
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-aws-prompts-'));
    fs.writeFileSync(
      path.join(awsDir, 'config'),
      [
        '[profile base]',
        'region = eu-west-1',
        '[profile responder]',
        `role_arn = ${ROLE}`,
        'source_profile = base',
        `mfa_serial = ${MFA_DEVICE}`,
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(awsDir, 'credentials'),
      `[base]\naws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}\n`,
    );
    restoreEnv = useAwsFiles(awsDir, emulator.endpoint);
    await vscode.workspace.fs.writeFile(
      workspaceUri(WRITING_PLAYBOOK),
      new TextEncoder().encode(WRITING_PLAYBOOK_TEXT),
    );
    api = await activateExtension();
    await settings.update('engine.mode', 'aws', vscode.ConfigurationTarget.Workspace);
    await settings.update('aws.regions', ['eu-west-1'], vscode.ConfigurationTarget.Workspace);
    await settings.update('aws.profile', 'base', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    for (const key of ['aws.profile', 'engine.mode', 'aws.regions']) {
      await settings.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    restoreEnv();
    await vscode.workspace.fs.delete(workspaceUri(WRITING_PLAYBOOK)).then(undefined, () => undefined);
    await emulator.close();
    fs.rmSync(awsDir, { recursive: true, force: true });
  });

  it('asks before an Athena statement that writes: "Run Anyway" refused sends nothing, accepted sends it', async () => {
    await vscode.commands.executeCommand('irPlaybook.startIncident', workspaceUri(WRITING_PLAYBOOK), NO_QUESTIONS);
    const window = scriptedWindow();
    const confirm = (button: string | undefined) =>
      window.nextMessage('warning', shown => {
        assert.equal(shown.modal, true);
        assert.match(shown.text, /changes data or tables/);
        assert.equal(shown.detail?.trim(), 'MSCK REPAIR TABLE cloudtrail_logs');
        assert.deepEqual(shown.items, ['Run Anyway']);
        return button;
      });

    void confirm(undefined);
    const refused = await runOf('load-partitions', 'repair-partitions');
    assert.equal(refused.phase, 'failed');
    assert.match(refused.error?.message ?? '', /not confirmed/);
    assert.ok(!emulator.calls.some(c => c.action === 'StartQueryExecution'), 'a refused statement reached Athena');

    void confirm('Run Anyway');
    const accepted = await runOf('load-partitions', 'repair-partitions');
    assert.equal(accepted.phase, 'done', JSON.stringify(accepted.error));
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.action),
      ['StartQueryExecution'],
    );
    assert.equal(emulator.queryExecutions().at(-1)?.QueryString.trim(), 'MSCK REPAIR TABLE cloudtrail_logs');
  });

  it('asks consent for a containment action naming account, Region, resource and call; refused changes nothing', async () => {
    const session = await vscode.commands.executeCommand<{ uri: vscode.Uri }>(
      'irPlaybook.startIncident',
      workspaceUri('playbooks/unauthorized-network-changes.md'),
      NO_QUESTIONS,
    );
    emulator.calls.length = 0;
    const rules = () => emulator.inventory('eu-west-1').ec2.securityGroupRuleSet.map(r => r.securityGroupRuleId);
    const parameters = { security_group_id: SG_ID, security_group_rule_id: RULE_ID };
    const window = scriptedWindow();
    const consent = (button: string | undefined) =>
      window.nextMessage('warning', shown => {
        assert.equal(shown.modal, true);
        assert.equal(
          shown.text,
          `Change account ${ACCOUNT} in eu-west-1: GroupId=${SG_ID}, SecurityGroupRuleIds=${RULE_ID}?`,
        );
        const detail = shown.detail?.split('\n') ?? [];
        assert.equal(
          detail[0],
          `ec2:RevokeSecurityGroupIngress {"GroupId":"${SG_ID}","SecurityGroupRuleIds":["${RULE_ID}"]}`,
        );
        assert.ok(detail.includes('EC2 dry run: the call would succeed.'), shown.detail);
        assert.ok(
          detail.some(line => line.includes(RULE_ID)),
          'the current state of the rule is not shown',
        );
        assert.deepEqual(shown.items, ['Run This Action']);
        return button;
      });

    void consent(undefined);
    const refused = await runOf('identify-actor', 'revoke-unauthorized-rule', parameters);
    assert.equal(refused.phase, 'failed');
    assert.equal(refused.error?.code, 'ActionNotConfirmed');
    assert.deepEqual(emulator.mutatingCalls(), [], 'a refused action changed something');
    assert.deepEqual(rules(), [RULE_ID, 'sgr-0aaaaaaaaaaaaaaa2']);

    void consent('Run This Action');
    const done = await runOf('identify-actor', 'revoke-unauthorized-rule', parameters);
    assert.equal(done.phase, 'done', JSON.stringify(done.error));
    assert.deepEqual(
      emulator.mutatingCalls().map(c => [c.action, c.region]),
      [['RevokeSecurityGroupIngress', 'eu-west-1']],
    );
    assert.deepEqual(rules(), ['sgr-0aaaaaaaaaaaaaaa2']);
    const runs = parseReport(await readWorkspaceFile(vscode.workspace.asRelativePath(session.uri))).state.steps[
      'identify-actor'
    ].runs.filter(r => r.queryId === 'revoke-unauthorized-rule');
    assert.deepEqual(
      runs.map(r => r.context.confirmed),
      ['no', 'yes'],
      'both answers are recorded in the report',
    );
  });

  it('asks for the MFA code of a role profile picked in the profile picker, and signs in with it', async () => {
    const window = scriptedWindow();
    void window.nextQuickPick(shown => {
      assert.equal(shown.title, 'Select AWS profile');
      assert.deepEqual(
        shown.items.map(i => i.label),
        ['Default credential chain', 'base', 'responder'],
      );
      assert.equal(shown.items.find(i => i.picked)?.label, 'base', 'the current profile is not marked');
      return itemLabelled(shown, 'responder');
    });
    const asked = window.nextInputBox(shown => {
      assert.equal(shown.title, 'AWS multi-factor authentication');
      assert.equal(shown.prompt, `Enter the current code of the MFA device ${MFA_DEVICE}`);
      return '123456';
    });
    await vscode.commands.executeCommand('irPlaybook.selectProfile');
    const box = await asked;
    assert.equal(await box.validate('12345'), 'The code is 6 digits.');
    assert.equal(await box.validate('123456'), undefined);
    await until(() => api.statusBar().text === `$(cloud) responder · eu-west-1 · ${ACCOUNT}`);
    const assumed = () => emulator.calls.filter(c => c.action === 'AssumeRole').map(c => c.status);
    assert.deepEqual(assumed(), [200], 'the role was not assumed once with the code');

    // Another Regions list needs no new credentials: the next run uses the session, and no code is asked again.
    await settings.update('aws.regions', ['eu-west-1', 'us-east-1'], vscode.ConfigurationTarget.Workspace);
    const run = await runOf('review-cloudtrail', 'sg-opened-to-world');
    assert.equal(run.phase, 'done', JSON.stringify(run.error));
    assert.ok(emulator.calls.some(c => c.action === 'LookupEvents' && c.region === 'us-east-1'));
    assert.deepEqual(assumed(), [200]);
  });
});

import * as assert from 'node:assert/strict';
import { ActionEngine, type ActionConfirmation } from '../../../src/core/aws/api/actionEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import { parseAwsBlock } from '../../../src/core/playbook/awsBlockSpec';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import type { Emulator } from '../../emulator';
import { BACKUP_POLICY, COMPROMISE_SEED, DENY_ALL_DOCUMENT, REGION } from './compromiseInventory';
import { collect, parameter, startEmulatorSession } from './helpers';
import { playbookWith } from '../playbook/helpers';

const PUT = 'service: iam\noperation: PutUserPolicy\ninput: { UserName: bob, PolicyName: EmergencyDenyAll, ';
const ALLOW = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const DENY = JSON.stringify(DENY_ALL_DOCUMENT);

describe('Inline deny policies (PutUserPolicy, PutRolePolicy): only a document that denies is sent', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let asked: ActionConfirmation[];
  const act = (text: string, parameters: Record<string, string> = {}) =>
    collect(
      new ActionEngine(session, async question => {
        asked.push(question);
        return true;
      }).run(
        {
          engine: 'action',
          queryId: 'act',
          text,
          parameters,
          definitions: Object.keys(parameters).map(name => parameter(name, 'string')),
        } satisfies QueryRequest,
        new AbortController().signal,
      ),
    );

  beforeEach(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    emulator.seedInventory(COMPROMISE_SEED);
    asked = [];
  });
  afterEach(() => close());

  it('refused by validation, nothing sent: Allow, Allow+Deny, NotAction+Allow, not JSON, no Effect', async () => {
    const refusals: Array<[string, RegExp]> = [
      [`${PUT}PolicyDocument: '${ALLOW}' }`, /statement 1 has Effect "Allow"/],
      [
        `${PUT}PolicyDocument: { Statement: [{ Effect: Deny, Action: "*", Resource: "*" }, ` +
          '{ Effect: Allow, Action: "s3:*", Resource: "*" }] } }',
        /statement 2 has Effect "Allow" \(every statement needs "Effect": "Deny"\)/,
      ],
      [
        `${PUT}PolicyDocument: { Statement: { Effect: Allow, NotAction: "iam:*", Resource: "*" } } }`,
        /statement 1 has Effect "Allow"/,
      ],
      [
        `${PUT}PolicyDocument: '{"Statement": [{"Effect": "Deny",' }`,
        /input\.PolicyDocument is not a JSON policy document/,
      ],
      [`${PUT}PolicyDocument: "file://deny.json" }`, /is not a JSON policy document/],
      [`${PUT}PolicyDocument: { Statement: [{ Action: "*", Resource: "*" }] } }`, /statement 1 has no Effect/],
      [`${PUT}PolicyDocument: { Version: "2012-10-17", Statement: [] } }`, /has no Statement/],
      [`${PUT}PolicyDocument: '${DENY}', PermissionsBoundary: x }`, /not PermissionsBoundary/],
      [
        `${PUT}PolicyDocument: '{"Statement":[{"effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}' }`,
        /statement 1 spells Effect in another case/,
      ],
      [
        `${PUT}PolicyDocument: { statement: [{ Effect: Allow }], Statement: [{ Effect: Deny, Action: "*" }] } }`,
        /spells Statement in another case/,
      ],
    ];
    for (const [text, message] of refusals) {
      const run = await act(text);
      assert.equal(run.error?.code, 'InvalidAwsBlock', text);
      assert.match(run.error?.message ?? '', /^Not sent: the action block is not valid: line \d+: iam:PutUserPolicy/);
      assert.match(run.error?.message ?? '', message, text);
    }
    assert.deepEqual(emulator.calls, [], 'nothing was sent, not even the identity call');
    assert.deepEqual(asked, []);
  });

  it('the playbook check names the block and the statement that allows', () => {
    const text = playbookWith(
      '## Containment',
      '### Deny everything to bob {#deny-bob}',
      '```action id=deny-bob-policy title="Deny all"',
      `${PUT}PolicyDocument: '${ALLOW}' }`,
      '```',
    );
    const messages = parsePlaybook(text).diagnostics.map(d => `${d.code} ${d.message}`);
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(
      messages[0],
      /^bad-aws-block action block "deny-bob-policy": iam:PutUserPolicy .*statement 1 has Effect "Allow"/,
    );
  });

  it('DeleteUserPolicy and DeleteRolePolicy are not actions: they could lift a restriction', () => {
    for (const op of ['DeleteUserPolicy', 'DeleteRolePolicy']) {
      const text = `service: iam\noperation: ${op}\ninput: { UserName: bob, PolicyName: EmergencyDenyAll }`;
      const problems = parseAwsBlock(text, 'action').problems.map(p => p.message);
      assert.match(problems.join('\n'), new RegExp(`iam:${op} is not an allowed action`));
    }
  });

  it('a document given as a parameter validates, and is held to deny-only once its value is known', async () => {
    const text = `${PUT}PolicyDocument: "{{policy_document}}" }`;
    assert.deepEqual(parseAwsBlock(text, 'action').problems, []);
    const allow = await act(text, { policy_document: ALLOW });
    assert.equal(allow.error?.code, 'InvalidAwsBlock');
    assert.match(allow.error?.message ?? '', /statement 1 has Effect "Allow"/);
    assert.deepEqual(emulator.calls, [], 'refused before anything was sent');
    assert.deepEqual(asked, []);
    const deny = await act(text, { policy_document: DENY });
    assert.equal(deny.error, undefined, deny.error?.message);
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.input?.PolicyDocument),
      [DENY],
    );
  });

  it('JSON text with a key written twice is sent as the check read it: the last value, once', async () => {
    const twice =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}';
    const run = await act(`${PUT}PolicyDocument: '${twice}' }`);
    assert.equal(run.error, undefined, run.error?.message);
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.input?.PolicyDocument),
      [DENY],
    );
  });

  it('a policy of the same name is replaced: the confirmation shows the document it replaces', async () => {
    const run = await act(
      'service: iam\noperation: PutUserPolicy\n' +
        `input: { UserName: bob, PolicyName: s3-backup-write, PolicyDocument: '${DENY}' }`,
    );
    assert.equal(run.error, undefined, run.error?.message);
    assert.deepEqual(asked[0].before, [
      JSON.stringify({ user_name: 'bob', policy_name: 's3-backup-write' }),
      JSON.stringify({ user_name: 'bob', policy_name: 's3-backup-write', policy_document: BACKUP_POLICY }),
    ]);
    assert.equal(emulator.inventory(REGION).iamUsers[0].policyDocuments?.['s3-backup-write' as never], DENY);
  });
});

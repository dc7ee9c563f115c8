import * as assert from 'node:assert/strict';
import { ActionEngine, type ActionConfirmation } from '../../../src/core/aws/api/actionEngine';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest } from '../../../src/core/engine/types';
import type { CallRecord, Emulator } from '../../emulator';
import {
  APP_INSTANCE,
  ASSOCIATION_ID,
  COMPROMISE_SEED,
  DENY_ALL,
  DENY_ALL_DOCUMENT,
  ISOLATION_SG,
  PROFILE_ARN,
  REGION,
  REVOKE_SESSIONS_DOCUMENT,
} from './compromiseInventory';
import { parseAwsBlock } from '../../../src/core/playbook/awsBlockSpec';
import { collect, parameter, startEmulatorSession } from './helpers';
import { SG_ID } from './inventory';

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const MODIFY = `service: ec2\noperation: ModifyInstanceAttribute\ninput: { InstanceId: ${APP_INSTANCE}, `;
const DISASSOCIATE = 'service: ec2\noperation: DisassociateIamInstanceProfile\ninput: ';
const DENY_ALL_TEXT = JSON.stringify(DENY_ALL_DOCUMENT);
const PUT_USER = { UserName: 'bob', PolicyName: 'EmergencyDenyAll', PolicyDocument: DENY_ALL_TEXT };
const PUT_ROLE = {
  RoleName: 'app-server',
  PolicyName: 'RevokeOlderSessions',
  PolicyDocument: REVOKE_SESSIONS_DOCUMENT,
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Case {
  operation: string;
  /** The block body. */
  text: string;
  /** What the confirmation names as the resource. */
  resource: string;
  /** The exact call the user is asked about. */
  call: string;
  /** The request the emulator must receive once confirmed (form fields besides Action and Version). */
  wire: Record<string, string>;
  dryRun: boolean;
  /** A fragment of each before row's detail, and of each after row's (or `none` when the read found nothing). */
  before: RegExp[];
  after: RegExp[] | 'none';
}

const CASES: Case[] = [
  {
    operation: 'AttachUserPolicy',
    text: `service: iam\noperation: AttachUserPolicy\ninput: { UserName: bob, PolicyArn: "${DENY_ALL}" }`,
    resource: 'UserName=bob',
    call: `iam:AttachUserPolicy {"UserName":"bob","PolicyArn":"${DENY_ALL}"}`,
    wire: { UserName: 'bob', PolicyArn: DENY_ALL },
    dryRun: false,
    before: [/"policy_name":"ReadOnlyAccess"/],
    after: [/"policy_name":"ReadOnlyAccess"/, /"policy_arn":"arn:aws:iam::aws:policy\/AWSDenyAll"/],
  },
  {
    operation: 'AttachRolePolicy',
    text: `service: iam\noperation: AttachRolePolicy\ninput: { RoleName: app-server, PolicyArn: "${DENY_ALL}" }`,
    resource: 'RoleName=app-server',
    call: `iam:AttachRolePolicy {"RoleName":"app-server","PolicyArn":"${DENY_ALL}"}`,
    wire: { RoleName: 'app-server', PolicyArn: DENY_ALL },
    dryRun: false,
    before: [/"role_name":"app-server","policy_name":"AmazonS3FullAccess"/],
    after: [/"policy_name":"AmazonS3FullAccess"/, /"policy_name":"AWSDenyAll"/],
  },
  {
    operation: 'DetachUserPolicy',
    text: `service: iam\noperation: DetachUserPolicy\ninput: { UserName: bob, PolicyArn: "${READ_ONLY}" }`,
    resource: `UserName=bob, PolicyArn=${READ_ONLY}`,
    call: `iam:DetachUserPolicy {"UserName":"bob","PolicyArn":"${READ_ONLY}"}`,
    wire: { UserName: 'bob', PolicyArn: READ_ONLY },
    dryRun: false,
    before: [/"policy_arn":"arn:aws:iam::aws:policy\/ReadOnlyAccess"/],
    after: 'none',
  },
  {
    operation: 'PutUserPolicy',
    // The document written as a YAML mapping, as the importer writes a parsed --policy-document.
    text:
      'service: iam\noperation: PutUserPolicy\ninput:\n  UserName: bob\n  PolicyName: EmergencyDenyAll\n' +
      '  PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }',
    resource: 'UserName=bob, PolicyName=EmergencyDenyAll',
    call: `iam:PutUserPolicy ${JSON.stringify(PUT_USER)}`,
    wire: PUT_USER,
    dryRun: false,
    // No policy of that name yet: GetUserPolicy finds nothing and adds no row.
    before: [/^\{"user_name":"bob","policy_name":"s3-backup-write"\}$/],
    after: [
      /^\{"user_name":"bob","policy_name":"s3-backup-write"\}$/,
      /^\{"user_name":"bob","policy_name":"EmergencyDenyAll"\}$/,
      // The document read back, as the row's JSON carries it.
      new RegExp(`"policy_name":"EmergencyDenyAll","policy_document":${escapeRegExp(JSON.stringify(DENY_ALL_TEXT))}`),
    ],
  },
  {
    operation: 'PutRolePolicy',
    // The document written as JSON text: sent as written.
    text:
      'service: iam\noperation: PutRolePolicy\n' +
      `input: { RoleName: app-server, PolicyName: RevokeOlderSessions, PolicyDocument: '${REVOKE_SESSIONS_DOCUMENT}' }`,
    resource: 'RoleName=app-server, PolicyName=RevokeOlderSessions',
    call: `iam:PutRolePolicy ${JSON.stringify(PUT_ROLE)}`,
    wire: PUT_ROLE,
    dryRun: false,
    before: [/^\{"role_name":"app-server","policy_name":"kms-decrypt"\}$/],
    after: [
      /"policy_name":"kms-decrypt"/,
      /^\{"role_name":"app-server","policy_name":"RevokeOlderSessions"\}$/,
      /aws:TokenIssueTime\\":\\"2026-11-21T04:00:00Z/,
    ],
  },
  {
    operation: 'DeleteLoginProfile',
    text: 'service: iam\noperation: DeleteLoginProfile\ninput: { UserName: bob }',
    resource: 'UserName=bob',
    call: 'iam:DeleteLoginProfile {"UserName":"bob"}',
    wire: { UserName: 'bob' },
    dryRun: false,
    before: [/"user_name":"bob","created":"2024-03-01T08:05:00.000Z","password_reset_required":false/],
    after: 'none',
  },
  {
    operation: 'ModifyInstanceAttribute',
    text: `${MODIFY}Groups: [${ISOLATION_SG}] }`,
    resource: `InstanceId=${APP_INSTANCE}`,
    call: `ec2:ModifyInstanceAttribute {"InstanceId":"${APP_INSTANCE}","Groups":["${ISOLATION_SG}"]}`,
    wire: { InstanceId: APP_INSTANCE, 'GroupId.1': ISOLATION_SG },
    dryRun: true,
    before: [new RegExp(`"instance_id":"${APP_INSTANCE}".*"security_groups":"${SG_ID}"`)],
    after: [new RegExp(`"instance_id":"${APP_INSTANCE}".*"security_groups":"${ISOLATION_SG}"`)],
  },
  {
    operation: 'DisassociateIamInstanceProfile',
    text: `${DISASSOCIATE}{ AssociationId: ${ASSOCIATION_ID} }`,
    resource: `AssociationId=${ASSOCIATION_ID}`,
    call: `ec2:DisassociateIamInstanceProfile {"AssociationId":"${ASSOCIATION_ID}"}`,
    wire: { AssociationId: ASSOCIATION_ID },
    // EC2 has no DryRun for this call: trying one would send the real call.
    dryRun: false,
    before: [new RegExp(`"instance_profile":"${PROFILE_ARN}","state":"associated"`)],
    after: [new RegExp(`"instance_profile":"${PROFILE_ARN}","state":"disassociating"`)],
  },
];

function request(text: string): QueryRequest {
  return { engine: 'action', queryId: 'act', text, parameters: {}, definitions: [] };
}

/** The request's own fields, without the protocol's Action and Version. */
function sent(call: CallRecord): Record<string, unknown> {
  const { Action: _action, Version: _version, ...fields } = call.input ?? {};
  return fields;
}

describe('Containment actions of the compromise playbooks (real SDK clients against the emulator)', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let asked: ActionConfirmation[];
  const act = (text: string, answer: boolean) =>
    collect(
      new ActionEngine(session, async question => {
        asked.push(question);
        return answer;
      }).run(request(text), new AbortController().signal),
    );
  const callsOf = (operation: string) => emulator.calls.filter(c => c.action === operation);

  beforeEach(async () => {
    ({ emulator, session, close } = await startEmulatorSession(REGION));
    emulator.seedInventory(COMPROMISE_SEED);
    asked = [];
  });
  afterEach(() => close());

  for (const c of CASES) {
    it(`${c.operation}, not confirmed: asked once naming account, region, resource, call; nothing sent`, async () => {
      const before = emulator.inventory(REGION);
      const run = await act(c.text, false);
      assert.equal(run.error?.code, 'ActionNotConfirmed');
      assert.deepEqual(emulator.mutatingCalls(), []);
      assert.deepEqual(
        callsOf(c.operation).map(call => call.input?.DryRun),
        c.dryRun ? ['true'] : [],
        c.dryRun ? 'only the dry run reached EC2' : 'the call never reached AWS',
      );
      assert.deepEqual(emulator.inventory(REGION), before, 'the account is as it was');
      assert.deepEqual(
        asked.map(q => ({
          account: q.account,
          region: q.region,
          resource: q.resource,
          call: q.call,
          dryRun: q.dryRun,
        })),
        [
          {
            account: '111122223333',
            region: REGION,
            resource: c.resource,
            call: c.call,
            dryRun: c.dryRun ? 'passed' : undefined,
          },
        ],
      );
      assert.deepEqual(
        run.rows.map(r => r[0]),
        [...c.before.map(() => 'before'), ...(c.dryRun ? ['dry-run'] : [])],
        'the state before is kept as evidence',
      );
    });

    it(`${c.operation}, confirmed: the exact call sent once, with the state before and after in the rows`, async () => {
      const run = await act(c.text, true);
      assert.equal(run.error, undefined, run.error?.message);
      const real = callsOf(c.operation).filter(call => call.input?.DryRun === undefined);
      assert.deepEqual(real.map(sent), [c.wire]);
      assert.deepEqual(
        emulator.mutatingCalls().map(call => [call.action, call.region]),
        [[c.operation, REGION]],
      );
      const steps = (step: string) => run.rows.filter(r => r[0] === step).map(r => String(r[5]));
      assert.equal(steps('before').length, c.before.length);
      c.before.forEach((pattern, i) => assert.match(steps('before')[i], pattern));
      if (c.after === 'none') {
        assert.deepEqual(
          run.rows.filter(r => r[0] === 'after').map(r => r[4]),
          ['none'],
          'a row says the read after found nothing',
        );
      } else {
        assert.equal(steps('after').length, c.after.length);
        c.after.forEach((pattern, i) => assert.match(steps('after')[i], pattern));
      }
      assert.deepEqual(
        run.rows.map(r => r[0]).filter(step => step !== 'before' && step !== 'after'),
        [...(c.dryRun ? ['dry-run'] : []), 'action'],
      );
      assert.equal(run.metadata.context.confirmed, 'yes');
    });
  }

  it('refused by validation, nothing sent: two resources, a wrong fixed value, another attribute', async () => {
    const refusals: Array<[string, RegExp]> = [
      [
        `service: iam\noperation: AttachUserPolicy\ninput: { UserName: [bob, alice], PolicyArn: "${DENY_ALL}" }`,
        /input\.UserName must be one name or id, not a list/,
      ],
      [`${MODIFY}Groups: [${ISOLATION_SG}, ${SG_ID}] }`, /input\.Groups must list exactly one item/],
      [
        `${DISASSOCIATE}{ AssociationId: [${ASSOCIATION_ID}, iip-assoc-2] }`,
        /input\.AssociationId must be one name or id/,
      ],
      [
        'service: iam\noperation: AttachUserPolicy\n' +
          'input: { UserName: bob, PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }',
        /may only set PolicyArn to arn:aws:iam::aws:policy\/AWSDenyAll here \(containment\)/,
      ],
      [
        `service: iam\noperation: AttachRolePolicy\ninput: { RoleName: app-server, PolicyArn: "${READ_ONLY}" }`,
        /may only set PolicyArn to arn:aws:iam::aws:policy\/AWSDenyAll/,
      ],
      [
        `${MODIFY}Groups: [${ISOLATION_SG}], UserData: { Value: ZWNobyBoaQ== } }`,
        /may only be given InstanceId and Groups here \(containment\), not UserData/,
      ],
      [`${MODIFY}Attribute: disableApiTermination, Value: "false" }`, /needs input\.Groups/],
    ];
    for (const [text, message] of refusals) {
      const run = await act(text, true);
      assert.equal(run.error?.code, 'InvalidAwsBlock', text);
      assert.match(run.error?.message ?? '', message, text);
    }
    assert.deepEqual(emulator.calls, [], 'nothing was sent, not even the identity call');
    assert.deepEqual(asked, []);
  });

  it('a policy given as a parameter validates, and is held to AWSDenyAll once its value is known', async () => {
    const text = 'service: iam\noperation: AttachUserPolicy\ninput: { UserName: bob, PolicyArn: "{{policy}}" }';
    assert.deepEqual(parseAwsBlock(text, 'action').problems, []);
    const run = (policy: string) =>
      collect(
        new ActionEngine(session, async question => {
          asked.push(question);
          return true;
        }).run(
          { ...request(text), parameters: { policy }, definitions: [parameter('policy', 'string')] },
          new AbortController().signal,
        ),
      );
    const admin = await run('arn:aws:iam::aws:policy/AdministratorAccess');
    assert.equal(admin.error?.code, 'InvalidAwsBlock');
    assert.deepEqual(emulator.calls, []);
    const denyAll = await run(DENY_ALL);
    assert.equal(denyAll.error, undefined, denyAll.error?.message);
    assert.deepEqual(callsOf('AttachUserPolicy').map(sent), [{ UserName: 'bob', PolicyArn: DENY_ALL }]);
  });
});

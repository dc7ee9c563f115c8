// Containment actions (`action` blocks): one call that changes one resource, sent only after the user confirms a
// question naming the account, the region, the resource and the exact call. Before asking, the resource's current
// state is read (kept as evidence in the run's rows) and, where the API has it, the call is tried with DryRun so a
// missing permission shows before the confirmation. The state after the call is read again for the record.
import {
  Column,
  EngineAvailability,
  EngineError,
  QueryEngine,
  QueryRequest,
  ResultPage,
  RunHandle,
  Row,
} from '../../engine/types';
import { ACTION_RULES, AWS_SERVICES } from '../../playbook/awsOperations';
import { policyDocumentText } from '../../playbook/denyOnlyPolicy';
import { awsErrorName, cancelledError, toAwsEngineError } from '../errors';
import { RunState, startRun } from '../runHandle';
import type { AwsSession } from '../session';
import { checkedSpec } from './awsApiEngine';
import { answersNothing, cell, Item, PROJECTIONS } from './projections';
import { sdkOperation } from './sdk';

/** What the user is asked before a containment call is sent. */
export interface ActionConfirmation {
  account: string;
  region: string;
  /** The resource the call changes, e.g. "GroupId=sg-…, SecurityGroupRuleIds=sgr-…". */
  resource: string;
  /** The exact call: `ec2:RevokeSecurityGroupIngress {"GroupId":…}`. */
  call: string;
  /** 'passed' when EC2 answered the DryRun with "would have succeeded"; absent where the API has no DryRun. */
  dryRun?: 'passed';
  /** The resource as it is now, one line per row of the before-state read. */
  before: string[];
}

/** Asked once per action run; resolves true only when the user said yes to this exact call. */
export type ConfirmAction = (question: ActionConfirmation) => Promise<boolean>;

interface StateRead {
  operation: string;
  input: (input: Item) => Item;
}

/** The inline policies of the user or role, and the one of that name (the document a Put would replace). */
const inlinePolicyReads = (kind: 'User' | 'Role'): StateRead[] => [
  { operation: `List${kind}Policies`, input: i => ({ [`${kind}Name`]: i[`${kind}Name`] }) },
  { operation: `Get${kind}Policy`, input: i => ({ [`${kind}Name`]: i[`${kind}Name`], PolicyName: i.PolicyName }) },
];

/** The read(s) that show each action's resource before and after it changes. */
const STATE_READS: Readonly<Record<string, StateRead | StateRead[]>> = {
  'ec2:RevokeSecurityGroupIngress': {
    operation: 'DescribeSecurityGroupRules',
    input: i => ({ Filters: [{ Name: 'group-id', Values: [i.GroupId] }] }),
  },
  'ec2:CreateSnapshot': { operation: 'DescribeVolumes', input: i => ({ VolumeIds: [i.VolumeId] }) },
  'ec2:StopInstances': { operation: 'DescribeInstances', input: i => ({ InstanceIds: i.InstanceIds }) },
  'ec2:ModifyInstanceAttribute': { operation: 'DescribeInstances', input: i => ({ InstanceIds: [i.InstanceId] }) },
  'ec2:DisassociateIamInstanceProfile': {
    operation: 'DescribeIamInstanceProfileAssociations',
    input: i => ({ AssociationIds: [i.AssociationId] }),
  },
  'iam:UpdateAccessKey': { operation: 'ListAccessKeys', input: i => ({ UserName: i.UserName }) },
  'iam:DeleteLoginProfile': { operation: 'GetLoginProfile', input: i => ({ UserName: i.UserName }) },
  'iam:AttachUserPolicy': { operation: 'ListAttachedUserPolicies', input: i => ({ UserName: i.UserName }) },
  'iam:DetachUserPolicy': { operation: 'ListAttachedUserPolicies', input: i => ({ UserName: i.UserName }) },
  'iam:AttachRolePolicy': { operation: 'ListAttachedRolePolicies', input: i => ({ RoleName: i.RoleName }) },
  'iam:DetachRolePolicy': { operation: 'ListAttachedRolePolicies', input: i => ({ RoleName: i.RoleName }) },
  'iam:PutUserPolicy': inlinePolicyReads('User'),
  'iam:PutRolePolicy': inlinePolicyReads('Role'),
  's3:PutPublicAccessBlock': { operation: 'GetPublicAccessBlock', input: i => ({ Bucket: i.Bucket }) },
  'rds:ModifyDBInstance': {
    operation: 'DescribeDBInstances',
    input: i => ({ DBInstanceIdentifier: i.DBInstanceIdentifier }),
  },
  'rds:CreateDBSnapshot': {
    operation: 'DescribeDBSnapshots',
    input: i => ({ DBInstanceIdentifier: i.DBInstanceIdentifier }),
  },
};

const stateReads = (key: string): StateRead[] => [STATE_READS[key]].flat();

const ACTION_COLUMNS: Column[] = ['step', 'call', 'region', 'resource', 'outcome', 'detail'].map(name => ({
  name,
  type: 'varchar',
}));

export class ActionEngine implements QueryEngine {
  readonly id = 'action' as const;
  readonly displayName = 'Containment action (asks first)';

  constructor(
    private readonly session: AwsSession,
    private readonly confirm: ConfirmAction,
  ) {}

  availability(): Promise<EngineAvailability> {
    return this.session.availability();
  }

  run(request: QueryRequest, signal: AbortSignal): RunHandle {
    return startRun('action', request, signal, state => this.act(request, signal, state));
  }

  private async *act(request: QueryRequest, signal: AbortSignal, state: RunState): AsyncGenerator<ResultPage> {
    // With the values resolved, the block's checks also hold the action to its one resource and direction.
    const spec = checkedSpec(request, 'action');
    const key = `${spec.service}:${spec.operation}`;
    const rule = ACTION_RULES[key];
    const info = AWS_SERVICES[spec.service];
    const region = info.global || !Array.isArray(spec.regions) ? this.session.region : spec.regions[0];
    const call = `${info.prefix}:${spec.operation}`;
    // The policy document of a Put travels as JSON text, whether the block wrote it as text or as a mapping.
    const input: Item = rule.denyOnly
      ? { ...spec.input, [rule.denyOnly]: policyDocumentText(spec.input[rule.denyOnly]) }
      : spec.input;
    const resource = rule.resource.map(k => `${k}=${String(cell(input[k]))}`).join(', ');
    const me = await this.session.identity(signal);
    Object.assign(state.context, {
      profile: this.session.profile,
      account: me.account,
      callerArn: me.arn,
      region,
      call,
      resource,
    });
    state.queryText = `${call} ${JSON.stringify(input)}`;
    const row = (step: string, outcome: string, detail: unknown): Row => [
      step,
      call,
      region,
      resource,
      outcome,
      typeof detail === 'string' ? detail : JSON.stringify(detail),
    ];

    // A read that finds nothing (no login profile, no policy left attached) still leaves a row saying so.
    const stateRows = (step: string, states: Array<Record<string, unknown>>) =>
      states.length
        ? states.map(d => row(step, 'read', d))
        : [
            row(
              step,
              'none',
              `${stateReads(key)
                .map(r => r.operation)
                .join(', ')} found nothing`,
            ),
          ];
    const before = await this.readState(key, spec.service, input, region, signal);
    yield { columns: ACTION_COLUMNS, rows: stateRows('before', before) };

    let dryRun: ActionConfirmation['dryRun'];
    if (rule.dryRun) {
      dryRun = await this.dryRun(spec.service, spec.operation, input, region, call, signal);
      state.context.dryRun = dryRun;
      yield { columns: ACTION_COLUMNS, rows: [row('dry-run', 'would succeed', 'DryRunOperation')] };
    }
    if (signal.aborted) throw cancelledError();
    const confirmed = await this.confirm({
      account: me.account,
      region,
      resource,
      call: state.queryText,
      dryRun,
      before: before.map(d => JSON.stringify(d)),
    });
    state.context.confirmed = confirmed ? 'yes' : 'no';
    if (!confirmed) {
      throw new EngineError(
        `Not sent: ${call} on ${resource} in account ${me.account}, ${region} was not confirmed. ` +
          'Nothing was changed; the state read before is kept as evidence.',
        'ActionNotConfirmed',
      );
    }
    if (signal.aborted) throw cancelledError();
    const op = await sdkOperation(this.session, spec.service, spec.operation, region);
    let out: Item;
    try {
      // No abort signal: once confirmed and sent, a write is not cut off half-way; its answer is recorded.
      out = await op.client.send(op.command(input));
    } catch (e) {
      throw toAwsEngineError(e, this.session.errorContext(call, region));
    }
    const { $metadata: _metadata, ...result } = out;
    yield { columns: ACTION_COLUMNS, rows: [row('action', 'succeeded', result)] };
    const after = await this.readState(key, spec.service, input, region, signal);
    yield { columns: ACTION_COLUMNS, rows: stateRows('after', after) };
  }

  /** The resource's state, one object per row of the reads' projections (column name → value). */
  private async readState(
    key: string,
    service: string,
    input: Item,
    region: string,
    signal: AbortSignal,
  ): Promise<Array<Record<string, unknown>>> {
    const states: Array<Record<string, unknown>> = [];
    for (const read of stateReads(key)) {
      const op = await sdkOperation(this.session, service, read.operation, region);
      const readInput = read.input(input);
      const projection = PROJECTIONS[`${service}:${read.operation}`];
      let out: Item;
      try {
        out = await op.client.send(op.command(readInput), { abortSignal: signal });
      } catch (e) {
        if (answersNothing(`${service}:${read.operation}`, e)) continue;
        const call = `${AWS_SERVICES[service].prefix}:${read.operation}`;
        throw toAwsEngineError(e, this.session.errorContext(call, region));
      }
      for (const item of projection.items(out)) {
        states.push(Object.fromEntries(projection.columns.map(([name, get]) => [name, cell(get(item, readInput))])));
      }
    }
    return states;
  }

  /** DryRun answers DryRunOperation when the call would succeed; any other answer stops the action before asking. */
  private async dryRun(
    service: string,
    operation: string,
    input: Item,
    region: string,
    call: string,
    signal: AbortSignal,
  ): Promise<'passed'> {
    const op = await sdkOperation(this.session, service, operation, region);
    try {
      await op.client.send(op.command({ ...input, DryRun: true }), { abortSignal: signal });
    } catch (e) {
      if (awsErrorName(e) === 'DryRunOperation') return 'passed';
      throw toAwsEngineError(e, this.session.errorContext(call, region));
    }
    throw new EngineError(
      `${call} answered a DryRun without the expected DryRunOperation: not sent.`,
      'DryRunUnexpected',
    );
  }
}

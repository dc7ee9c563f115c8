// EC2 (ec2Query: form parameters in, XML out): the Describe reads of the inventory, paginated with MaxResults and
// NextToken, throttled per operation like EC2, and the containment calls, which honour DryRun where EC2 has it.
import { AwsError } from './errors';
import type { WireItem } from './types';
import { queryFilters, queryList } from './xml';

interface ReadSpec {
  /** The output list, as EC2 names it on the wire. */
  list: string;
  /** The request's id list and the item field it matches. */
  id?: [param: string, field: string];
  /** Filter names this emulator applies, and the item field each compares (a dotted path for a nested one). */
  filters?: Record<string, string>;
  /** EC2 refuses MaxResults together with an id list for these. */
  idsExcludeMaxResults?: boolean;
}

const READS: Record<string, ReadSpec> = {
  DescribeSecurityGroups: {
    list: 'securityGroupInfo',
    id: ['GroupId', 'groupId'],
    idsExcludeMaxResults: true,
    filters: { 'group-id': 'groupId', 'vpc-id': 'vpcId', 'group-name': 'groupName' },
  },
  DescribeSecurityGroupRules: {
    list: 'securityGroupRuleSet',
    id: ['SecurityGroupRuleId', 'securityGroupRuleId'],
    filters: { 'group-id': 'groupId' },
  },
  DescribeInstances: { list: 'reservationSet', idsExcludeMaxResults: true },
  DescribeVolumes: {
    list: 'volumeSet',
    id: ['VolumeId', 'volumeId'],
    filters: { 'attachment.instance-id': 'instanceId' },
  },
  DescribeSnapshots: { list: 'snapshotSet', id: ['SnapshotId', 'snapshotId'], filters: { 'volume-id': 'volumeId' } },
  DescribeFlowLogs: { list: 'flowLogSet', id: ['FlowLogId', 'flowLogId'], filters: { 'resource-id': 'resourceId' } },
  DescribeVpcs: { list: 'vpcSet', id: ['VpcId', 'vpcId'] },
  DescribeRouteTables: { list: 'routeTableSet' },
  DescribeNatGateways: { list: 'natGatewaySet' },
  DescribeInternetGateways: { list: 'internetGatewaySet' },
  DescribeVpcPeeringConnections: { list: 'vpcPeeringConnectionSet' },
  DescribeNetworkAcls: { list: 'networkAclSet' },
  DescribeVpcEndpoints: { list: 'vpcEndpointSet' },
  DescribeAddresses: { list: 'addressesSet' },
  DescribeImages: { list: 'imagesSet', id: ['ImageId', 'imageId'] },
  DescribeIamInstanceProfileAssociations: {
    list: 'iamInstanceProfileAssociationSet',
    id: ['AssociationId', 'associationId'],
    idsExcludeMaxResults: true,
    filters: { 'instance-id': 'instanceId', state: 'state' },
  },
  DescribeNetworkInterfaces: {
    list: 'networkInterfaceSet',
    id: ['NetworkInterfaceId', 'networkInterfaceId'],
    idsExcludeMaxResults: true,
    filters: { 'attachment.instance-id': 'attachment.instanceId', 'vpc-id': 'vpcId', 'subnet-id': 'subnetId' },
  },
};

/** Valid MaxResults for the paginated Describe calls (EC2 API reference: 5 to 1000). */
const MIN_PAGE = 5;
const MAX_PAGE = 1000;

export class Ec2Service {
  /** Per region: wire lists by name. */
  private readonly regions = new Map<string, Record<string, WireItem[]>>();
  private snapshotCounter = 0;

  seed(region: string, lists: Record<string, WireItem[]>): void {
    const state = this.state(region);
    for (const [name, items] of Object.entries(lists))
      state[name] = [...(state[name] ?? []), ...structuredClone(items)];
  }

  state(region: string): Record<string, WireItem[]> {
    let state = this.regions.get(region);
    if (!state) {
      state = {};
      this.regions.set(region, state);
    }
    return state;
  }

  /** The inner XML fields of the answer (the wire object EC2 returns, before XML). */
  handle(
    action: string,
    params: Record<string, string>,
    region: string,
    account: string,
    enabledRegions: string[],
    now: number,
  ): WireItem {
    if (action === 'DescribeRegions') {
      return {
        regionInfo: enabledRegions.map(r => ({
          regionName: r,
          regionEndpoint: `ec2.${r}.amazonaws.com`,
          optInStatus: 'opt-in-not-required',
        })),
      };
    }
    const read = READS[action];
    if (read) return this.describe(action, read, params, region, account);
    const state = this.state(region);
    if (action === 'RevokeSecurityGroupIngress') return this.revoke(state, params);
    if (action === 'CreateSnapshot') return this.snapshot(state, params, account, now);
    if (action === 'StopInstances') return this.stop(state, params);
    if (action === 'ModifyInstanceAttribute') return this.replaceGroups(state, params);
    if (action === 'DisassociateIamInstanceProfile') return this.disassociate(state, params);
    throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
  }

  private describe(
    action: string,
    read: ReadSpec,
    params: Record<string, string>,
    region: string,
    account: string,
  ): WireItem {
    let items = this.state(region)[read.list] ?? [];
    const ids = read.id ? queryList(params, read.id[0]) : [];
    const max = params.MaxResults === undefined ? undefined : Number(params.MaxResults);
    if (max !== undefined && (!Number.isInteger(max) || max < MIN_PAGE || max > MAX_PAGE)) {
      throw new AwsError(
        'InvalidParameterValue',
        `Value (${params.MaxResults}) for parameter maxResults is invalid. ` +
          `Expecting a value between ${MIN_PAGE} and ${MAX_PAGE}.`,
      );
    }
    if (max !== undefined && read.idsExcludeMaxResults && (ids.length || queryList(params, 'InstanceId').length)) {
      throw new AwsError(
        'InvalidParameterCombination',
        'The parameter ids cannot be used with the parameter maxResults',
      );
    }
    if (read.id && ids.length) {
      items = items.filter(i => ids.includes(String(i[read.id![1]])));
      const missing = ids.filter(id => !items.some(i => i[read.id![1]] === id));
      if (missing.length) throw new AwsError(notFoundCode(action), `The ID '${missing[0]}' does not exist`);
    }
    if (action === 'DescribeInstances') items = filterReservations(items, params);
    // DescribeImages (Owner.N) and DescribeSnapshots (Owner.N): `self` is the caller's account.
    const owners = queryList(params, 'Owner').map(o => (o === 'self' ? account : o));
    if (owners.length) items = items.filter(i => owners.includes(String(i.imageOwnerId ?? i.ownerId)));
    for (const filter of queryFilters(params)) {
      const field = read.filters?.[filter.name];
      if (field) items = items.filter(i => filter.values.includes(String(wireAt(i, field))));
    }
    const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new AwsError('InvalidNextToken', 'The token provided is invalid.');
    }
    const end = max === undefined ? items.length : start + max;
    const out: WireItem = { [read.list]: items.slice(start, end) };
    if (end < items.length) out.nextToken = Buffer.from(String(end)).toString('base64url');
    return out;
  }

  private revoke(state: Record<string, WireItem[]>, params: Record<string, string>): WireItem {
    const ruleIds = queryList(params, 'SecurityGroupRuleId');
    const rules = state.securityGroupRuleSet ?? [];
    if (!(state.securityGroupInfo ?? []).some(g => g.groupId === params.GroupId)) {
      throw new AwsError('InvalidGroup.NotFound', `The security group '${params.GroupId}' does not exist`);
    }
    const found = rules.filter(r => ruleIds.includes(String(r.securityGroupRuleId)) && r.groupId === params.GroupId);
    if (!ruleIds.length || found.length !== ruleIds.length) {
      throw new AwsError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${ruleIds.join(',')}' does not exist`,
      );
    }
    dryRun(params);
    state.securityGroupRuleSet = rules.filter(r => !found.includes(r));
    return { return: true };
  }

  private snapshot(
    state: Record<string, WireItem[]>,
    params: Record<string, string>,
    account: string,
    now: number,
  ): WireItem {
    const volume = (state.volumeSet ?? []).find(v => v.volumeId === params.VolumeId);
    if (!volume) throw new AwsError('InvalidVolume.NotFound', `The volume '${params.VolumeId}' does not exist.`);
    dryRun(params);
    const snapshot = {
      snapshotId: `snap-${(++this.snapshotCounter).toString(16).padStart(17, '0')}`,
      volumeId: volume.volumeId,
      status: 'pending',
      startTime: new Date(now),
      progress: '',
      ownerId: account,
      volumeSize: volume.size,
      description: params.Description ?? '',
      encrypted: volume.encrypted ?? false,
    };
    state.snapshotSet = [...(state.snapshotSet ?? []), snapshot];
    return snapshot;
  }

  private stop(state: Record<string, WireItem[]>, params: Record<string, string>): WireItem {
    const ids = queryList(params, 'InstanceId');
    const instances = instancesOf(state);
    const missing = ids.find(id => !instances.some(i => i.instanceId === id));
    if (!ids.length || missing)
      throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${missing ?? ''}' does not exist`);
    dryRun(params);
    return {
      instancesSet: ids.map(id => {
        const instance = instances.find(i => i.instanceId === id)!;
        const previousState = instance.instanceState;
        instance.instanceState = { code: 64, name: 'stopping' };
        return { instanceId: id, currentState: instance.instanceState, previousState };
      }),
    };
  }

  /** ModifyInstanceAttribute with `GroupId.N` only: the instance's (and its interfaces') groups become those. */
  private replaceGroups(state: Record<string, WireItem[]>, params: Record<string, string>): WireItem {
    const instance = instancesOf(state).find(i => i.instanceId === params.InstanceId);
    if (!instance)
      throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${params.InstanceId ?? ''}' does not exist`);
    const ids = queryList(params, 'GroupId');
    const other = Object.keys(params).filter(k => !/^(Action|Version|InstanceId|DryRun|GroupId\.\d+)$/.test(k));
    if (!ids.length || other.length) {
      throw new AwsError(
        'InvalidParameterCombination',
        `The emulator replaces security groups only (GroupId.N); it was also given ${other.join(', ') || 'no group'}.`,
      );
    }
    const groups = ids.map(id => {
      const group = (state.securityGroupInfo ?? []).find(g => g.groupId === id);
      if (!group) throw new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
      if (group.vpcId !== instance.vpcId) {
        throw new AwsError(
          'InvalidGroup.NotFound',
          `The security group '${id}' does not exist in VPC '${String(instance.vpcId)}'`,
        );
      }
      return { groupId: id, groupName: group.groupName };
    });
    dryRun(params);
    instance.groupSet = groups;
    for (const eni of state.networkInterfaceSet ?? []) {
      if (wireAt(eni, 'attachment.instanceId') === instance.instanceId) eni.groupSet = structuredClone(groups);
    }
    return { return: true };
  }

  /** DisassociateIamInstanceProfile (the API has no DryRun): the association is disassociating, the role gone. */
  private disassociate(state: Record<string, WireItem[]>, params: Record<string, string>): WireItem {
    const association = (state.iamInstanceProfileAssociationSet ?? []).find(
      a => a.associationId === params.AssociationId,
    );
    if (!association || association.state !== 'associated') {
      throw new AwsError(
        'InvalidAssociationID.NotFound',
        `An association ID '${params.AssociationId ?? ''}' does not exist or is not associated`,
      );
    }
    association.state = 'disassociating';
    const instance = instancesOf(state).find(i => i.instanceId === association.instanceId);
    if (instance) delete instance.iamInstanceProfile;
    return { iamInstanceProfileAssociation: association };
  }
}

function instancesOf(state: Record<string, WireItem[]>): WireItem[] {
  return (state.reservationSet ?? []).flatMap(r => (r.instancesSet as WireItem[] | undefined) ?? []);
}

/** A field of a wire item, by dotted path (`attachment.instanceId`). */
function wireAt(item: WireItem, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as WireItem)[k] : undefined), item);
}

/** After the checks a real call makes, a DryRun call stops with the error that means "you may". */
function dryRun(params: Record<string, string>): void {
  if (params.DryRun === 'true') {
    throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
  }
}

function filterReservations(reservations: WireItem[], params: Record<string, string>): WireItem[] {
  const ids = queryList(params, 'InstanceId');
  const states = queryFilters(params).find(f => f.name === 'instance-state-name')?.values;
  const keep = (i: WireItem) =>
    (!ids.length || ids.includes(String(i.instanceId))) &&
    (!states || states.includes(String((i.instanceState as WireItem | undefined)?.name)));
  const out = reservations
    .map(r => ({ ...r, instancesSet: ((r.instancesSet as WireItem[] | undefined) ?? []).filter(keep) }))
    .filter(r => r.instancesSet.length > 0);
  const missing = ids.find(id => !out.some(r => r.instancesSet.some(i => i.instanceId === id)));
  if (missing) throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${missing}' does not exist`);
  return out;
}

function notFoundCode(action: string): string {
  const codes: Record<string, string> = {
    DescribeSecurityGroups: 'InvalidGroup.NotFound',
    DescribeSecurityGroupRules: 'InvalidSecurityGroupRuleId.NotFound',
    DescribeVolumes: 'InvalidVolume.NotFound',
    DescribeSnapshots: 'InvalidSnapshot.NotFound',
    DescribeVpcs: 'InvalidVpcID.NotFound',
    DescribeImages: 'InvalidAMIID.NotFound',
    DescribeIamInstanceProfileAssociations: 'InvalidAssociationID.NotFound',
    DescribeNetworkInterfaces: 'InvalidNetworkInterfaceID.NotFound',
  };
  return codes[action] ?? 'InvalidParameterValue';
}

// RDS (awsQuery, per region): DB instances, clusters and snapshots with their sharing attributes; the reads a
// database-exposure playbook makes and its two containment calls (take an instance off the internet, snapshot it).
import { AwsError } from './errors';
import type { WireItem } from './types';
import { xmlEscape } from './wire';

/** Seeded RDS state of one region, wire-shaped (`DBInstanceIdentifier`, `PubliclyAccessible`...). */
export interface RdsSeed {
  instances?: WireItem[];
  clusters?: WireItem[];
  /** Snapshots; `attributes` (emulator only) maps an attribute name (`restore`) to its values. */
  snapshots?: Array<WireItem & { attributes?: Record<string, string[]> }>;
}

export interface RdsState {
  instances: WireItem[];
  clusters: WireItem[];
  snapshots: Array<WireItem & { attributes?: Record<string, string[]> }>;
}

/** List members RDS does not name by dropping the list's plural `s`. */
const MEMBER_NAMES: Record<string, string> = {
  VpcSecurityGroups: 'VpcSecurityGroupMembership',
  TagList: 'Tag',
  ReadReplicaDBInstanceIdentifiers: 'ReadReplicaDBInstanceIdentifier',
};

/** Wire data as RDS's XML: each list element is named by its list (`<DBInstances><DBInstance>…`). */
export function rdsXml(value: unknown, listKey = ''): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const tag = MEMBER_NAMES[listKey] ?? listKey.replace(/s$/, '');
    return value.map(v => `<${tag}>${rdsXml(v)}</${tag}>`).join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && k !== 'attributes')
      .map(([k, v]) => `<${k}>${rdsXml(v, k)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

export class RdsService {
  private readonly regions = new Map<string, RdsState>();

  seed(region: string, seed: RdsSeed): void {
    const state = this.state(region);
    state.instances.push(...structuredClone(seed.instances ?? []));
    state.clusters.push(...structuredClone(seed.clusters ?? []));
    state.snapshots.push(...structuredClone(seed.snapshots ?? []));
  }

  /** The wire object inside `<{Action}Result>`. */
  handle(action: string, params: Record<string, string>, region: string, account: string, now: number): WireItem {
    const state = this.state(region);
    switch (action) {
      case 'DescribeDBInstances': {
        const id = params.DBInstanceIdentifier;
        if (id !== undefined) return { DBInstances: [this.instance(state, id)] };
        return page('DBInstances', state.instances, params);
      }
      case 'DescribeDBClusters': {
        const id = params.DBClusterIdentifier;
        const found = state.clusters.filter(c => id === undefined || c.DBClusterIdentifier === id);
        if (id !== undefined && !found.length)
          throw new AwsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404);
        return page('DBClusters', found, params);
      }
      case 'DescribeDBSnapshots': {
        const snapshotId = params.DBSnapshotIdentifier;
        const found = state.snapshots.filter(
          s =>
            (params.DBInstanceIdentifier === undefined || s.DBInstanceIdentifier === params.DBInstanceIdentifier) &&
            (snapshotId === undefined || s.DBSnapshotIdentifier === snapshotId),
        );
        if (snapshotId !== undefined && !found.length)
          throw new AwsError('DBSnapshotNotFound', `DBSnapshot ${snapshotId} not found.`, 404);
        return page('DBSnapshots', found, params);
      }
      case 'DescribeDBSnapshotAttributes': {
        const snapshot = this.dbSnapshot(state, params.DBSnapshotIdentifier);
        const attributes = Object.entries(snapshot.attributes ?? { restore: [] });
        return {
          DBSnapshotAttributesResult: {
            DBSnapshotIdentifier: snapshot.DBSnapshotIdentifier,
            DBSnapshotAttributes: attributes.map(([name, values]) => ({
              AttributeName: name,
              AttributeValues: values,
            })),
          },
        };
      }
      case 'ModifyDBInstance': {
        const instance = this.instance(state, params.DBInstanceIdentifier);
        // RDS applies a change of PubliclyAccessible at once, whatever ApplyImmediately says.
        if (params.PubliclyAccessible !== undefined) instance.PubliclyAccessible = params.PubliclyAccessible === 'true';
        instance.DBInstanceStatus = 'modifying';
        return { DBInstance: instance };
      }
      case 'CreateDBSnapshot': {
        const instance = this.instance(state, params.DBInstanceIdentifier);
        const id = params.DBSnapshotIdentifier ?? '';
        if (!/^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(id) || /--|-$/.test(id))
          throw new AwsError('InvalidParameterValue', `The parameter DBSnapshotIdentifier is not a valid identifier.`);
        if (state.snapshots.some(s => s.DBSnapshotIdentifier === id))
          throw new AwsError('DBSnapshotAlreadyExists', `Cannot create the snapshot because one named ${id} exists.`);
        const snapshot: WireItem = {
          DBSnapshotIdentifier: id,
          DBInstanceIdentifier: instance.DBInstanceIdentifier,
          SnapshotCreateTime: new Date(now),
          Engine: instance.Engine,
          AllocatedStorage: instance.AllocatedStorage,
          Status: 'creating',
          SnapshotType: 'manual',
          Encrypted: instance.StorageEncrypted,
          KmsKeyId: instance.KmsKeyId,
          DBSnapshotArn: `arn:aws:rds:${region}:${account}:snapshot:${id}`,
        };
        state.snapshots.push(snapshot);
        return { DBSnapshot: snapshot };
      }
      default:
        throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2014-10-31`, 400);
    }
  }

  /** The region's instances, clusters and snapshots after the calls so far. */
  view(region: string): RdsState {
    return structuredClone(this.state(region));
  }

  private dbSnapshot(state: RdsState, id: string | undefined): RdsState['snapshots'][number] {
    const found = state.snapshots.find(s => s.DBSnapshotIdentifier === id);
    if (!found) throw new AwsError('DBSnapshotNotFound', `DBSnapshot ${id ?? ''} not found.`, 404);
    return found;
  }

  private instance(state: RdsState, id: string | undefined): WireItem {
    const found = state.instances.find(i => i.DBInstanceIdentifier === id);
    if (!found) throw new AwsError('DBInstanceNotFound', `DBInstance ${id ?? ''} not found.`, 404);
    return found;
  }

  private state(region: string): RdsState {
    let state = this.regions.get(region);
    if (!state) {
      state = { instances: [], clusters: [], snapshots: [] };
      this.regions.set(region, state);
    }
    return state;
  }
}

/** RDS pagination: MaxRecords (20 to 100, default 100) and an opaque Marker. */
function page(key: string, items: unknown[], params: Record<string, string>): WireItem {
  const max = params.MaxRecords === undefined ? 100 : Number(params.MaxRecords);
  if (!Number.isInteger(max) || max < 20 || max > 100)
    throw new AwsError('InvalidParameterValue', `Invalid value for MaxRecords: ${params.MaxRecords}; 20 to 100.`);
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidParameterValue', 'The marker is not valid.');
  const end = start + max;
  const out: WireItem = { [key]: items.slice(start, end) };
  if (end < items.length) out.Marker = Buffer.from(String(end)).toString('base64url');
  return out;
}

// IAM (awsQuery, global): users and their access keys, roles and their attached policies; the reads the playbook
// needs and the two containment calls (deactivate a key, detach a policy).
import { AwsError } from './errors';
import type { WireItem } from './types';

interface User extends WireItem {
  UserName: string;
  accessKeys?: WireItem[];
}

interface Role {
  RoleName: string;
  attached: WireItem[];
}

export class IamService {
  private readonly users: User[] = [];
  private readonly roles: Role[] = [];

  seed(seed: { users?: User[]; roles?: Role[] }): void {
    this.users.push(...structuredClone(seed.users ?? []));
    this.roles.push(...structuredClone(seed.roles ?? []));
  }

  snapshot(): { users: WireItem[]; roles: WireItem[] } {
    return { users: structuredClone(this.users), roles: structuredClone(this.roles) as unknown as WireItem[] };
  }

  /** The wire object inside `<{Action}Result>`. */
  handle(action: string, params: Record<string, string>): WireItem {
    switch (action) {
      case 'ListUsers':
        return page(
          'Users',
          this.users.map(({ accessKeys: _keys, ...user }) => user),
          params,
        );
      case 'ListAccessKeys':
        return page('AccessKeyMetadata', this.user(params.UserName).accessKeys ?? [], params);
      case 'GetAccessKeyLastUsed': {
        const found = this.keyOwner(params.AccessKeyId);
        return {
          UserName: found.user.UserName,
          AccessKeyLastUsed: found.key.LastUsed ?? { ServiceName: 'N/A', Region: 'N/A' },
        };
      }
      case 'UpdateAccessKey': {
        const { key } = this.keyOwner(params.AccessKeyId, params.UserName);
        if (params.Status !== 'Active' && params.Status !== 'Inactive') {
          throw new AwsError('ValidationError', `Value '${params.Status}' at 'status' failed to satisfy constraint`);
        }
        key.Status = params.Status;
        return {};
      }
      case 'ListAttachedRolePolicies':
        return page('AttachedPolicies', this.role(params.RoleName).attached, params);
      case 'DetachRolePolicy': {
        const role = this.role(params.RoleName);
        const i = role.attached.findIndex(p => p.PolicyArn === params.PolicyArn);
        if (i < 0) throw new AwsError('NoSuchEntity', `Policy ${params.PolicyArn} was not found.`, 404);
        role.attached.splice(i, 1);
        return {};
      }
      default:
        throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`, 400);
    }
  }

  private user(name: string | undefined): User {
    const user = this.users.find(u => u.UserName === name);
    if (!user) throw new AwsError('NoSuchEntity', `The user with name ${name ?? ''} cannot be found.`, 404);
    return user;
  }

  private role(name: string | undefined): Role {
    const role = this.roles.find(r => r.RoleName === name);
    if (!role) throw new AwsError('NoSuchEntity', `The role with name ${name ?? ''} cannot be found.`, 404);
    return role;
  }

  private keyOwner(keyId: string | undefined, userName?: string): { user: User; key: WireItem } {
    for (const user of this.users) {
      const key = user.accessKeys?.find(k => k.AccessKeyId === keyId);
      if (key && (userName === undefined || user.UserName === userName)) return { user, key };
    }
    throw new AwsError('NoSuchEntity', `The Access Key with id ${keyId ?? ''} cannot be found.`, 404);
  }
}

/** IAM pagination: MaxItems (1 to 1000, default 100) and an opaque Marker, with IsTruncated. */
function page(key: string, items: WireItem[], params: Record<string, string>): WireItem {
  const max = params.MaxItems === undefined ? 100 : Number(params.MaxItems);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsError('ValidationError', `Value '${params.MaxItems}' at 'maxItems' failed to satisfy constraint`);
  }
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64url').toString()) : 0;
  const end = start + max;
  const out: WireItem = { [key]: items.slice(start, end), IsTruncated: end < items.length };
  if (end < items.length) out.Marker = Buffer.from(String(end)).toString('base64url');
  return out;
}

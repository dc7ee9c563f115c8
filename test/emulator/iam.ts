// IAM (awsQuery, global): users with their keys, console password, MFA devices, groups and policies, roles with their
// policies, and the SAML and OpenID Connect providers the account trusts; the reads a credential-compromise or
// federation playbook makes and the containment calls (deactivate a key, delete the console password, attach the
// deny-all policy, detach a policy, put an inline policy).
import { AwsError } from './errors';
import type { IamRoleSeed, IamUserSeed, WireItem } from './types';

type User = IamUserSeed;
type Role = IamRoleSeed;

/** Emulator bookkeeping kept out of what ListUsers, GetUser, ListRoles and GetRole answer. */
const PRIVATE = ['accessKeys', 'loginProfile', 'mfaDevices', 'groups', 'inlinePolicies', 'policyDocuments', 'attached'];
const publicView = (item: WireItem): WireItem =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !PRIVATE.includes(k)));
const POLICY_ARN = /^arn:aws:iam::(?:aws|\d{12}):policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

export class IamService {
  private readonly users: User[] = [];
  private readonly roles: Role[] = [];
  private readonly samlProviders: WireItem[] = [];
  private readonly oidcProviders: WireItem[] = [];

  seed(seed: { users?: User[]; roles?: Role[]; samlProviders?: WireItem[]; oidcProviders?: WireItem[] }): void {
    this.users.push(...structuredClone(seed.users ?? []));
    this.roles.push(...structuredClone(seed.roles ?? []));
    this.samlProviders.push(...structuredClone(seed.samlProviders ?? []));
    this.oidcProviders.push(...structuredClone(seed.oidcProviders ?? []));
  }

  snapshot(): { users: WireItem[]; roles: WireItem[] } {
    return { users: structuredClone(this.users), roles: structuredClone(this.roles) as unknown as WireItem[] };
  }

  /** The wire object inside `<{Action}Result>`; `callerArn` names the user a call without UserName is about. */
  handle(action: string, params: Record<string, string>, callerArn: string): WireItem {
    const userName = params.UserName ?? /:user\/(?:.*\/)?([^/]+)$/.exec(callerArn)?.[1];
    switch (action) {
      case 'ListUsers':
        return page('Users', this.users.map(publicView), params);
      case 'GetUser':
        return { User: publicView(this.user(userName)) };
      case 'GetLoginProfile': {
        const user = this.user(params.UserName);
        if (!user.loginProfile)
          throw new AwsError('NoSuchEntity', `Login Profile for User ${user.UserName} cannot be found.`, 404);
        return { LoginProfile: { UserName: user.UserName, ...user.loginProfile } };
      }
      case 'DeleteLoginProfile': {
        const user = this.user(params.UserName);
        if (!user.loginProfile)
          throw new AwsError('NoSuchEntity', `Login Profile for User ${user.UserName} cannot be found.`, 404);
        delete user.loginProfile;
        return {};
      }
      case 'ListMFADevices':
        return page('MFADevices', this.user(userName).mfaDevices ?? [], params);
      case 'ListGroupsForUser':
        return page('Groups', this.user(params.UserName).groups ?? [], params);
      case 'ListUserPolicies':
        return page('PolicyNames', this.user(params.UserName).inlinePolicies ?? [], params);
      case 'GetUserPolicy': {
        const user = this.user(params.UserName);
        return { UserName: user.UserName, ...inlinePolicy(user, params.PolicyName) };
      }
      case 'PutUserPolicy':
        putInline(this.user(params.UserName), params);
        return {};
      case 'ListAttachedUserPolicies':
        return page('AttachedPolicies', this.user(params.UserName).attached ?? [], params);
      case 'AttachUserPolicy': {
        const user = this.user(params.UserName);
        user.attached = attach(user.attached ?? [], params.PolicyArn);
        return {};
      }
      case 'DetachUserPolicy': {
        const user = this.user(params.UserName);
        user.attached = detach(user.attached ?? [], params.PolicyArn);
        return {};
      }
      case 'ListRoles':
        return page('Roles', this.roles.map(publicView), params);
      case 'GetRole':
        return { Role: publicView(this.role(params.RoleName)) };
      case 'ListRolePolicies':
        return page('PolicyNames', this.role(params.RoleName).inlinePolicies ?? [], params);
      case 'GetRolePolicy': {
        const role = this.role(params.RoleName);
        return { RoleName: role.RoleName, ...inlinePolicy(role, params.PolicyName) };
      }
      case 'PutRolePolicy':
        putInline(this.role(params.RoleName), params);
        return {};
      case 'ListSAMLProviders':
        return {
          SAMLProviderList: this.samlProviders.map(p => ({
            Arn: p.Arn,
            ValidUntil: p.ValidUntil,
            CreateDate: p.CreateDate,
          })),
        };
      case 'GetSAMLProvider': {
        const { Arn: _arn, ...provider } = this.provider(this.samlProviders, params.SAMLProviderArn);
        return provider;
      }
      case 'ListOpenIDConnectProviders':
        return { OpenIDConnectProviderList: this.oidcProviders.map(p => ({ Arn: p.Arn })) };
      case 'GetOpenIDConnectProvider': {
        const { Arn: _arn, ...provider } = this.provider(this.oidcProviders, params.OpenIDConnectProviderArn);
        return provider;
      }
      case 'AttachRolePolicy': {
        const role = this.role(params.RoleName);
        role.attached = attach(role.attached, params.PolicyArn);
        return {};
      }
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
        role.attached = detach(role.attached, params.PolicyArn);
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

  private provider(providers: WireItem[], arn: string | undefined): WireItem {
    const found = providers.find(p => p.Arn === arn);
    if (!found) throw new AwsError('NoSuchEntity', `Provider ${arn ?? ''} was not found.`, 404);
    return found;
  }

  private keyOwner(keyId: string | undefined, userName?: string): { user: User; key: WireItem } {
    for (const user of this.users) {
      const key = user.accessKeys?.find(k => k.AccessKeyId === keyId);
      if (key && (userName === undefined || user.UserName === userName)) return { user, key };
    }
    throw new AwsError('NoSuchEntity', `The Access Key with id ${keyId ?? ''} cannot be found.`, 404);
  }
}

/** Attaching a managed policy that is already attached changes nothing, as in IAM. */
function attach(attached: WireItem[], arn: string | undefined): WireItem[] {
  const name = POLICY_ARN.exec(arn ?? '')?.[1];
  if (!name) throw new AwsError('InvalidInput', `ARN ${arn ?? ''} is not valid.`);
  return attached.some(p => p.PolicyArn === arn) ? attached : [...attached, { PolicyName: name, PolicyArn: arn }];
}

/** An inline policy as GetUserPolicy/GetRolePolicy answer it: the document URL-encoded, as IAM sends it. */
function inlinePolicy(owner: User | Role, name: string | undefined): WireItem {
  if (!name || !owner.inlinePolicies?.includes(name)) {
    throw new AwsError('NoSuchEntity', `The policy with name ${name ?? ''} cannot be found.`, 404);
  }
  const doc = owner.policyDocuments?.[name] ?? '{"Version":"2012-10-17","Statement":[]}';
  return { PolicyName: name, PolicyDocument: encodeURIComponent(doc) };
}

/** PutUserPolicy/PutRolePolicy: adds the inline policy, or replaces the document of the one with that name. */
function putInline(owner: User | Role, params: Record<string, string>): void {
  const name = params.PolicyName;
  if (!name || !/^[\w+=,.@-]{1,128}$/.test(name)) {
    throw new AwsError('ValidationError', `Value '${name ?? ''}' at 'policyName' failed to satisfy constraint`);
  }
  try {
    JSON.parse(params.PolicyDocument ?? '');
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  owner.inlinePolicies = [...new Set([...(owner.inlinePolicies ?? []), name])];
  owner.policyDocuments = { ...owner.policyDocuments, [name]: params.PolicyDocument };
}

function detach(attached: WireItem[], arn: string | undefined): WireItem[] {
  if (!attached.some(p => p.PolicyArn === arn))
    throw new AwsError('NoSuchEntity', `Policy ${arn ?? ''} was not found.`, 404);
  return attached.filter(p => p.PolicyArn !== arn);
}

/** IAM pagination: MaxItems (1 to 1000, default 100) and an opaque Marker, with IsTruncated. */
function page(key: string, items: unknown[], params: Record<string, string>): WireItem {
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

// STS (awsQuery): GetCallerIdentity and AssumeRole, which issues session credentials the emulator then accepts.
import { createHash, randomBytes } from 'node:crypto';
import type { Caller, CredentialStore } from './auth';
import { AwsError, sharedError } from './errors';
import type { EmulatorRole } from './types';
import { xmlFields } from './wire';

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export class StsService {
  private readonly roles = new Map<string, EmulatorRole>();

  constructor(
    private readonly store: CredentialStore,
    private readonly mfaCode: string,
  ) {}

  addRole(...roles: EmulatorRole[]): void {
    for (const r of roles) this.roles.set(r.roleArn, { ...r });
  }

  /** Returns the inner XML of `<{Action}Result>`. */
  handle(action: string, params: Record<string, string>, caller: Caller, now: number): string {
    if (action === 'GetCallerIdentity') {
      const { arn, account } = caller.credentials;
      return xmlFields({ Arn: arn, UserId: userIdOf(arn), Account: account });
    }
    if (action === 'AssumeRole') return this.assumeRole(params, caller, now);
    if (action === 'GetAccessKeyInfo') {
      // Real STS decodes the account from the key id; here a known key names its account, any other the caller's.
      return xmlFields({ Account: this.store.get(params.AccessKeyId ?? '')?.account ?? caller.credentials.account });
    }
    throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`, 400);
  }

  private assumeRole(params: Record<string, string>, caller: Caller, now: number): string {
    const { RoleArn: roleArn = '', RoleSessionName: session = '', SerialNumber: serial, TokenCode: code } = params;
    const role = ROLE_ARN.exec(roleArn);
    if (!role) throw validationError(roleArn, 'roleArn', 'a role ARN (arn:aws:iam::<account>:role/<name>)');
    if (!SESSION_NAME.test(session)) throw validationError(session, 'roleSessionName', 'the pattern [\\w+=,.@-]{2,64}');
    const duration = params.DurationSeconds === undefined ? 3600 : Number(params.DurationSeconds);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw validationError(params.DurationSeconds, 'durationSeconds', 'a value between 900 and 43200');
    }
    const denied = `User: ${caller.credentials.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
    if (serial !== undefined && code !== this.mfaCode) {
      throw sharedError(
        'access-denied',
        'sts',
        'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
      );
    }
    if (this.roles.get(roleArn)?.requireMfa && serial === undefined) throw sharedError('access-denied', 'sts', denied);

    const [, account, roleName] = role;
    const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`;
    const issued = {
      accessKeyId: 'ASIA' + randomBytes(10).toString('hex').toUpperCase().slice(0, 16),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      account,
      arn,
      expiresAt: now + duration * 1000,
    };
    this.store.add(issued);
    return (
      `<AssumedRoleUser>${xmlFields({ Arn: arn, AssumedRoleId: userIdOf(arn) })}</AssumedRoleUser>` +
      `<Credentials>${xmlFields({
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: new Date(issued.expiresAt).toISOString(),
      })}</Credentials>`
    );
  }
}

function validationError(value: string | undefined, member: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value '${value ?? ''}' at '${member}' failed to satisfy constraint: Member must match ${constraint}`,
  );
}

// Stable ids derived from the ARN: AIDA… for users, AROA…:<session> for assumed roles, like IAM's unique ids.
function userIdOf(arn: string): string {
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  const base = assumed ? assumed[1] : arn;
  const id = createHash('sha256').update(base).digest('hex').toUpperCase().slice(0, 17);
  return assumed ? `AROA${id}:${assumed[2]}` : `AIDA${id}`;
}

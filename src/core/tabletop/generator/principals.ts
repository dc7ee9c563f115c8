// Who calls AWS in the generated logs: the userIdentity block CloudTrail records for each kind of caller, with the
// address and client each one calls from.
import type { Environment, Principal } from './environment';
import { accessKeyId } from './ids';
import type { Rng } from './rng';

export const USER_AGENTS = {
  terraform:
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.82.2 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.7 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.198.1',
  attackerCli:
    'Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76',
  console: 'AWS Internal',
  browser:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  monitoring: 'aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.196.0 m/C',
  ssmAgent: 'aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0',
  appSdk:
    'aws-sdk-java/2.29.29 Linux/6.1.115-126.197.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal io/sync http/Apache ua/2.1 api/S3#2.29.x os/Linux',
} as const;

export function iamUser(
  env: Environment,
  userName: string,
  userPrincipalId: string,
  keyId: string,
): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: userPrincipalId,
    arn: `arn:aws:iam::${env.accountId}:user/${userName}`,
    accountId: env.accountId,
    accessKeyId: keyId,
    userName,
  };
}

export interface RoleSession {
  roleName: string;
  /** Path of the role, e.g. `/aws-reserved/sso.amazonaws.com/eu-west-1/`. */
  path: string;
  roleId: string;
  sessionName: string;
  accessKeyId: string;
  creationMs: number;
  mfa: boolean;
}

export function newRoleSession(
  rng: Rng,
  roleName: string,
  path: string,
  roleId: string,
  sessionName: string,
  creationMs: number,
  mfa = false,
): RoleSession {
  return { roleName, path, roleId, sessionName, accessKeyId: accessKeyId(rng, 'ASIA'), creationMs, mfa };
}

export function assumedRole(env: Environment, s: RoleSession): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `${s.roleId}:${s.sessionName}`,
    arn: `arn:aws:sts::${env.accountId}:assumed-role/${s.roleName}/${s.sessionName}`,
    accountId: env.accountId,
    accessKeyId: s.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: s.roleId,
        arn: `arn:aws:iam::${env.accountId}:role${s.path}${s.roleName}`,
        accountId: env.accountId,
        userName: s.roleName,
      },
      attributes: { creationDate: isoSeconds(s.creationMs), mfaAuthenticated: String(s.mfa) },
    },
  };
}

export function awsService(invokedBy: string): Principal {
  return { userIdentity: { type: 'AWSService', invokedBy }, sourceIp: invokedBy, userAgent: invokedBy, console: false };
}

/** CloudTrail's time format: ISO 8601 in UTC to the second. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** IAM and STS write dates inside their responses as e.g. "Nov 20, 2026, 12:54:36 PM". */
export function iamDate(d: Date): string {
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

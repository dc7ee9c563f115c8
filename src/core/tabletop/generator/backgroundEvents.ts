// Ordinary CloudTrail activity around the incident: a monitoring tool polling EC2, SSM agents checking in, the
// application reading S3, the CI pipeline planning with the very key that leaks, engineers in the console, and the
// role sessions AWS services assume. `scale` multiplies its volume.
import { DESCRIBE_PARAMETERS } from './ec2Shapes';
import { APP_ROLE, MONITORING_ROLE, SSO_PATH, type Environment, type Network, type Principal } from './environment';
import { awsIp, privateDnsName, publicIp } from './ids';
import { assumedRole, awsService, iamDate, iamUser, newRoleSession, USER_AGENTS, type RoleSession } from './principals';
import { buildEvent, consoleLogin, type ApiCall, type GeneratedEvent } from './record';
import type { Rng } from './rng';
import { randomTimes, scheduledTimes } from './timing';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

interface Context {
  env: Environment;
  rng: Rng;
  scale: number;
  /** The hourly role sessions of each instance, shared by everything the instance does. */
  instanceSessions: Map<string, RoleSession[]>;
}

type Activity = (ctx: Context) => ApiCall[];

const ACTIVITIES: Record<string, Activity> = {
  monitoring: monitoringPolls,
  ssm: ssmCheckIns,
  s3: applicationReads,
  ci: ciPlans,
  console: consoleSessions,
  services: serviceSessions,
  logins: iamUserLogins,
};

export function backgroundEvents(env: Environment, rng: Rng, scale: number): GeneratedEvent[] {
  const sessionRng = rng.fork('background/instance-sessions');
  const instanceSessions = new Map(
    appInstances(env).map(({ eni }) => {
      const id = eni.instanceId ?? '';
      return [id, hourlySessions(env, sessionRng, APP_ROLE, '/', () => id)] as const;
    }),
  );
  return Object.entries(ACTIVITIES).flatMap(([name, activity]) => {
    const stream = rng.fork(`background/${name}`);
    return activity({ env, rng: stream, scale, instanceSessions }).map(call => buildEvent(call, env.accountId, stream));
  });
}

function networks(env: Environment): Network[] {
  return env.regions.map(r => env.networks.get(r)).filter((n): n is Network => n !== undefined);
}

/** A session of a role that lasts an hour, renewed on the hour, named by `name(i)`. */
function hourlySessions(
  env: Environment,
  rng: Rng,
  roleName: string,
  path: string,
  name: (i: number) => string,
): RoleSession[] {
  const out: RoleSession[] = [];
  for (let t = env.startMs - rng.int(1, 50) * MINUTE, i = 0; t < env.endMs; t += HOUR, i++) {
    out.push(newRoleSession(rng, roleName, path, env.roleIds.get(roleName) ?? '', name(i), t));
  }
  return out;
}

function sessionAt(sessions: RoleSession[], timeMs: number): RoleSession {
  let current = sessions[0];
  for (const s of sessions) if (s.creationMs <= timeMs) current = s;
  return current;
}

function assumeRoleCall(env: Environment, session: RoleSession, caller: Principal, region: string): ApiCall {
  const roleArn = `arn:aws:iam::${env.accountId}:role${session.path}${session.roleName}`;
  return {
    timeMs: session.creationMs,
    principal: caller,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: region,
    readOnly: true,
    requestParameters: { roleArn, roleSessionName: session.sessionName, durationSeconds: 3600 },
    responseElements: () => ({
      credentials: { accessKeyId: session.accessKeyId, expiration: iamDate(new Date(session.creationMs + HOUR)) },
      assumedRoleUser: {
        assumedRoleId: `${session.roleId}:${session.sessionName}`,
        arn: `arn:aws:sts::${env.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
      },
    }),
    resources: [{ accountId: env.accountId, type: 'AWS::IAM::Role', ARN: roleArn }],
  };
}

function monitoringPolls({ env, rng, scale }: Context): ApiCall[] {
  const sessions = hourlySessions(
    env,
    rng,
    MONITORING_ROLE,
    '/',
    () => `monitoring-${rng.int(1000000000, 9999999999)}`,
  );
  const vendor: Principal = {
    userIdentity: { type: 'AWSAccount', principalId: `AIDA${rng.keyChars(17)}`, accountId: env.monitoringAccount },
    sourceIp: awsIp(rng),
    userAgent: USER_AGENTS.monitoring,
    console: false,
  };
  const calls = sessions.map(s => assumeRoleCall(env, s, vendor, env.regions[0]));
  for (const region of env.regions) {
    for (const t of scheduledTimes(rng, env.startMs, env.endMs, (5 * MINUTE) / scale, 20 * SECOND)) {
      const principal: Principal = { ...vendor, userIdentity: assumedRole(env, sessionAt(sessions, t)) };
      ['DescribeInstances', 'DescribeVolumes', 'DescribeSecurityGroups'].forEach((name, i) =>
        calls.push({
          timeMs: t + i * rng.int(200, 900),
          principal,
          eventSource: 'ec2.amazonaws.com',
          eventName: name,
          awsRegion: region,
          readOnly: true,
          requestParameters: DESCRIBE_PARAMETERS[name],
        }),
      );
    }
  }
  return calls;
}

function appInstances(env: Environment) {
  return networks(env).flatMap(n =>
    n.enis.filter(e => e.instanceId && (e.role === 'app' || e.role === 'bastion')).map(eni => ({ n, eni })),
  );
}

function ssmCheckIns({ env, rng, scale, instanceSessions }: Context): ApiCall[] {
  const calls: ApiCall[] = [];
  for (const { n, eni } of appInstances(env)) {
    const sessions = instanceSessions.get(eni.instanceId ?? '') ?? [];
    const principal = (t: number): Principal => ({
      userIdentity: assumedRole(env, sessionAt(sessions, t)),
      sourceIp: env.natIps.get(n.region) ?? '',
      userAgent: USER_AGENTS.ssmAgent,
      console: false,
    });
    for (const t of scheduledTimes(rng, env.startMs, env.endMs, (5 * MINUTE) / scale, 3 * SECOND)) {
      calls.push({
        timeMs: t,
        principal: principal(t),
        eventSource: 'ssm.amazonaws.com',
        eventName: 'UpdateInstanceInformation',
        awsRegion: n.region,
        readOnly: false,
        requestParameters: {
          instanceId: eni.instanceId,
          agentVersion: '3.3.1142.0',
          agentStatus: 'Active',
          platformType: 'Linux',
          platformName: 'Amazon Linux',
          platformVersion: '2023',
          iPAddress: eni.ip,
          computerName: privateDnsName(eni.ip, n.region),
          agentName: 'amazon-ssm-agent',
          availabilityZone: n.azs[0],
        },
      });
    }
  }
  return calls;
}

function applicationReads({ env, rng, scale, instanceSessions }: Context): ApiCall[] {
  const calls: ApiCall[] = [];
  const instances = appInstances(env).filter(x => x.eni.role === 'app');
  for (const n of networks(env)) {
    const bucket = `${env.accountId}-app-assets-${n.region}`;
    const mine = instances.filter(x => x.n === n);
    for (const t of randomTimes(rng, env.startMs, env.endMs, 30 * n.volume * scale)) {
      const { eni } = rng.pick(mine);
      const key = `${rng.pick(['templates', 'config', 'exports', 'static/img'])}/${rng.alnum(10).toLowerCase()}.${rng.pick(['json', 'html', 'csv', 'png'])}`;
      const host = `${bucket}.s3.${n.region}.amazonaws.com`;
      calls.push({
        timeMs: t,
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        awsRegion: n.region,
        readOnly: true,
        dataEvent: true,
        host,
        principal: {
          userIdentity: assumedRole(env, sessionAt(instanceSessions.get(eni.instanceId ?? '') ?? [], t)),
          sourceIp: env.natIps.get(n.region) ?? '',
          userAgent: USER_AGENTS.appSdk,
          console: false,
        },
        requestParameters: { bucketName: bucket, Host: host, key },
        additionalEventData: {
          SignatureVersion: 'SigV4',
          CipherSuite: 'TLS_AES_128_GCM_SHA256',
          bytesTransferredIn: 0,
          AuthenticationMethod: 'AuthHeader',
          'x-amz-id-2': `${rng.alnum(56)}=`,
          bytesTransferredOut: rng.logUniform(300, 2000000),
        },
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
          { accountId: env.accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
        ],
      });
    }
  }
  return calls;
}

/** Terraform plans run by the CI pipeline with the CI user's key: the legitimate use of the key that leaks. */
function ciPlans({ env, rng, scale }: Context): ApiCall[] {
  const s = env.story;
  const calls: ApiCall[] = [];
  const replacementFrom = s.times.deleteKey + 8 * MINUTE;
  for (const start of randomTimes(rng, env.startMs, env.endMs, 1.2 * scale)) {
    // The pipeline is broken from the moment the key is disabled until it gets the new key.
    if (start >= s.times.deactivateKey && start < replacementFrom) continue;
    const keyId = start < s.times.deactivateKey ? s.accessKeyId : s.replacementKeyId;
    const principal: Principal = {
      userIdentity: iamUser(env, s.userName, s.userPrincipalId, keyId),
      sourceIp: env.ciIp,
      userAgent: USER_AGENTS.terraform,
      console: false,
    };
    let t = start;
    calls.push({
      timeMs: t,
      principal,
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      awsRegion: s.region,
      readOnly: true,
    });
    for (const name of [
      'DescribeVpcs',
      'DescribeSubnets',
      'DescribeSecurityGroups',
      'DescribeRouteTables',
      'DescribeInternetGateways',
      'DescribeLaunchTemplates',
      'DescribeImages',
      'DescribeInstances',
      'DescribeTags',
      'DescribeSecurityGroups',
    ]) {
      t += rng.int(300, 2500);
      calls.push({
        timeMs: t,
        principal,
        eventSource: 'ec2.amazonaws.com',
        eventName: name,
        awsRegion: s.region,
        readOnly: true,
        requestParameters: DESCRIBE_PARAMETERS[name],
      });
    }
  }
  return calls;
}

const CONSOLE_READS: [string, string, unknown][] = [
  ['ec2.amazonaws.com', 'DescribeInstances', DESCRIBE_PARAMETERS.DescribeInstances],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups', DESCRIBE_PARAMETERS.DescribeSecurityGroups],
  ['ec2.amazonaws.com', 'DescribeVpcs', DESCRIBE_PARAMETERS.DescribeVpcs],
  ['ec2.amazonaws.com', 'DescribeNetworkInterfaces', DESCRIBE_PARAMETERS.DescribeNetworkInterfaces],
  ['monitoring.amazonaws.com', 'DescribeAlarms', { maxRecords: 100 }],
  ['logs.amazonaws.com', 'DescribeLogGroups', { limit: 50 }],
  ['s3.amazonaws.com', 'ListBuckets', null],
  ['s3.amazonaws.com', 'GetBucketLocation', null],
  ['s3.amazonaws.com', 'GetBucketPolicy', null],
];

/** Engineers sign in through IAM Identity Center and browse the console; one platform engineer makes an ordinary change. */
function consoleSessions({ env, rng, scale }: Context): ApiCall[] {
  const calls: ApiCall[] = [];
  const main = env.networks.get(env.story.region);
  env.engineers.forEach((person, index) => {
    const ip = rng.chance(0.7) ? env.officeIp : publicIp(rng);
    for (const signIn of randomTimes(rng, env.startMs, env.endMs - HOUR, 0.15)) {
      const role = env.ssoReadOnlyRole;
      const session = newRoleSession(
        rng,
        role,
        SSO_PATH(env.story.region),
        env.roleIds.get(role) ?? '',
        person,
        signIn,
      );
      const principal: Principal = {
        userIdentity: assumedRole(env, session),
        sourceIp: ip,
        userAgent: USER_AGENTS.console,
        console: true,
      };
      calls.push(consoleLogin(signIn, principal));
      for (const t of randomTimes(
        rng,
        signIn + MINUTE,
        Math.min(env.endMs, signIn + rng.int(30, 150) * MINUTE),
        25 * scale,
      )) {
        const [source, name, params] = rng.pick(CONSOLE_READS);
        const region = source === 's3.amazonaws.com' ? env.story.region : rng.pick(env.regions);
        const bucketParams =
          name === 'ListBuckets'
            ? { Host: `s3.${region}.amazonaws.com` }
            : source === 's3.amazonaws.com'
              ? {
                  bucketName: `${env.accountId}-app-assets-${region}`,
                  Host: `s3.${region}.amazonaws.com`,
                  [name === 'GetBucketPolicy' ? 'policy' : 'location']: '',
                }
              : params;
        calls.push({
          timeMs: t,
          principal,
          eventSource: source,
          eventName: name,
          awsRegion: region,
          readOnly: true,
          requestParameters: bucketParams,
        });
      }
    }
    if (index === env.engineers.length - 1 && main) calls.push(...platformChange(env, rng, person, ip, main));
  });
  return calls;
}

/** An ordinary ingress change (internal range, database port) that a responder must tell apart from the attack. */
function platformChange(env: Environment, rng: Rng, person: string, ip: string, main: Network): ApiCall[] {
  const at = env.startMs + Math.floor((env.endMs - env.startMs) * 0.05) + rng.int(0, 600) * SECOND;
  const session = newRoleSession(
    rng,
    env.ssoAdminRole,
    SSO_PATH(main.region),
    env.roleIds.get(env.ssoAdminRole) ?? '',
    person,
    at - 7 * MINUTE,
  );
  const principal: Principal = {
    userIdentity: assumedRole(env, session),
    sourceIp: ip,
    userAgent: USER_AGENTS.console,
    console: true,
  };
  const groupId = `sg-0${rng.hex(16)}`;
  const cidr = `${main.prefix16}.0.0/16`;
  return [
    {
      timeMs: at,
      principal,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      awsRegion: main.region,
      readOnly: false,
      requestParameters: {
        groupId,
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 5432,
              toPort: 5432,
              groups: {},
              ipRanges: { items: [{ cidrIp: cidr, description: 'reporting replicas' }] },
              ipv6Ranges: {},
              prefixListIds: {},
            },
          ],
        },
      },
      responseElements: requestId => ({
        requestId,
        _return: true,
        securityGroupRuleSet: {
          items: [
            {
              groupOwnerId: env.accountId,
              groupId,
              securityGroupRuleId: `sgr-0${rng.hex(16)}`,
              isEgress: false,
              ipProtocol: 'tcp',
              fromPort: 5432,
              toPort: 5432,
              cidrIpv4: cidr,
              description: 'reporting replicas',
            },
          ],
        },
      }),
    },
  ];
}

/** Roles AWS services assume for the workloads: instance profiles every hour, a scheduled Lambda function. */
function serviceSessions({ env, rng, scale, instanceSessions }: Context): ApiCall[] {
  const calls: ApiCall[] = [];
  for (const { n, eni } of appInstances(env)) {
    for (const s of instanceSessions.get(eni.instanceId ?? '') ?? []) {
      if (s.creationMs >= env.startMs) calls.push(assumeRoleCall(env, s, awsService('ec2.amazonaws.com'), n.region));
    }
  }
  for (const t of scheduledTimes(rng, env.startMs, env.endMs, (15 * MINUTE) / scale, 2 * SECOND)) {
    const session = newRoleSession(
      rng,
      'nightly-report-fn-role',
      '/service-role/',
      `AROA${rng.keyChars(17)}`,
      'nightly-report',
      t,
    );
    calls.push(assumeRoleCall(env, session, awsService('lambda.amazonaws.com'), env.regions[0]));
  }
  return calls;
}

/** A legacy IAM user signs in with a password, and someone guesses at an account user name that does not exist. */
function iamUserLogins({ env, rng }: Context): ApiCall[] {
  const login = (timeMs: number, userIdentity: Record<string, unknown>, ip: string, ok: boolean): ApiCall => ({
    timeMs,
    principal: { userIdentity, sourceIp: ip, userAgent: USER_AGENTS.browser, console: false },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    responseElements: () => ({ ConsoleLogin: ok ? 'Success' : 'Failure' }),
    ...(ok ? {} : { errorMessage: 'No username found in supplied account' }),
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: ok ? 'Yes' : 'No',
    },
  });
  const span = env.endMs - env.startMs;
  return [
    login(
      env.startMs + Math.floor(span * 0.3) + rng.int(0, 900) * SECOND,
      {
        type: 'IAMUser',
        principalId: `AIDA${rng.keyChars(17)}`,
        arn: `arn:aws:iam::${env.accountId}:user/billing-reports`,
        accountId: env.accountId,
        userName: 'billing-reports',
      },
      env.officeIp,
      true,
    ),
    login(
      env.startMs + Math.floor(span * 0.65) + rng.int(0, 900) * SECOND,
      { type: 'IAMUser', accountId: env.accountId, accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      publicIp(rng),
      false,
    ),
  ];
}

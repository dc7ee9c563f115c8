// The incident in CloudTrail: the leaked key's reconnaissance, the key pair import, the security group opened to the
// world on SSH, the instances, the route to the internet gateway, and the administrator who disables, deletes and
// replaces the key.
import { authorizeIngress, createRoute, DESCRIBE_PARAMETERS, importKeyPair, runInstances } from './ec2Shapes';
import { SSO_PATH, type Environment, type Principal } from './environment';
import { resourceId } from './ids';
import { assumedRole, iamDate, iamUser, newRoleSession, USER_AGENTS } from './principals';
import { buildEvent, consoleLogin, type ApiCall, type GeneratedEvent } from './record';
import type { Rng } from './rng';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The CI user as the attacker uses it: same identity and key, another address and client. */
function attackerPrincipal(env: Environment): Principal {
  const s = env.story;
  return {
    userIdentity: iamUser(env, s.userName, s.userPrincipalId, s.accessKeyId),
    sourceIp: s.attackerIp,
    userAgent: USER_AGENTS.attackerCli,
    console: false,
  };
}

export function storyEvents(env: Environment, rng: Rng): GeneratedEvent[] {
  const s = env.story;
  const t = s.times;
  const attacker = attackerPrincipal(env);
  const calls: ApiCall[] = [];
  const ec2 = (timeMs: number, eventName: string, extra: Partial<ApiCall> = {}, region = s.region): void => {
    calls.push({
      timeMs,
      principal: attacker,
      eventSource: 'ec2.amazonaws.com',
      eventName,
      awsRegion: region,
      readOnly: eventName.startsWith('Describe'),
      requestParameters: DESCRIBE_PARAMETERS[eventName],
      ...extra,
    });
  };

  // Reconnaissance: who am I, what may I do, what is there.
  calls.push({
    timeMs: t.firstUse,
    principal: attacker,
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: s.region,
    readOnly: true,
  });
  ec2(t.firstUse + 31 * SECOND, 'DescribeRegions');
  calls.push({
    timeMs: t.firstUse + 48 * SECOND,
    principal: attacker,
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListAttachedUserPolicies',
    awsRegion: 'us-east-1',
    readOnly: true,
    requestParameters: { userName: s.userName },
    errorCode: 'AccessDenied',
    errorMessage: `User: arn:aws:iam::${env.accountId}:user/${s.userName} is not authorized to perform: iam:ListAttachedUserPolicies on resource: user ${s.userName} because no identity-based policy allows the iam:ListAttachedUserPolicies action`,
  });
  [
    'DescribeVpcs',
    'DescribeSubnets',
    'DescribeSecurityGroups',
    'DescribeRouteTables',
    'DescribeInstances',
    'DescribeKeyPairs',
  ].forEach((name, i) => ec2(t.firstUse + (75 + i * 17) * SECOND, name));
  env.regions
    .filter(r => r !== s.region)
    .forEach((r, i) => ec2(t.firstUse + (190 + i * 9) * SECOND, 'DescribeInstances', {}, r));

  const key = importKeyPair(s.keyPairName, rng);
  ec2(t.importKeyPair, 'ImportKeyPair', { requestParameters: key.request, responseElements: key.response });
  const ingress = authorizeIngress(s.securityGroupId, '0.0.0.0/0', 22, env.accountId, resourceId(rng, 'sgr'));
  ec2(t.openSsh, 'AuthorizeSecurityGroupIngress', {
    requestParameters: ingress.request,
    responseElements: ingress.response,
  });
  ec2(t.runInstances - 40 * SECOND, 'DescribeImages');
  const launch = runInstances(
    {
      accountId: env.accountId,
      region: s.region,
      az: `${s.region}a`,
      imageId: s.imageId,
      instanceType: s.instanceType,
      keyName: s.keyPairName,
      subnetId: s.subnetId,
      vpcId: s.vpcId,
      groupId: s.securityGroupId,
      groupName: 'ci-build-runners',
      enis: s.instanceEnis,
      launchMs: t.runInstances,
    },
    rng,
  );
  ec2(t.runInstances, 'RunInstances', { requestParameters: launch.request, responseElements: launch.response });
  const route = createRoute(s.routeTableId, '0.0.0.0/0', s.internetGatewayId);
  ec2(t.createRoute, 'CreateRoute', { requestParameters: route.request, responseElements: route.response });
  ec2(t.createRoute + 77 * SECOND, 'DescribeInstances');

  calls.push(...containment(env, rng));
  return calls.map(c => buildEvent(c, env.accountId, rng));
}

/** The administrator signs in, looks at the trail, disables the key, deletes it and issues a new one. */
function containment(env: Environment, rng: Rng): ApiCall[] {
  const s = env.story;
  const t = s.times;
  const signIn = t.deactivateKey - 26 * MINUTE;
  const session = newRoleSession(
    rng,
    env.ssoAdminRole,
    SSO_PATH(s.region),
    env.roleIds.get(env.ssoAdminRole) ?? '',
    s.adminSession,
    signIn,
  );
  const admin: Principal = {
    userIdentity: assumedRole(env, session),
    sourceIp: s.adminIp,
    userAgent: USER_AGENTS.console,
    console: true,
  };
  const iam = (
    timeMs: number,
    eventName: string,
    requestParameters: unknown,
    responseElements?: (id: string) => unknown,
  ): ApiCall => ({
    timeMs,
    principal: admin,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    readOnly: eventName.startsWith('List') || eventName.startsWith('Get'),
    requestParameters,
    responseElements,
  });
  const lookup = (timeMs: number, eventName: string): ApiCall => ({
    timeMs,
    principal: admin,
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'LookupEvents',
    awsRegion: s.region,
    readOnly: true,
    requestParameters: { lookupAttributes: [{ attributeKey: 'EventName', attributeValue: eventName }], maxResults: 50 },
  });
  const created = new Date(t.deleteKey + 6 * MINUTE + 41 * SECOND);
  return [
    consoleLogin(signIn, admin),
    lookup(signIn + 4 * MINUTE + 12 * SECOND, 'AuthorizeSecurityGroupIngress'),
    lookup(signIn + 9 * MINUTE + 3 * SECOND, 'RunInstances'),
    iam(t.deactivateKey - 95 * SECOND, 'ListAccessKeys', { userName: s.userName }),
    iam(t.deactivateKey, 'UpdateAccessKey', { userName: s.userName, accessKeyId: s.accessKeyId, status: 'Inactive' }),
    iam(t.deleteKey, 'DeleteAccessKey', { userName: s.userName, accessKeyId: s.accessKeyId }),
    iam(created.getTime(), 'CreateAccessKey', { userName: s.userName }, () => ({
      accessKey: {
        userName: s.userName,
        accessKeyId: s.replacementKeyId,
        status: 'Active',
        createDate: iamDate(created),
      },
    })),
  ];
}

// The account the logs describe: networks per region, the people and workloads that call AWS, and the incident's
// identifiers and times. Values the scenario names are used as written; the rest come from the seed.
import { parseDuration } from '../../playbook/parameters';
import { STORY_TIME_KEYS, type Scenario, type StoryTimeKey } from '../model';
import { accessKeyId, awsIp, hostIn, macAddress, principalId, publicIp, publicIpv6, resourceId } from './ids';
import type { Rng } from './rng';

type EniRole = 'elb' | 'nat' | 'bastion' | 'app' | 'db' | 'attacker';

export interface Eni {
  id: string;
  ip: string;
  role: EniRole;
  /** Load balancers are dual-stack: they also take IPv6 clients. */
  ipv6?: string;
  instanceId?: string;
  mac: string;
}

export interface Network {
  region: string;
  vpcId: string;
  /** First two octets of the VPC's /16, e.g. `10.20`. */
  prefix16: string;
  azs: string[];
  publicSubnetId: string;
  appSubnetId: string;
  /** Isolated subnet whose route table the attacker changes (story region only in practice). */
  buildSubnetId: string;
  buildRouteTableId: string;
  internetGatewayId: string;
  buildSecurityGroupId: string;
  flowLogId: string;
  enis: Eni[];
  /** Share of the main region's background volume this network carries. */
  volume: number;
}

export interface Principal {
  userIdentity: Record<string, unknown>;
  sourceIp: string;
  userAgent: string;
  /** Console sessions mark their calls with sessionCredentialFromConsole. */
  console: boolean;
}

export interface Story {
  region: string;
  userName: string;
  userPrincipalId: string;
  accessKeyId: string;
  attackerIp: string;
  sshSources: string[];
  exfilIp: string;
  securityGroupId: string;
  routeTableId: string;
  internetGatewayId: string;
  subnetId: string;
  vpcId: string;
  instanceIds: string[];
  /** The network interface of each new instance, in the order of instanceIds. */
  instanceEnis: Eni[];
  instanceType: string;
  imageId: string;
  keyPairName: string;
  /** Key the administrator issues to the CI user after deleting the leaked one. */
  replacementKeyId: string;
  adminSession: string;
  adminIp: string;
  /** Epoch milliseconds per story event. */
  times: Record<StoryTimeKey, number>;
}

export interface Environment {
  accountId: string;
  startMs: number;
  endMs: number;
  regions: string[];
  networks: Map<string, Network>;
  story: Story;
  ciIp: string;
  officeIp: string;
  engineers: string[];
  ssoAdminRole: string;
  ssoReadOnlyRole: string;
  monitoringAccount: string;
  /** The AROA id of each role, so every session of a role shows the same id. */
  roleIds: Map<string, string>;
  /** Public address of each network's NAT gateway, the source of its instances' AWS calls. */
  natIps: Map<string, string>;
}

export const MONITORING_ROLE = 'monitoring-readonly';
export const APP_ROLE = 'app-server-role';
export const SSO_PATH = (region: string) => `/aws-reserved/sso.amazonaws.com/${region}/`;

/** Where each story event falls by default, as a share of the scenario's duration. */
const DEFAULT_TIME_SHARE: Record<StoryTimeKey, number> = {
  firstUse: 0.12,
  importKeyPair: 0.133,
  openSsh: 0.136,
  runInstances: 0.142,
  createRoute: 0.15,
  exfilStart: 0.21,
  exfilEnd: 0.36,
  deactivateKey: 0.47,
  deleteKey: 0.478,
};
/** Story events that must happen in this order. */
const ORDERED: StoryTimeKey[] = [
  'firstUse',
  'importKeyPair',
  'openSsh',
  'runInstances',
  'createRoute',
  'exfilStart',
  'exfilEnd',
];

export function buildEnvironment(scenario: Scenario, rng: Rng): Environment {
  const startMs = Date.parse(scenario.start);
  const durationMs = parseDuration(scenario.duration) ?? 0;
  if (isNaN(startMs) || durationMs <= 0) {
    throw new Error(`Scenario "${scenario.id}" needs a valid start and duration in its front matter to generate data.`);
  }
  if (!/^\d{12}$/.test(scenario.accountId) || scenario.regions.length === 0) {
    throw new Error(
      `Scenario "${scenario.id}" needs an account id and at least one region in its front matter to generate data.`,
    );
  }
  const s = scenario.story;
  const region = s.region ?? scenario.regions[0];
  const networks = new Map<string, Network>();
  scenario.regions.forEach((r, i) =>
    networks.set(r, buildNetwork(rng.fork(`network/${r}`), r, i, r === region ? 1 : 0.25)),
  );
  const main = networks.get(region);
  if (!main)
    throw new Error(`story.region "${region}" is not one of the scenario's regions (${scenario.regions.join(', ')}).`);
  // Names the scenario gives replace the generated ones, so its findings hold whatever the seed.
  main.vpcId = s.vpcId ?? main.vpcId;
  main.buildSubnetId = s.subnetId ?? main.buildSubnetId;
  main.buildRouteTableId = s.routeTableId ?? main.buildRouteTableId;
  main.internetGatewayId = s.internetGatewayId ?? main.internetGatewayId;
  main.buildSecurityGroupId = s.securityGroupId ?? main.buildSecurityGroupId;

  const ids = rng.fork('story');
  const instanceCount = s.instanceIds?.length ?? 3;
  const story: Story = {
    region,
    userName: s.userName ?? 'ci-deploy',
    userPrincipalId: principalId(ids, 'AIDA'),
    accessKeyId: s.accessKeyId ?? accessKeyId(ids, 'AKIA'),
    attackerIp: s.attackerIp ?? publicIp(ids),
    sshSources: s.sshSources ?? [publicIp(ids), publicIp(ids), publicIp(ids)],
    exfilIp: s.exfilIp ?? publicIp(ids),
    securityGroupId: main.buildSecurityGroupId,
    routeTableId: main.buildRouteTableId,
    internetGatewayId: main.internetGatewayId,
    subnetId: main.buildSubnetId,
    vpcId: main.vpcId,
    instanceIds: s.instanceIds ?? Array.from({ length: instanceCount }, () => resourceId(ids, 'i')),
    instanceEnis: [],
    instanceType: s.instanceType ?? 'c5.4xlarge',
    imageId: s.imageId ?? resourceId(ids, 'ami'),
    keyPairName: s.keyPairName ?? 'ops-recovery',
    replacementKeyId: accessKeyId(ids, 'AKIA'),
    adminSession: s.adminSession ?? 'maria.lopez',
    adminIp: s.adminIp ?? publicIp(ids),
    times: resolveTimes(scenario, startMs, durationMs, ids),
  };
  const used = new Set(main.enis.map(e => e.ip));
  story.instanceEnis = story.instanceIds.map(instanceId => ({
    id: resourceId(ids, 'eni'),
    ip: uniqueHost(ids, `${main.prefix16}.3`, used),
    role: 'attacker',
    instanceId,
    mac: macAddress(ids),
  }));
  const people = rng.fork('people');
  const ssoAdminRole = `AWSReservedSSO_AdministratorAccess_${people.hex(16)}`;
  const ssoReadOnlyRole = `AWSReservedSSO_ReadOnlyAccess_${people.hex(16)}`;
  return {
    accountId: scenario.accountId,
    startMs,
    endMs: startMs + durationMs,
    regions: scenario.regions,
    networks,
    story,
    ciIp: awsIp(people),
    officeIp: story.adminIp,
    engineers: ['a.kowalski', 'j.chen', 's.okafor', 'r.haddad'],
    ssoAdminRole,
    ssoReadOnlyRole,
    monitoringAccount: String(people.int(100000000000, 999999999999)),
    roleIds: new Map(
      [ssoAdminRole, ssoReadOnlyRole, MONITORING_ROLE, APP_ROLE].map(n => [n, principalId(people, 'AROA')]),
    ),
    natIps: new Map(scenario.regions.map(r => [r, awsIp(people)])),
  };
}

function buildNetwork(rng: Rng, region: string, index: number, volume: number): Network {
  const prefix16 = `10.${20 + index * 10}`;
  const used = new Set<string>();
  const eni = (role: EniRole, subnet: number, withInstance: boolean): Eni => ({
    id: resourceId(rng, 'eni'),
    ip: uniqueHost(rng, `${prefix16}.${subnet}`, used),
    role,
    mac: macAddress(rng),
    ...(withInstance ? { instanceId: resourceId(rng, 'i') } : {}),
  });
  const enis: Eni[] = [
    { ...eni('elb', 0, false), ipv6: publicIpv6(rng, '2a05:d018') },
    { ...eni('elb', 0, false), ipv6: publicIpv6(rng, '2a05:d018') },
    eni('nat', 0, false),
    eni('bastion', 0, true),
    ...Array.from({ length: volume >= 1 ? 6 : 2 }, () => eni('app', 1, true)),
    eni('db', 2, false),
  ];
  return {
    region,
    prefix16,
    volume,
    enis,
    azs: [`${region}a`, `${region}b`],
    vpcId: resourceId(rng, 'vpc'),
    publicSubnetId: resourceId(rng, 'subnet'),
    appSubnetId: resourceId(rng, 'subnet'),
    buildSubnetId: resourceId(rng, 'subnet'),
    buildRouteTableId: resourceId(rng, 'rtb'),
    internetGatewayId: resourceId(rng, 'igw'),
    buildSecurityGroupId: resourceId(rng, 'sg'),
    flowLogId: resourceId(rng, 'fl'),
  };
}

function resolveTimes(scenario: Scenario, startMs: number, durationMs: number, rng: Rng): Record<StoryTimeKey, number> {
  const given = scenario.story.times ?? {};
  const out = {} as Record<StoryTimeKey, number>;
  for (const key of STORY_TIME_KEYS) {
    const text = given[key];
    const offset = text === undefined ? undefined : parseDuration(text);
    if (text === undefined)
      out[key] = Math.floor((startMs + DEFAULT_TIME_SHARE[key] * durationMs) / 60000) * 60000 + rng.int(1, 59) * 1000;
    else out[key] = offset !== undefined ? startMs + offset : Date.parse(text);
    if (isNaN(out[key]) || out[key] < startMs || out[key] >= startMs + durationMs) {
      throw new Error(
        `story.times.${key} (${text ?? 'default'}) falls outside the scenario's time range ${scenario.start} + ${scenario.duration}.`,
      );
    }
  }
  for (let i = 1; i < ORDERED.length; i++) {
    if (out[ORDERED[i]] <= out[ORDERED[i - 1]]) {
      throw new Error(
        `story.times: ${ORDERED[i]} must come after ${ORDERED[i - 1]} (the story happens in the order ${ORDERED.join(' → ')}).`,
      );
    }
  }
  if (out.deleteKey <= out.deactivateKey || out.deactivateKey <= out.firstUse) {
    throw new Error('story.times: the key is deactivated after its first misuse and deleted after it is deactivated.');
  }
  return out;
}

function uniqueHost(rng: Rng, prefix24: string, used: Set<string>): string {
  let ip = hostIn(rng, prefix24);
  while (used.has(ip)) ip = hostIn(rng, prefix24);
  used.add(ip);
  return ip;
}

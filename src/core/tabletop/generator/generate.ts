// Writes a scenario's logs: CloudTrail and VPC flow log files, GuardDuty's findings export and AWS Config's history
// and snapshot files, in their S3 delivery layout. Same scenario, seed and
// scale → byte-identical files (no clock, no unordered iteration, gzip without a timestamp).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Scenario } from '../model';
import { backgroundEvents } from './backgroundEvents';
import { configItems } from './configItems';
import { buildEnvironment, type Environment, type Story } from './environment';
import { FLOW_BIN_MS, FLOW_LOG_HEADER, flowLogBins } from './flowLogs';
import { guardDutyFindings } from './guardDutyFindings';
import { cloudTrailPath, configPath, fileStamp, flowLogPath, guardDutyPath } from './layout';
import { isoSeconds } from './principals';
import type { GeneratedEvent } from './record';
import { Rng } from './rng';
import { storyEvents } from './storyEvents';

export interface GenerateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Multiplies the background volume (default 1); the story stays the same. */
  scale?: number;
  /** Remove logs a previous run wrote for this account before writing; without it, existing logs are an error. */
  replace?: boolean;
}

export interface GeneratedFile {
  /** Relative to the output folder, with forward slashes. */
  path: string;
  kind: 'cloudtrail' | 'vpcflowlogs' | 'guardduty' | 'config';
  records: number;
  bytes: number;
  sha256: string;
}

/** The incident's identifiers and times as written into the data, for the facilitator. */
export type StoryFacts = Pick<
  Story,
  | 'region'
  | 'userName'
  | 'accessKeyId'
  | 'attackerIp'
  | 'sshSources'
  | 'exfilIp'
  | 'securityGroupId'
  | 'routeTableId'
  | 'internetGatewayId'
  | 'instanceIds'
  | 'keyPairName'
  | 'replacementKeyId'
  | 'adminSession'
> & {
  /** The new instances' network interfaces and private addresses, in the order of instanceIds. */
  networkInterfaceIds: string[];
  privateIps: string[];
  /** Each story event's time, ISO 8601 to the second. */
  times: Record<string, string>;
};

export interface GenerationSummary {
  outDir: string;
  seed: number;
  scale: number;
  files: GeneratedFile[];
  cloudTrailEvents: number;
  flowRecords: number;
  story: StoryFacts;
}

const CLOUDTRAIL_BIN_MS = 5 * 60 * 1000;
/** Raise whenever the same scenario and seed would produce different files, so stale sample data is regenerated. */
export const GENERATOR_VERSION = 2;

export function generateScenarioData(
  scenario: Scenario,
  outDir: string,
  options: GenerateOptions = {},
): GenerationSummary {
  const seed = options.seed ?? scenario.seed;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new Error(`Seed ${seed} must be a whole number from 0 to 4294967295.`);
  if (!(scale > 0 && scale <= 100)) throw new Error(`Scale ${scale} must be a number above 0 and at most 100.`);
  const rng = new Rng(seed, scenario.id);
  const env = buildEnvironment(scenario, rng.fork('environment'));
  prepareOutput(outDir, env.accountId, options.replace ?? false);

  const events = [
    ...storyEvents(env, rng.fork('story-events')),
    ...backgroundEvents(env, rng.fork('background'), scale),
  ].filter(e => e.timeMs >= env.startMs && e.timeMs < env.endMs);
  const files = [
    ...writeCloudTrail(env, events, outDir, rng.fork('files/cloudtrail')),
    ...writeFlowLogs(env, outDir, rng, scale),
    writeGuardDuty(env, outDir, rng.fork('guardduty')),
    ...writeConfig(env, events, outDir, rng.fork('files/config')),
  ];
  return {
    outDir,
    seed,
    scale,
    files,
    cloudTrailEvents: events.length,
    flowRecords: files.filter(f => f.kind === 'vpcflowlogs').reduce((sum, f) => sum + f.records, 0),
    story: storyFacts(env),
  };
}

function prepareOutput(outDir: string, accountId: string, replace: boolean): void {
  const ours = ['CloudTrail', 'vpcflowlogs', 'GuardDuty', 'Config'].map(d =>
    path.join(outDir, 'AWSLogs', accountId, d),
  );
  const existing = ours.filter(d => fs.existsSync(d) && fs.readdirSync(d).length > 0);
  if (existing.length && !replace) {
    throw new Error(`${existing[0]} already holds logs; choose an empty folder or replace them (--replace).`);
  }
  for (const d of existing) fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
}

function writeFile(
  outDir: string,
  relative: string,
  text: string,
  kind: GeneratedFile['kind'],
  records: number,
): GeneratedFile {
  const data = zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 6 });
  const full = path.join(outDir, ...relative.split('/'));
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, data);
  return { path: relative, kind, records, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

function writeCloudTrail(env: Environment, events: GeneratedEvent[], outDir: string, rng: Rng): GeneratedFile[] {
  const groups = new Map<string, GeneratedEvent[]>();
  for (const e of events) {
    const bin = Math.floor((e.timeMs - env.startMs) / CLOUDTRAIL_BIN_MS);
    const key = `${e.deliveryRegion}\u0000${String(bin).padStart(6, '0')}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.keys()].sort().map(key => {
    const [region, bin] = key.split('\u0000');
    const group = (groups.get(key) ?? []).sort((a, b) => a.timeMs - b.timeMs);
    const delivered = env.startMs + (Number(bin) + 1) * CLOUDTRAIL_BIN_MS + rng.int(0, 4) * 60000;
    const text = JSON.stringify({ Records: group.map(e => e.record) });
    return writeFile(
      outDir,
      cloudTrailPath(env.accountId, region, delivered, rng.alnum(16)),
      text,
      'cloudtrail',
      group.length,
    );
  });
}

function writeFlowLogs(env: Environment, outDir: string, rng: Rng, scale: number): GeneratedFile[] {
  const names = rng.fork('files/vpcflowlogs');
  return flowLogBins(env, rng, scale).flatMap(({ network, bins }) =>
    bins.flatMap((lines, bin) => {
      if (lines.length === 0) return [];
      const delivered = env.startMs + (bin + 1) * FLOW_BIN_MS;
      const relative = flowLogPath(env.accountId, network.region, network.flowLogId, delivered, names.hex(8));
      return [writeFile(outDir, relative, `${FLOW_LOG_HEADER}\n${lines.join('\n')}\n`, 'vpcflowlogs', lines.length)];
    }),
  );
}

function writeGuardDuty(env: Environment, outDir: string, rng: Rng): GeneratedFile {
  const { region, findings, exportedMs } = guardDutyFindings(env, rng);
  const text = findings.map(f => JSON.stringify(f)).join('\n') + '\n';
  return writeFile(
    outDir,
    guardDutyPath(env.accountId, region, exportedMs, rng.uuid()),
    text,
    'guardduty',
    findings.length,
  );
}

/** A snapshot of the group before the story, and one history file per resource type for the items the story made. */
function writeConfig(env: Environment, events: GeneratedEvent[], outDir: string, rng: Rng): GeneratedFile[] {
  const { snapshot, history } = configItems(env, events);
  const region = env.story.region;
  const file = (items: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ fileVersion: '1.0', ...extra, configurationItems: items });
  const snapshotId = rng.uuid();
  const files = [
    writeFile(
      outDir,
      configPath(env.accountId, region, env.startMs, `${fileStamp(env.startMs)}_${snapshotId}`, 'ConfigSnapshot'),
      file(snapshot, { configSnapshotId: snapshotId }),
      'config',
      snapshot.length,
    ),
  ];
  for (const [type, items] of history) {
    const times = items.map(i => Date.parse(String(i.configurationItemCaptureTime)));
    const from = Math.floor(Math.min(...times) / 3600000) * 3600000;
    // Config writes the type with its colons (AWS::EC2::Instance); Windows file names cannot hold them.
    const name = `${type.replace(/::/g, '_')}_${fileStamp(from)}_${fileStamp(from + 6 * 3600000)}_1`;
    files.push(
      writeFile(
        outDir,
        configPath(env.accountId, region, from, name, 'ConfigHistory'),
        file(items),
        'config',
        items.length,
      ),
    );
  }
  return files;
}

function storyFacts(env: Environment): StoryFacts {
  const s = env.story;
  return {
    region: s.region,
    userName: s.userName,
    accessKeyId: s.accessKeyId,
    attackerIp: s.attackerIp,
    sshSources: s.sshSources,
    exfilIp: s.exfilIp,
    securityGroupId: s.securityGroupId,
    routeTableId: s.routeTableId,
    internetGatewayId: s.internetGatewayId,
    instanceIds: s.instanceIds,
    networkInterfaceIds: s.instanceEnis.map(e => e.id),
    privateIps: s.instanceEnis.map(e => e.ip),
    keyPairName: s.keyPairName,
    replacementKeyId: s.replacementKeyId,
    adminSession: s.adminSession,
    times: Object.fromEntries(Object.entries(s.times).map(([k, v]) => [k, isoSeconds(v)])),
  };
}

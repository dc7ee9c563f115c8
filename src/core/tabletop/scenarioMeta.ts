// The scenario's front matter: what the exercise is, which playbook it drills, and the parameters the generator
// needs (seed, time range, account, regions, story identifiers). Problems are reported, never thrown.
import { isMap, isSeq, type Document } from 'yaml';
import type { ParameterType } from '../playbook/model';
import { parseDuration, validateParameter } from '../playbook/parameters';
import { STORY_TIME_KEYS, type Scenario, type StoryConfig, type StoryTimeKey } from './model';
import type { YamlReader } from './yamlReader';

type ScenarioMeta = Pick<
  Scenario,
  'id' | 'title' | 'playbookId' | 'seed' | 'start' | 'duration' | 'accountId' | 'regions' | 'story'
>;

const ID = /^[a-z0-9][a-z0-9-]*$/;
/** Longest log span the generator writes; longer exercises only make the data slow to produce and to query. */
const MAX_DURATION_MS = 7 * 24 * 3600 * 1000;

/** How each story field is checked: a playbook parameter type, or a pattern for AWS ids it has no type for. */
const STORY_FIELDS: Record<
  Exclude<keyof StoryConfig, 'times'>,
  { type: ParameterType; pattern?: string; list?: boolean }
> = {
  region: { type: 'region' },
  userName: { type: 'string', pattern: '[\\w+=,.@-]{1,64}' },
  accessKeyId: { type: 'accessKeyId' },
  attackerIp: { type: 'ipv4' },
  sshSources: { type: 'ipv4', list: true },
  exfilIp: { type: 'ipv4' },
  vpcId: { type: 'string', pattern: 'vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})' },
  subnetId: { type: 'string', pattern: 'subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})' },
  securityGroupId: { type: 'securityGroupId' },
  routeTableId: { type: 'string', pattern: 'rtb-(?:[0-9a-f]{8}|[0-9a-f]{17})' },
  internetGatewayId: { type: 'string', pattern: 'igw-(?:[0-9a-f]{8}|[0-9a-f]{17})' },
  instanceIds: { type: 'instanceId', list: true },
  instanceType: { type: 'string', pattern: '[a-z][a-z0-9-]*\\.[a-z0-9]+' },
  imageId: { type: 'string', pattern: 'ami-(?:[0-9a-f]{8}|[0-9a-f]{17})' },
  keyPairName: { type: 'string', pattern: '[\\w .-]{1,255}' },
  adminSession: { type: 'string', pattern: '[\\w+=,.@-]{2,64}' },
  adminIp: { type: 'ipv4' },
};

export function readScenarioMeta(doc: Document | undefined, r: YamlReader): Partial<ScenarioMeta> {
  if (!doc || !isMap(doc.contents)) {
    r.report(
      doc?.contents,
      'missing-front-matter',
      'A scenario starts with YAML front matter between two "---" lines (id, title, playbook, seed, start, duration, account, regions).',
    );
    return {};
  }
  const e = r.entries(doc.contents, 'The front matter');
  const meta: Partial<ScenarioMeta> = {};
  const field = (key: string, what: string, check: (v: string) => string | undefined): string | undefined => {
    const pair = e.get(key);
    if (!pair) {
      r.report(doc.contents, 'missing-key', `Front matter: "${key}:" is required (${what}).`);
      return undefined;
    }
    const v = r.text(pair.value, `Front matter "${key}"`);
    const problem = v === undefined ? undefined : check(v);
    if (problem) r.report(pair.value, 'invalid-value', `Front matter "${key}": ${problem}`);
    return v === undefined || problem ? undefined : v;
  };
  meta.id = field('id', 'the scenario id', v => (ID.test(v) ? undefined : 'use lower-case letters, digits and "-"'));
  meta.title = field('title', 'shown to the team', v => (v.trim() ? undefined : 'must not be empty'));
  meta.playbookId = field('playbook', 'id of the playbook the exercise drills', v =>
    ID.test(v) ? undefined : 'must be a playbook id',
  );
  const seed = field('seed', 'makes the generated data reproducible', v =>
    /^\d+$/.test(v) && Number(v) <= 0xffffffff ? undefined : 'must be a whole number from 0 to 4294967295',
  );
  if (seed !== undefined) meta.seed = Number(seed);
  meta.start = field('start', 'ISO time the logs begin', v => typed('isoTime', v));
  meta.duration = field('duration', 'ISO 8601 duration of the logs, e.g. PT10H', v => {
    const ms = parseDuration(v);
    if (ms === undefined || ms <= 0) return 'must be an ISO 8601 duration such as PT10H or P1D';
    return ms > MAX_DURATION_MS ? 'must be at most P7D' : undefined;
  });
  meta.accountId = field('account', 'the AWS account id in the logs', v => typed('accountId', v));
  meta.regions = readRegions(e.get('regions')?.value, r, doc.contents);
  meta.story = readStory(e.get('story')?.value, r);
  if (meta.story.region && meta.regions && !meta.regions.includes(meta.story.region)) {
    r.report(
      e.get('story')?.value,
      'invalid-value',
      `story.region "${meta.story.region}" is not one of the scenario's regions (${meta.regions.join(', ')}).`,
    );
  }
  for (const [key, pair] of e) {
    if (!['id', 'title', 'playbook', 'seed', 'start', 'duration', 'account', 'regions', 'story'].includes(key)) {
      r.report(pair.key, 'unknown-key', `Front matter: unknown key "${key}" is ignored.`, 'warning');
    }
  }
  return meta;
}

function typed(type: ParameterType, value: string, pattern?: string): string | undefined {
  const problem = validateParameter(
    { name: 'value', label: 'value', type, pattern, required: true, position: { line: 0, column: 0 } },
    value,
  );
  return problem?.replace(/^value \(value\) /, '');
}

function readRegions(node: unknown, r: YamlReader, fallback: unknown): string[] | undefined {
  if (node === undefined) {
    r.report(
      fallback,
      'missing-key',
      'Front matter: "regions:" is required (list of regions the logs cover, e.g. [eu-west-1, us-east-1]).',
    );
    return undefined;
  }
  const regions = r.texts(node, 'regions');
  const bad = regions.find(v => typed('region', v));
  if (bad !== undefined)
    r.report(node, 'invalid-value', `Front matter "regions": "${bad}" is not a region name such as eu-west-1.`);
  if (!regions.length) r.report(node, 'invalid-value', 'Front matter "regions": name at least one region.');
  return bad === undefined && regions.length ? [...new Set(regions)] : undefined;
}

function readStory(node: unknown, r: YamlReader): StoryConfig {
  const story: StoryConfig = {};
  if (node === undefined) return story;
  for (const [key, pair] of r.entries(node, 'story')) {
    if (key === 'times') {
      story.times = readTimes(pair.value, r);
      continue;
    }
    const spec = STORY_FIELDS[key as keyof typeof STORY_FIELDS];
    if (!spec) {
      r.report(
        pair.key,
        'unknown-key',
        `story: unknown key "${key}" (known: ${[...Object.keys(STORY_FIELDS), 'times'].join(', ')}).`,
        'warning',
      );
      continue;
    }
    if (spec.list && !isSeq(pair.value)) {
      r.report(pair.value, 'invalid-value', `story.${key} must be a list.`);
      continue;
    }
    const values = r.texts(pair.value, `story.${key}`);
    const problem = values.map(v => typed(spec.type, v, spec.pattern)).find(p => p);
    if (problem) {
      r.report(pair.value, 'invalid-value', `story.${key}: ${problem}`);
      continue;
    }
    Object.assign(story, { [key]: spec.list ? values : values[0] });
  }
  return story;
}

function readTimes(node: unknown, r: YamlReader): Partial<Record<StoryTimeKey, string>> {
  const times: Partial<Record<StoryTimeKey, string>> = {};
  for (const [key, pair] of r.entries(node, 'story.times')) {
    if (!(STORY_TIME_KEYS as readonly string[]).includes(key)) {
      r.report(pair.key, 'unknown-key', `story.times: unknown event "${key}" (known: ${STORY_TIME_KEYS.join(', ')}).`);
      continue;
    }
    const v = r.text(pair.value, `story.times.${key}`);
    if (v === undefined) continue;
    if (parseDuration(v) === undefined && typed('isoTime', v)) {
      r.report(
        pair.value,
        'invalid-value',
        `story.times.${key}: use an ISO time (2026-11-20T09:23:10Z) or a duration from the start (PT1H23M10S).`,
      );
      continue;
    }
    times[key as StoryTimeKey] = v;
  }
  return times;
}

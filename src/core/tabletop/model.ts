// The typed model of a tabletop scenario: a story with timed injects for the facilitator, the questions the team
// must answer, the expected findings the debrief scores against the incident report, and the parameters the data
// generator needs to write logs that tell the story.
import type { Diagnostic, SourcePosition } from '../playbook/model';

/** What the facilitator reveals at a moment of the exercise (offset from the exercise start, wall clock). */
export interface Inject {
  id: string;
  /** Minutes after the exercise starts. */
  offsetMinutes: number;
  /** The offset as written, e.g. `T+00:20`. */
  offsetText: string;
  title: string;
  /** Markdown the facilitator reads out or hands over. */
  body: string;
  position: SourcePosition;
}

export interface ScenarioQuestion {
  id: string;
  text: string;
  position: SourcePosition;
}

/**
 * A check against what the team recorded in the incident report; findings combine them. Text checks read only what
 * people wrote (findings, answers, notes, parameters), never query results: running a query proves nothing by itself.
 */
export type Matcher =
  /** One recorded text contains one of the given texts (case-insensitive). */
  | { kind: 'mentions'; anyOf: string[] }
  /** A line of one recorded text matches a regular expression (case-insensitive). */
  | { kind: 'matches'; pattern: string }
  /**
   * One recorded text holds every item of `allOf`; an item holds when one of its terms does. A term is words, each
   * found whole (or as a prefix when it ends in `*`), in any order: `delet* key` holds for "deleted the key".
   */
  | { kind: 'says'; allOf: string[][] }
  /** The step has a run without error that returned at least `minRows` rows (optionally of one query). */
  | { kind: 'run'; step: string; query?: string; minRows: number }
  /** An answer (in `step`, or in any step) contains one of the given texts (case-insensitive). */
  | { kind: 'answer'; question: string; step?: string; anyOf: string[] }
  /** A checklist item of the step is ticked. */
  | { kind: 'checked'; step: string; item: string }
  /** The step has reached one of the given statuses. */
  | { kind: 'status'; step: string; anyOf: string[] }
  | { kind: 'all'; of: Matcher[] }
  | { kind: 'any'; of: Matcher[] };

export interface ExpectedFinding {
  id: string;
  title: string;
  /** Markdown explaining the finding for the debrief. */
  description: string;
  matcher: Matcher;
  position: SourcePosition;
}

/**
 * Identifiers and times of the incident the generator writes into the logs. Every field has a default derived
 * from the seed; a scenario names the ones its findings refer to, so they do not change with the seed.
 */
export interface StoryConfig {
  /** Region where the attacker works (must be one of the scenario's regions). */
  region?: string;
  /** IAM user whose access key leaked. */
  userName?: string;
  accessKeyId?: string;
  /** Address the leaked key is used from. */
  attackerIp?: string;
  /** Further external addresses that reach the new instances over SSH. */
  sshSources?: string[];
  /** Where the stolen data goes. */
  exfilIp?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroupId?: string;
  routeTableId?: string;
  internetGatewayId?: string;
  instanceIds?: string[];
  instanceType?: string;
  imageId?: string;
  keyPairName?: string;
  /** Session name of the administrator who contains the key. */
  adminSession?: string;
  adminIp?: string;
  /** Absolute ISO times or ISO durations from the scenario start, per story event. */
  times?: Partial<Record<StoryTimeKey, string>>;
}

export const STORY_TIME_KEYS = [
  'firstUse',
  'importKeyPair',
  'openSsh',
  'runInstances',
  'createRoute',
  'exfilStart',
  'exfilEnd',
  'deactivateKey',
  'deleteKey',
] as const;
export type StoryTimeKey = (typeof STORY_TIME_KEYS)[number];

export interface Scenario {
  id: string;
  title: string;
  playbookId: string;
  seed: number;
  /** ISO time the logs start. */
  start: string;
  /** ISO 8601 duration of the logs, e.g. `PT10H`. */
  duration: string;
  accountId: string;
  regions: string[];
  story: StoryConfig;
  /** Markdown of the "Story" section. */
  storyText: string;
  injects: Inject[];
  facilitatorNotes: string;
  questions: ScenarioQuestion[];
  findings: ExpectedFinding[];
}

export interface ScenarioParseResult {
  /** Present whenever the front matter yielded at least an id. */
  scenario?: Scenario;
  diagnostics: Diagnostic[];
}

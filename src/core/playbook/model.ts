// The typed model of a playbook, produced by the parser from the markdown a person writes.
// Every element keeps the source position it came from, so diagnostics and the editor can point back at it.

export interface SourcePosition {
  /** 1-based line in the playbook file. */
  line: number;
  /** 1-based column. */
  column: number;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic extends SourcePosition {
  severity: DiagnosticSeverity;
  message: string;
  /** Stable machine-readable code, e.g. "unclosed-fence", "unknown-engine". */
  code: string;
}

/** The five stages of the NIST SP 800-61r2 incident handling process, in order. */
export const PHASE_IDS = [
  'preparation',
  'detection-analysis',
  'containment-eradication',
  'recovery',
  'post-incident',
] as const;
export type PhaseId = (typeof PHASE_IDS)[number];

/** Parameter types a playbook may declare; each has a validator in `parameters.ts`. */
export const PARAMETER_TYPES = [
  'string',
  'integer',
  'isoTime',
  'timeWindow',
  'ipv4',
  'ipv6',
  'ip',
  'cidr',
  'accessKeyId',
  'instanceId',
  'securityGroupId',
  'accountId',
  'region',
  'arn',
  'eventName',
  'guardDutyFindingType',
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export interface ParameterDefinition {
  name: string;
  type: ParameterType;
  label: string;
  description?: string;
  /** For `string`: a regular expression the whole value must match. */
  pattern?: string;
  default?: string;
  required: boolean;
  position: SourcePosition;
}

/** `aws` runs one read-only AWS API operation; `action` one containment call, only after the user confirms it. */
export const ENGINE_IDS = ['cloudtrail', 'athena', 'local', 'aws', 'action'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export function isEngineId(word: string): word is EngineId {
  return (ENGINE_IDS as readonly string[]).includes(word);
}

export interface QueryBlock {
  /** Unique within the playbook. */
  id: string;
  engine: EngineId;
  title: string;
  /** The block body exactly as written (SQL, the CloudTrail lookup lines, or an aws/action block's YAML). */
  text: string;
  /** Names of the parameters the body references, in order of first use (`timeWindow` as its base name). */
  parameters: string[];
  /** For a `local` block written as a variant of another block: that block's id. */
  variantOf?: string;
  /** For a block whose SQL is in a file (`file=queries/x.sql`): the path, relative to the playbook's folder. */
  file?: string;
  position: SourcePosition;
}

export interface ChecklistItem {
  id: string;
  text: string;
  position: SourcePosition;
}

export interface Question {
  id: string;
  text: string;
  /** Suggested answers offered as choices; the user may still type free text. */
  suggestions: string[];
  position: SourcePosition;
}

export const STEP_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type StepSeverity = (typeof STEP_SEVERITIES)[number];

export interface Step {
  id: string;
  title: string;
  phaseId: PhaseId;
  /** `{severity=high}` after the heading: how much the step matters when time is short. */
  severity?: StepSeverity;
  /** `{owner="IR lead"}` after the heading: the role that carries the step out. */
  owner?: string;
  /** Markdown guidance with the structured parts (checklist, questions, queries) removed. */
  guidance: string;
  checklist: ChecklistItem[];
  questions: Question[];
  queries: QueryBlock[];
  position: SourcePosition;
}

export interface Phase {
  id: PhaseId;
  title: string;
  /** Markdown between the phase heading and its first step, when there is any. */
  introduction?: string;
  steps: Step[];
  position: SourcePosition;
}

/** A `##` section that names no phase (overview, escalation, appendix): shown as a reference, not worked. */
export interface Reference {
  title: string;
  /** Its markdown, sub-headings included. */
  text: string;
  position: SourcePosition;
}

export interface Playbook {
  id: string;
  title: string;
  version: string;
  description?: string;
  /** Language the playbook is written in (front matter `language`, lower case); reports follow it. */
  language?: string;
  /** Markdown between the title and the first phase, when there is any. */
  introduction?: string;
  parameters: ParameterDefinition[];
  phases: Phase[];
  /** Sections that name no phase, in order. */
  references?: Reference[];
}

export interface PlaybookParseResult {
  /** Present whenever the front matter yielded at least an id; the rest stays usable around errors. */
  playbook?: Playbook;
  diagnostics: Diagnostic[];
}

// AWS CLI commands from a published playbook (`aws iam list-access-keys --user-name USER`) as `aws` blocks (reads) or
// consent-gated `action` blocks (writes): the SDK client, the SDK command name and the input in the SDK's shape.
// Sample values become typed parameters, used only as whole scalar values.
import { stringify } from 'yaml';
import { parseAwsBlock } from '../playbook/awsBlockSpec';
import { parseLookupSpec } from '../playbook/lookupSpec';
import { findPlaceholderLiterals } from '../playbook/placeholderLiterals';
import type { ParameterSet } from './parameterSet';
import { splitOutsideQuotes } from './sqlConvert';

interface AwsCall {
  kind: 'aws' | 'action';
  service: string;
  operation: string;
  regions?: string;
  input: Record<string, unknown>;
  /** The command as written, for the block's title. */
  command: string;
}

/** CLI service names whose SDK client is named differently (lower case, as the SDK names the client). */
const SERVICES: Record<string, string> = {
  s3api: 's3',
  logs: 'cloudwatchlogs',
  elbv2: 'elasticloadbalancingv2',
  elb: 'elasticloadbalancing',
  'sso-admin': 'ssoadmin',
  stepfunctions: 'sfn',
  es: 'elasticsearchservice',
  events: 'eventbridge',
  configservice: 'config',
  resourcegroupstaggingapi: 'resourcegroupstaggingapi',
  securityhub: 'securityhub',
  guardduty: 'guardduty',
  accessanalyzer: 'accessanalyzer',
  secretsmanager: 'secretsmanager',
  'bedrock-agent': 'bedrockagent',
  'bedrock-agentcore-control': 'bedrockagentcorecontrol',
};

/** Commands of the high-level CLI that are no single API call. */
const NOT_AN_API = new Set([
  's3 ls',
  's3 cp',
  's3 sync',
  's3 mv',
  's3 rm',
  's3 mb',
  's3 rb',
  's3 presign',
  'configure',
  'ec2 wait',
  'cloudformation deploy',
  'cloudformation package',
  'ssm start-session',
  'logs tail',
  'iam wait',
]);

/** Command names whose SDK spelling is not the plain kebab → Pascal conversion. */
const OPERATIONS: Record<string, string> = {
  'iam list-mfa-devices': 'ListMFADevices',
  'iam deactivate-mfa-device': 'DeactivateMFADevice',
  'iam delete-virtual-mfa-device': 'DeleteVirtualMFADevice',
  'iam list-virtual-mfa-devices': 'ListVirtualMFADevices',
  'iam list-open-id-connect-providers': 'ListOpenIDConnectProviders',
  'iam list-saml-providers': 'ListSAMLProviders',
  'iam enable-mfa-device': 'EnableMFADevice',
  'iam resync-mfa-device': 'ResyncMFADevice',
  'sts get-caller-identity': 'GetCallerIdentity',
};

/** Words the SDK writes in capitals inside operation and member names. */
const ACRONYMS: Record<string, Record<string, string>> = {
  rds: { Db: 'DB' },
  iam: { Mfa: 'MFA', Saml: 'SAML', OpenId: 'OpenID', Ssh: 'SSH' },
};

const READ_PREFIXES =
  /^(?:Describe|Get|List|Lookup|Search|Filter|Head|BatchGet|Select|Scan|Query|Check|Simulate|Validate|Estimate|Preview)/;

/** Global options that describe how the CLI runs, not the call. */
const GLOBAL_OPTIONS = new Set([
  'profile',
  'output',
  'query',
  'endpoint-url',
  'cli-read-timeout',
  'cli-connect-timeout',
  'color',
  'ca-bundle',
  'page-size',
]);
const GLOBAL_FLAGS = new Set(['no-cli-pager', 'debug', 'no-paginate', 'no-verify-ssl', 'no-sign-request']);

function pascal(kebab: string, service: string): string {
  let out = kebab
    .split('-')
    .filter(Boolean)
    .map(w => w[0].toUpperCase() + w.slice(1))
    .join('');
  for (const [from, to] of Object.entries(ACRONYMS[service] ?? {})) {
    out = out.replace(new RegExp(`${from}(?=[A-Z]|$)`, 'g'), to);
  }
  return out;
}

/** Splits a command line like a POSIX shell would for the simple cases playbooks use (quotes, no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** Commands that only filter or format what they read: a pipeline into them changes nothing. */
const OUTPUT_FILTERS = new Set(['jq', 'grep', 'egrep', 'sort', 'uniq', 'head', 'tail', 'wc', 'cut', 'column', 'less']);

/**
 * The command before its first `|` outside quotes when everything after it only filters output (`| jq …`, `| grep
 * …`); the whole command otherwise, which the pipeline check then refuses.
 */
function beforeUnquotedPipe(command: string): string {
  const [first, ...filters] = splitOutsideQuotes(command, '|');
  if (!filters.length) return command;
  return filters.every(f => OUTPUT_FILTERS.has(shellWords(f)[0] ?? '')) ? first : command;
}

type CliResult = { call: AwsCall } | { problem: string };

/** Maps one `aws <service> <command> [--option value]...` line (continuations already joined). */
export function mapAwsCommand(commandLine: string, params: ParameterSet): CliResult {
  const command = commandLine.trim().replace(/^\$\s+/, '');
  // A read piped into jq or grep is the read plus a filter the result grid does itself: the read is mapped, the
  // pipeline stays in the text. A write in a pipeline, or anything with substitution or a second command, is not.
  const piped = beforeUnquotedPipe(command);
  const words = shellWords(piped);
  if (words[0] !== 'aws' || words.length < 3) return { problem: 'not an "aws <service> <command>" line' };
  if (/[|;&`]|\$\(/.test(piped.replace(/'[^']*'|"[^"]*"/g, ''))) {
    return { problem: 'the command is part of a shell pipeline or uses shell substitution' };
  }
  if (/[;&`]|\$\(/.test(command.replace(/'[^']*'|"[^"]*"/g, ''))) {
    return { problem: 'the pipeline uses shell substitution or runs a second command' };
  }
  const cliService = words[1];
  const cliCommand = words[2];
  if (NOT_AN_API.has(`${cliService} ${cliCommand}`) || NOT_AN_API.has(cliService)) {
    return { problem: `"aws ${cliService} ${cliCommand}" is a CLI convenience command, not one API call` };
  }
  if (!/^[a-z0-9-]+$/.test(cliService) || !/^[a-z0-9-]+$/.test(cliCommand)) {
    return { problem: 'unrecognised service or command name' };
  }
  const service = SERVICES[cliService] ?? cliService.replace(/-/g, '');
  const operation = OPERATIONS[`${cliService} ${cliCommand}`] ?? pascal(cliCommand, service);
  const kind = READ_PREFIXES.test(operation) ? 'aws' : 'action';
  if (piped !== command && kind !== 'aws') return { problem: 'a change made inside a shell pipeline' };
  const call: AwsCall = { kind, service, operation, input: {}, command };
  const options = readOptions(words.slice(3));
  if ('problem' in options) return options;
  const convenience: Record<string, string> = {};
  for (const [name, values] of options.list) {
    if (GLOBAL_OPTIONS.has(name) || GLOBAL_FLAGS.has(name)) continue;
    if (name === 'region') {
      call.regions = values[0] && !isSample(values[0]) ? values[0] : undefined;
      continue;
    }
    if (service === 'ec2' && ['protocol', 'port', 'cidr', 'source-group'].includes(name) && values.length === 1) {
      convenience[name] = values[0];
      continue;
    }
    if (values.length === 0) {
      call.input[pascal(name.replace(/^no-/, ''), service)] = !name.startsWith('no-');
      continue;
    }
    const key = pascal(name, service);
    const parsed = values.map(v => parseValue(v, name, params));
    call.input[key] = parsed.length > 1 || isListOption(name) ? parsed : parsed[0];
  }
  if (Object.keys(convenience).length) call.input.IpPermissions = [ipPermission(convenience, params)];
  return { call };
}

/** Options whose value is a list even when one value is given (`--instance-ids i-1`). */
function isListOption(name: string): boolean {
  return /(?:^|-)(?:ids|names|arns|keys|types|values|groups|attributes|filters)$/.test(name);
}

interface Options {
  list: [string, string[]][];
}

function readOptions(words: string[]): Options | { problem: string } {
  const list: [string, string[]][] = [];
  for (const word of words) {
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      if (eq > 0) list.push([word.slice(2, eq), [word.slice(eq + 1)]]);
      else list.push([word.slice(2), []]);
    } else if (list.length === 0) {
      return { problem: `"${word}" is not an --option` };
    } else {
      list[list.length - 1][1].push(word);
    }
  }
  return { list };
}

const SAMPLE_WORDS = new Set([
  'USER',
  'USERNAME',
  'BUCKET',
  'ROLE',
  'ROLENAME',
  'KEY',
  'NAME',
  'ARN',
  'REGION',
  'ACCOUNT',
  'INSTANCE',
  'PROFILE',
  'POLICY',
  'GROUP',
  'FUNCTION',
  'SECRET',
  'DETECTOR',
  'TOPIC',
]);

/** A sample value the reader is meant to replace (`USER`, `<bucket>`, `AKIA...`). */
function isSample(value: string): boolean {
  return (
    /^<[^>]+>$/.test(value) ||
    /^\$\{?[A-Za-z_]\w*\}?$/.test(value) ||
    /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(value) ||
    SAMPLE_WORDS.has(value) ||
    findPlaceholderLiterals(`'${value}'`).length > 0 ||
    /^(?:AKIA|ASIA)[A-Z0-9]*\.\.\.$/.test(value)
  );
}

const OPTION_TYPES: Record<string, { kind: Parameters<ParameterSet['reference']>[0]; name: string }> = {
  'access-key-id': { kind: 'accessKeyId', name: 'access_key_id' },
  'instance-id': { kind: 'instanceId', name: 'instance_id' },
  'instance-ids': { kind: 'instanceId', name: 'instance_id' },
  'group-id': { kind: 'securityGroupId', name: 'security_group_id' },
  'group-ids': { kind: 'securityGroupId', name: 'security_group_id' },
  'account-id': { kind: 'accountId', name: 'account_id' },
  'start-time': { kind: 'windowStart', name: 'window' },
  'end-time': { kind: 'windowEnd', name: 'window' },
};

function parseValue(raw: string, option: string, params: ParameterSet): unknown {
  if (isSample(raw)) {
    const typed = OPTION_TYPES[option];
    if (typed) return params.reference(typed.kind, typed.name);
    const literal = findPlaceholderLiterals(`'${raw}'`)[0];
    if (literal && literal.kind !== 'text') return params.reference(literal.kind, literal.name);
    return params.reference('text', /^[a-z]/.test(option) ? option.replace(/-/g, '_') : 'value');
  }
  if (/^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      // Not JSON: the CLI's shorthand below, or plain text.
    }
  }
  if (/^-?\d+$/.test(raw) && raw.length < 16 && !/^0\d/.test(raw) && !/-id$/.test(option)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^[A-Za-z][\w]*=/.test(raw)) return shorthand(raw, params);
  return raw;
}

/** `Name=x,Values=a,b` → { Name: 'x', Values: ['a', 'b'] } (the CLI's shorthand syntax, common cases). */
function shorthand(raw: string, params: ParameterSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let key: string | undefined;
  for (const part of raw.split(',')) {
    const eq = /^([A-Za-z][\w]*)=(.*)$/.exec(part);
    if (eq) {
      key = eq[1];
      out[key] = shorthandValue(eq[2], key, params);
    } else if (key) {
      const prev = out[key];
      out[key] = [...(Array.isArray(prev) ? prev : [prev]), shorthandValue(part, key, params)];
    }
  }
  if (Array.isArray(out.Values) === false && 'Values' in out) out.Values = [out.Values];
  return out;
}

function shorthandValue(value: string, key: string, params: ParameterSet): unknown {
  // Settings such as BlockPublicAcls=true are flags; filter Values stay text, as the API takes them.
  if ((value === 'true' || value === 'false') && key !== 'Values') return value === 'true';
  if (!isSample(value)) return value;
  const literal = findPlaceholderLiterals(`'${value}'`)[0];
  return params.reference(literal && literal.kind !== 'text' ? literal.kind : 'text', snakeKey(key, value));
}

function snakeKey(key: string, value: string): string {
  const fromValue = value
    .replace(/^<|>$|^\$\{?|\}$/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(fromValue) ? fromValue : key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `--protocol tcp --port 22 --cidr 0.0.0.0/0` (CLI-only options) as the API's IpPermissions entry. */
function ipPermission(options: Record<string, string>, params: ParameterSet): Record<string, unknown> {
  const permission: Record<string, unknown> = { IpProtocol: options.protocol ?? '-1' };
  const port = options.port;
  if (port !== undefined) {
    const [from, to] = port.split('-');
    permission.FromPort = Number(from);
    permission.ToPort = Number(to ?? from);
  }
  if (options.cidr) {
    const cidr = isSample(options.cidr) ? params.reference('text', 'cidr') : options.cidr;
    if (options.cidr.includes(':')) permission.Ipv6Ranges = [{ CidrIpv6: cidr }];
    else permission.IpRanges = [{ CidrIp: cidr }];
  }
  if (options['source-group']) permission.UserIdGroupPairs = [{ GroupId: options['source-group'] }];
  return permission;
}

/**
 * The fenced block for a mapped call, in the format the aws engine reads, or why the format refuses it (a service or
 * operation outside the allow-list, an action without the input that names one resource): the playbook parser's own
 * check decides, so what is emitted is what validates.
 */
export function awsBlock(call: AwsCall, id: string): { lines: string[] } | { problem: string } {
  if (call.service === 'cloudtrail' && call.operation === 'LookupEvents') return cloudtrailBlock(call, id);
  const body: Record<string, unknown> = { service: call.service, operation: call.operation };
  if (call.regions) body.regions = call.regions;
  if (Object.keys(call.input).length) body.input = call.input;
  const yaml = stringify(body, { lineWidth: 0 }).trimEnd();
  const problems = parseAwsBlock(yaml, call.kind === 'aws' ? 'read' : 'action').problems;
  if (problems.length) return { problem: problems.map(p => p.message).join('; ') };
  return { lines: [`\`\`\`${call.kind} id=${id} title="${blockTitle(call)}"`, ...yaml.split('\n'), '```'] };
}

/** The command as a title: a JSON document or another long value is shortened to "…" so the options stay readable. */
function blockTitle(call: AwsCall): string {
  const words = shellWords(call.command).map(w => (w.length > 40 || /^[[{]/.test(w) ? '…' : w));
  return words.join(' ').replace(/"/g, "'").replace(/\s+/g, ' ').slice(0, 100);
}

/** `aws cloudtrail lookup-events` is what the `cloudtrail` engine runs: its lookup lines instead of an aws block. */
function cloudtrailBlock(call: AwsCall, id: string): { lines: string[] } | { problem: string } {
  const body: string[] = [];
  const attributes = call.input.LookupAttributes;
  for (const a of Array.isArray(attributes) ? attributes : []) {
    const { AttributeKey: key, AttributeValue: value } = (a ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || typeof value !== 'string') {
      return { problem: 'a lookup attribute without AttributeKey and AttributeValue' };
    }
    body.push(`attribute: ${key}=${value}`);
  }
  if (typeof call.input.StartTime === 'string') body.push(`start: ${call.input.StartTime}`);
  if (typeof call.input.EndTime === 'string') body.push(`end: ${call.input.EndTime}`);
  if (call.regions) body.push(`regions: ${call.regions}`);
  const problems = parseLookupSpec(body.join('\n')).problems;
  if (problems.length) return { problem: problems.map(p => p.message).join('; ') };
  return { lines: [`\`\`\`cloudtrail id=${id} title="${blockTitle(call)}"`, ...body, '```'] };
}

// The YAML block between the first two `---` lines: the playbook's id, title, version and parameters.
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { DiagnosticSink } from './diagnostics';
import { PARAMETER_TYPES, type ParameterDefinition, type SourcePosition } from './model';
import { isPatternProblem, SafePattern } from '../safePattern';
import { isParameterType, validateParameter } from './parameters';

export interface FrontMatter {
  /** 0-based index of the first line after the front matter (0 when there is none). */
  bodyStart: number;
  id?: string;
  title?: string;
  version?: string;
  description?: string;
  /** BCP 47 tag, lower case (`en`, `zh-cn`). */
  language?: string;
  parameters: ParameterDefinition[];
  /** Parameters declared with a problem: references to them are not reported a second time as undeclared. */
  brokenParameters: Set<string>;
}

const PLAYBOOK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;
const PARAMETER_NAME = /^[a-z][a-z0-9_]*$/;
const PARAMETER_KEYS = new Set(['type', 'label', 'description', 'pattern', 'default', 'required']);
const FENCE = /^---[ \t]*$/;
const END = /^(?:---|\.\.\.)[ \t]*$/;
const TOP: SourcePosition = { line: 1, column: 1 };

/** Maps offsets in the YAML text to file positions (the YAML starts on the file's second line). */
class YamlPositions {
  readonly counter = new LineCounter();

  at(offset: number | undefined): SourcePosition {
    if (offset === undefined) return TOP;
    const p = this.counter.linePos(offset);
    return { line: p.line + 1, column: p.col };
  }

  /** Where a YAML node starts; `fallback` for a node without a range (an empty value). */
  of(node: unknown, fallback: SourcePosition = TOP): SourcePosition {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.at(range[0]) : fallback;
  }
}

/** Text of a scalar as the author wrote it: `version: 1.0` stays "1.0", not the number 1. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return node.source ?? String(node.value);
  return undefined;
}

function keyText(pair: Pair): string {
  return scalarText(pair.key) ?? '';
}

export function parseFrontMatter(lines: string[], sink: DiagnosticSink): FrontMatter {
  const result: FrontMatter = { bodyStart: 0, parameters: [], brokenParameters: new Set() };
  if (lines.length === 0 || !FENCE.test(lines[0])) {
    sink.error(
      TOP,
      'front-matter-missing',
      'the playbook has no front matter: start the file with a "---" line, ' +
        'then id, title and version, then another "---" line',
    );
    return result;
  }
  let close = 1;
  while (close < lines.length && !END.test(lines[close])) close++;
  if (close >= lines.length) {
    sink.error(
      TOP,
      'front-matter-unclosed',
      'the front matter is not closed: add a "---" line after the last YAML line',
    );
    return result;
  }
  result.bodyStart = close + 1;

  const positions = new YamlPositions();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter: positions.counter, prettyErrors: false });
  for (const e of doc.errors) sink.error(positions.at(e.pos[0]), 'front-matter-yaml', `front matter: ${e.message}`);
  for (const w of doc.warnings) sink.warning(positions.at(w.pos[0]), 'front-matter-yaml', `front matter: ${w.message}`);

  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    sink.error(
      positions.of(root),
      'front-matter-type',
      'the front matter must be "key: value" lines (id, title, version...)',
    );
    return result;
  }
  const fields = new Map<string, Pair>();
  for (const pair of root?.items ?? []) fields.set(keyText(pair), pair);

  const text = (key: string, required: boolean): string | undefined => {
    const pair = fields.get(key);
    if (!pair) {
      if (required) sink.error(TOP, 'front-matter-missing-field', `the front matter has no "${key}"; add "${key}: …"`);
      return undefined;
    }
    const value = scalarText(pair.value);
    if (value === undefined || value.trim() === '') {
      sink.error(
        positions.of(pair.value, positions.of(pair.key)),
        'front-matter-type',
        `front matter "${key}" must be a single line of text`,
      );
      return undefined;
    }
    return value.trim();
  };

  result.id = text('id', true);
  if (result.id !== undefined && !PLAYBOOK_ID.test(result.id)) {
    sink.error(
      positions.of(fields.get('id')?.value),
      'front-matter-id',
      `playbook id "${result.id}" may use only lower-case letters, digits and single "-" between them`,
    );
  }
  result.title = text('title', true);
  result.version = text('version', true);
  result.description = text('description', false);
  const language = text('language', false);
  if (language !== undefined && !LANGUAGE_TAG.test(language.trim())) {
    sink.error(
      positions.of(fields.get('language')?.value),
      'front-matter-language',
      `front matter "language" must be a language tag such as "en" or "zh-cn", not "${language}"`,
    );
  } else if (language !== undefined) result.language = language.trim().toLowerCase();

  const params = fields.get('parameters');
  if (params && params.value !== null && !(isScalar(params.value) && params.value.value === null)) {
    if (isMap(params.value)) readParameters(params.value, positions, sink, result);
    else
      sink.error(
        positions.of(params.value),
        'front-matter-type',
        'front matter "parameters" must be a mapping: each parameter name on its own line ("window:"), with its "type:" ' +
          'and other fields indented under it, not a "- name:" list',
      );
  }
  return result;
}

function readParameters(map: YAMLMap, positions: YamlPositions, sink: DiagnosticSink, out: FrontMatter): void {
  for (const pair of map.items) {
    const name = keyText(pair);
    const at = positions.of(pair.key);
    if (!PARAMETER_NAME.test(name)) {
      sink.error(
        at,
        'bad-parameter-name',
        `parameter name "${name}" must start with a lower-case letter and use only ` +
          'lower-case letters, digits and "_"',
      );
      out.brokenParameters.add(name);
      continue;
    }
    const def = readParameter(name, pair.value, at, positions, sink);
    if (def) out.parameters.push(def);
    else out.brokenParameters.add(name);
  }
}

function readParameter(
  name: string,
  node: unknown,
  at: SourcePosition,
  positions: YamlPositions,
  sink: DiagnosticSink,
): ParameterDefinition | undefined {
  if (!isMap(node)) {
    sink.error(
      isScalar(node) ? positions.of(node) : at,
      'front-matter-type',
      `parameter "${name}" must be a mapping with at least "type:" (for example "type: ipv4")`,
    );
    return undefined;
  }
  const fields = new Map<string, Pair>();
  for (const pair of node.items) {
    const key = keyText(pair);
    if (!PARAMETER_KEYS.has(key)) {
      sink.warning(
        positions.of(pair.key),
        'unknown-parameter-field',
        `parameter "${name}": unknown field "${key}" is ignored; known fields: ${[...PARAMETER_KEYS].join(', ')}`,
      );
    }
    fields.set(key, pair);
  }
  const typePair = fields.get('type');
  const type = scalarText(typePair?.value);
  if (type === undefined || !isParameterType(type)) {
    sink.error(
      positions.of(typePair?.value, at),
      'unknown-parameter-type',
      `parameter "${name}" ${type === undefined ? 'has no type' : `has unknown type "${type}"`}; ` +
        `use one of ${PARAMETER_TYPES.join(', ')}`,
    );
    return undefined;
  }
  const text = (key: string): string | undefined => {
    const pair = fields.get(key);
    if (!pair) return undefined;
    const value = scalarText(pair.value);
    if (value === undefined) {
      sink.error(positions.of(pair.value, at), 'front-matter-type', `parameter "${name}": "${key}" must be text`);
    }
    return value;
  };
  const def: ParameterDefinition = { name, type, label: text('label') ?? name, required: false, position: at };
  const description = text('description');
  if (description !== undefined) def.description = description;

  const requiredPair = fields.get('required');
  if (requiredPair) {
    if (isScalar(requiredPair.value) && typeof requiredPair.value.value === 'boolean')
      def.required = requiredPair.value.value;
    else
      sink.error(
        positions.of(requiredPair.value),
        'front-matter-type',
        `parameter "${name}": "required" must be true or false`,
      );
  }

  const pattern = text('pattern');
  if (pattern !== undefined) {
    if (type !== 'string') {
      sink.warning(
        positions.of(fields.get('pattern')?.value),
        'unused-pattern',
        `parameter "${name}": "pattern" applies only to type string and is ignored for ${type}`,
      );
    } else {
      // Compiled the way the validator uses it, so what passes here also works there.
      const compiled = SafePattern.compile(pattern, { whole: true });
      if (isPatternProblem(compiled)) {
        sink.error(
          positions.of(fields.get('pattern')?.value),
          'bad-pattern',
          `parameter "${name}": pattern ${compiled.message}`,
        );
      } else {
        def.pattern = pattern;
      }
    }
  }

  const defaultValue = text('default');
  if (defaultValue !== undefined) {
    // The validator names the parameter by its label; here the problem is the default, so name that instead.
    const problem = validateParameter({ ...def, label: `parameter "${name}": default`, required: false }, defaultValue);
    if (problem) sink.error(positions.of(fields.get('default')?.value), 'bad-parameter-default', problem);
    else def.default = defaultValue;
  }
  return def;
}

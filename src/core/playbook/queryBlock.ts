// Fenced code blocks: which are query blocks, and the checks on a query block's info string and body.
import type MarkdownIt from 'markdown-it';
import type { DiagnosticSink } from './diagnostics';
import { ID_PATTERN, ID_RULE, type IdScope } from './ids';
import { parseAwsBlock } from './awsBlockSpec';
import { parseLookupSpec } from './lookupSpec';
import {
  ENGINE_IDS,
  isEngineId,
  type EngineId,
  type ParameterDefinition,
  type QueryBlock,
  type SourcePosition,
} from './model';
import { findPlaceholderLiterals } from './placeholderLiterals';
import { findPlaceholders } from './placeholders';
import { queryFileProblem } from './queryFiles';
import type { SourceLines } from './sourceLines';

type Token = MarkdownIt.Token;

interface Attribute {
  value: string;
  /** 0-based offset of the attribute's name in the info string. */
  offset: number;
}

interface FenceInfo {
  /** The first word, lower-cased: the engine for a query block, a language for ordinary code. */
  word: string;
  wordOffset: number;
  attributes: Map<string, Attribute>;
  /** Words that are not `key=value`, with their offsets. */
  stray: Attribute[];
}

const ATTRIBUTE = /([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"']*))/y;
const SPACE = /\s*/y;
const CLOSING_FENCE = /^(?:`+|~+)$/;
const WORD = /\S*/y;
const KNOWN_ATTRIBUTES = new Set(['id', 'title', 'variant-of', 'file']);
const BODY_NAME: Record<EngineId, string> = {
  cloudtrail: 'lookup lines',
  athena: 'SQL',
  local: 'SQL',
  aws: 'YAML (service, operation, input)',
  action: 'YAML (service, operation, input)',
};

/** Splits an info string into its first word and `key=value` attributes (values may be quoted). */
function parseFenceInfo(info: string): FenceInfo {
  const result: FenceInfo = { word: '', wordOffset: 0, attributes: new Map(), stray: [] };
  let pos = 0;
  const advance = (pattern: RegExp) => {
    pattern.lastIndex = pos;
    const m = pattern.exec(info);
    if (m) pos = pattern.lastIndex;
    return m?.[0] ?? '';
  };
  const skipSpace = () => {
    advance(SPACE);
  };
  const readWord = () => advance(WORD);
  skipSpace();
  result.wordOffset = pos;
  if (!info.startsWith('id=', pos)) result.word = readWord().toLowerCase();
  for (skipSpace(); pos < info.length; skipSpace()) {
    ATTRIBUTE.lastIndex = pos;
    const m = ATTRIBUTE.exec(info);
    if (m) {
      result.attributes.set(m[1].toLowerCase(), { value: m[2] ?? m[3] ?? m[4], offset: pos });
      pos = ATTRIBUTE.lastIndex;
    } else {
      const offset = pos;
      result.stray.push({ value: readWord(), offset });
    }
  }
  return result;
}

/** The position of a fence's opening marker. */
export function fencePosition(token: Token, src: SourceLines): SourcePosition {
  return src.at(token.map?.[0] ?? 0, token.markup);
}

/** The position of a character of the info string, which starts right after the opening marker. */
function infoPosition(token: Token, src: SourceLines, offset: number): SourcePosition {
  const fence = fencePosition(token, src);
  return { line: fence.line, column: fence.column + token.markup.length + offset };
}

/** markdown-it silently closes a fence at the end of its container; a real close is a marker line at the end. */
export function checkFenceClosed(token: Token, src: SourceLines, sink: DiagnosticSink): void {
  const [start, end] = token.map ?? [0, 0];
  const last = src
    .line(end - 1)
    .replace(/^[\s>]*/, '')
    .trimEnd();
  const marker = token.markup;
  const closed = end - start >= 2 && last.length >= marker.length && last[0] === marker[0] && CLOSING_FENCE.test(last);
  if (!closed) {
    sink.error(
      fencePosition(token, src),
      'unclosed-fence',
      `this code block is never closed: add a line with ${marker} after its last line`,
    );
  }
}

/**
 * The fence's info when it is a query block, undefined when it is ordinary code. An info string with `id=` after
 * a word that is no engine was meant as a query: that is reported.
 */
export function queryFenceInfo(token: Token, src: SourceLines, sink: DiagnosticSink): FenceInfo | undefined {
  const info = parseFenceInfo(token.info);
  if (isEngineId(info.word)) return info;
  if (info.attributes.has('id')) {
    sink.error(
      infoPosition(token, src, info.wordOffset),
      'unknown-engine',
      `${info.word ? `unknown query engine "${info.word}"` : 'this query block names no engine'}; ` +
        `start the info string with ${ENGINE_IDS.join(', ')}`,
    );
  }
  return undefined;
}

export interface QueryContext {
  src: SourceLines;
  sink: DiagnosticSink;
  parameters: Map<string, ParameterDefinition>;
  /** Declared with a problem already reported: not reported again as undeclared. */
  brokenParameters: Set<string>;
  queryIds: IdScope;
}

interface ReadQuery {
  block: QueryBlock;
  /** Where `variant-of=` is written, for reporting a target that does not exist. */
  variantAt?: SourcePosition;
}

/** Builds a query block from a fence whose info names an engine; undefined (reported) when it has no usable id. */
export function readQueryBlock(token: Token, info: FenceInfo, ctx: QueryContext): ReadQuery | undefined {
  const { src, sink } = ctx;
  const engine = info.word as EngineId;
  const line = token.map?.[0] ?? 0;
  const position = fencePosition(token, src);
  const attrAt = (a: Attribute) => infoPosition(token, src, a.offset);

  for (const stray of info.stray) {
    sink.warning(
      attrAt(stray),
      'bad-query-attribute',
      `"${stray.value}" is not key=value and is ignored; quote values with spaces`,
    );
  }
  for (const [key, attr] of info.attributes) {
    if (!KNOWN_ATTRIBUTES.has(key)) {
      sink.warning(
        attrAt(attr),
        'bad-query-attribute',
        `unknown attribute "${key}" is ignored; known: ${[...KNOWN_ATTRIBUTES].join(', ')}`,
      );
    }
  }
  const idAttr = info.attributes.get('id');
  if (!idAttr || idAttr.value === '') {
    sink.error(position, 'missing-query-id', `this ${engine} query block has no id: add id=<name> after "${engine}"`);
    return undefined;
  }
  if (!ID_PATTERN.test(idAttr.value)) {
    sink.error(attrAt(idAttr), 'bad-id', `query id "${idAttr.value}" may use only ${ID_RULE}`);
  }
  let id = idAttr.value;
  if (ctx.queryIds.has(id)) {
    id = ctx.queryIds.claim(id);
    sink.error(
      attrAt(idAttr),
      'duplicate-query-id',
      `query id "${idAttr.value}" is already used; renamed "${id}" here, give it its own id`,
    );
  } else {
    ctx.queryIds.claim(id);
  }

  const text = token.content;
  const block: QueryBlock = {
    id,
    engine,
    title: info.attributes.get('title')?.value || idAttr.value,
    text,
    parameters: checkPlaceholders(token, engine, ctx),
    position,
  };
  const result: ReadQuery = { block };
  const variant = info.attributes.get('variant-of');
  if (variant) {
    if (engine === 'local') {
      block.variantOf = variant.value;
      result.variantAt = attrAt(variant);
    } else
      sink.warning(
        attrAt(variant),
        'bad-query-attribute',
        `variant-of applies only to local blocks and is ignored on ${engine}`,
      );
  }

  const file = info.attributes.get('file');
  if (file) {
    const problem =
      engine !== 'athena' && engine !== 'local'
        ? 'file= applies only to athena and local blocks'
        : queryFileProblem(file.value);
    if (problem) sink.error(attrAt(file), 'bad-query-file', `query block "${id}": ${problem}`);
    else if (text.trim() !== '')
      sink.error(attrAt(file), 'bad-query-file', `query block "${id}" has both file= and a body; keep one`);
    else block.file = file.value;
  }

  if (file) {
    // The SQL is in the file, read when the playbook is loaded from disk (queryFiles.ts).
  } else if (text.trim() === '') {
    sink.error(
      position,
      'empty-query',
      `query block "${id}" is empty: write the ${BODY_NAME[engine]} between the fences`,
    );
  } else if (engine === 'cloudtrail') {
    for (const problem of parseLookupSpec(text).problems) {
      sink.error(src.at(line + 1 + problem.line), 'bad-lookup', `cloudtrail block "${id}": ${problem.message}`);
    }
  } else if (engine === 'aws' || engine === 'action') {
    const lines = text.split('\n');
    for (const problem of parseAwsBlock(text, engine === 'aws' ? 'read' : 'action').problems) {
      const at = bodyLinePositions(src, line + 1 + problem.line, lines[problem.line] ?? '');
      sink.error(at(problem.column, ''), 'bad-aws-block', `${engine} block "${id}": ${problem.message}`);
    }
  }
  warnSampleValues(token, ctx);
  return result;
}

/** A sample value left in a query (AKIAIOSFODNN7EXAMPLE, 'START_TIME', 123456789012) makes it match nothing. */
function warnSampleValues(token: Token, ctx: QueryContext): void {
  const firstLine = (token.map?.[0] ?? 0) + 1;
  token.content.split('\n').forEach((bodyLine, k) => {
    const at = bodyLinePositions(ctx.src, firstLine + k, bodyLine);
    for (const p of findPlaceholderLiterals(bodyLine)) {
      ctx.sink.warning(
        at(p.offset, p.literal),
        'sample-value',
        `${p.literal} looks like a sample value left for the reader to replace: the query will run and match nothing; ` +
          'declare a parameter and write {{name}} in its place',
      );
    }
  });
}

/**
 * Positions of characters of one body line in the file. The body may have lost indentation or `> ` markers; when
 * the body line is the end of the file line the shift is exact, otherwise the text is searched for.
 */
function bodyLinePositions(
  src: SourceLines,
  fileLine: number,
  bodyLine: string,
): (offset: number, needle: string) => SourcePosition {
  const source = src.line(fileLine);
  const shift = source.endsWith(bodyLine) ? source.length - bodyLine.length : -1;
  return (offset, needle) =>
    shift >= 0 ? { line: fileLine + 1, column: shift + offset + 1 } : src.at(fileLine, needle);
}

const LOOSE_PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Reports placeholders that name no declared parameter or misuse `.start`/`.end`; returns the names used, in order. */
function checkPlaceholders(token: Token, engine: EngineId, ctx: QueryContext): string[] {
  const { src, sink } = ctx;
  const names = new Set<string>();
  const sql = engine === 'athena' || engine === 'local';
  const firstLine = (token.map?.[0] ?? 0) + 1;
  token.content.split('\n').forEach((bodyLine, k) => {
    if (!bodyLine.includes('{{')) return;
    const at = bodyLinePositions(src, firstLine + k, bodyLine);
    for (const m of bodyLine.matchAll(LOOSE_PLACEHOLDER)) {
      const offset = m.index ?? 0;
      // The grammar of a reference is placeholders.ts's: a match is valid when it finds exactly this text.
      const ref = findPlaceholders(m[0]).find(r => r.length === m[0].length);
      if (!ref) {
        sink.error(
          at(offset, m[0]),
          'bad-placeholder',
          `${m[0]} is not a parameter reference: write {{name}}, or {{name.start}} / {{name.end}} for a time window`,
        );
        continue;
      }
      const label = m[0];
      const def = ctx.parameters.get(ref.name);
      if (!def) {
        if (!ctx.brokenParameters.has(ref.name)) {
          sink.error(
            at(offset, label),
            'undeclared-parameter',
            `${label} refers to "${ref.name}", which the front matter does not declare under parameters`,
          );
        }
      } else if (ref.part && def.type !== 'timeWindow') {
        sink.error(
          at(offset, label),
          'bad-placeholder-part',
          `${label}: .${ref.part} applies only to timeWindow parameters, and "${ref.name}" is ${def.type}`,
        );
      } else if (!ref.part && def.type === 'timeWindow') {
        sink.error(
          at(offset, label),
          'bad-placeholder-part',
          `${label}: "${ref.name}" is a time window; write {{${ref.name}.start}} or {{${ref.name}.end}}`,
        );
      }
      if (sql && bodyLine[offset - 1] === "'" && bodyLine[offset + m[0].length] === "'") {
        sink.error(
          at(offset, label),
          'quoted-placeholder',
          `remove the quotes around ${label}: the value is bound as a parameter, and inside quotes it would be the text "?"`,
        );
      }
      names.add(ref.name);
    }
  });
  return [...names];
}

// Athena (Trino) SQL → DuckDB SQL. Two parts: Trino functions DuckDB lacks are SQL macros installed on every
// connection (see macros.ts); the few constructs a macro cannot express are rewritten here, on tokens, so comments,
// string literals and quoted identifiers are never touched. Anything else is left for a `local` variant block.
import {
  SqlToken,
  callParens,
  isCode,
  isWord,
  joinTokens,
  matchingParen,
  nextCode,
  previousCode,
  splitArguments,
  tokenize,
} from './sqlTokens';

/** Tables the local database provides; a database (and catalog) qualifier in front of them is dropped. */
const LOCAL_TABLES = ['cloudtrail_logs', 'cloudtrail', 'vpc_flow_logs'];

/** Words DuckDB reserves but Trino does not: as an alias they must be quoted to parse in DuckDB. */
const DUCKDB_ONLY_RESERVED = new Set([
  'all',
  'analyse',
  'analyze',
  'any',
  'array',
  'asc',
  'asymmetric',
  'both',
  'check',
  'collate',
  'column',
  'default',
  'deferrable',
  'desc',
  'do',
  'fetch',
  'foreign',
  'initially',
  'lambda',
  'lateral',
  'leading',
  'limit',
  'offset',
  'only',
  'pivot',
  'pivot_longer',
  'pivot_wider',
  'placing',
  'primary',
  'qualify',
  'references',
  'returning',
  'show',
  'some',
  'summarize',
  'symmetric',
  'to',
  'trailing',
  'unique',
  'unpivot',
  'variadic',
  'window',
]);

const code = (text: string): SqlToken => ({ kind: 'word', text });

/** The tokens without leading and trailing whitespace or comments. */
function trimmed(tokens: SqlToken[]): SqlToken[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && !isCode(tokens[a])) a++;
  while (b > a && !isCode(tokens[b - 1])) b--;
  return tokens.slice(a, b);
}

function identifierName(t: SqlToken): string | undefined {
  if (t.kind === 'word') return t.text.toLowerCase();
  if (t.kind === 'quoted') return t.text.slice(1, -1).toLowerCase();
  return undefined;
}

/** `"db"."vpc_flow_logs"`, `catalog.db.cloudtrail_logs` → the bare table name. */
function dropTableQualifiers(tokens: SqlToken[]): SqlToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const name = identifierName(out[i]);
    if (!name || !LOCAL_TABLES.includes(name)) continue;
    let first = i;
    for (;;) {
      const dot = previousCode(out, first);
      const qualifier = dot >= 0 ? previousCode(out, dot) : -1;
      if (dot < 0 || out[dot].text !== '.' || qualifier < 0 || !identifierName(out[qualifier])) break;
      first = qualifier;
    }
    if (first !== i) {
      out.splice(first, i - first);
      i = first;
    }
  }
  return out;
}

/** Is the `AS` at index i the one inside CAST(...)/TRY_CAST(...)? */
function isCastAs(tokens: SqlToken[], i: number): boolean {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t.kind !== 'punct') continue;
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) {
        const fn = previousCode(tokens, j);
        return fn >= 0 && (isWord(tokens[fn], 'cast') || isWord(tokens[fn], 'try_cast'));
      }
      depth--;
    }
  }
  return false;
}

/** Trino type syntax after CAST ... AS: ARRAY(T) → T[], ROW(...) → STRUCT(...). Innermost first. */
function rewriteTypes(tokens: SqlToken[]): SqlToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const isArray = isWord(out[i], 'array');
    if (!isArray && !isWord(out[i], 'row')) continue;
    const parens = callParens(out, i);
    if (!parens) continue;
    const before = previousCode(out, i);
    const beforeBefore = before >= 0 ? previousCode(out, before) : -1;
    const inType =
      before >= 0 &&
      ((isWord(out[before], 'as') && isCastAs(out, before)) ||
        (out[before].text === '(' &&
          beforeBefore >= 0 &&
          ['array', 'row', 'map'].some(w => isWord(out[beforeBefore], w))));
    if (!inType) continue;
    const [open, close] = parens;
    if (isArray) {
      out.splice(i, close - i + 1, ...out.slice(open + 1, close), code('[]'));
    } else {
      out[i] = code('STRUCT');
    }
  }
  return out;
}

/** contains('10.0.0.0/8', CAST(ip AS IPADDRESS)) → cidr_contains('10.0.0.0/8', ip). */
function rewriteIpContains(tokens: SqlToken[]): SqlToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const parens = isWord(out[i], 'contains') ? callParens(out, i) : undefined;
    if (!parens) continue;
    const [open, close] = parens;
    const args = splitArguments(out, open + 1, close);
    if (args.length !== 2) continue;
    const cast = nextCode(out, args[1][0]);
    if (cast < 0 || !isWord(out[cast], 'cast')) continue;
    const castOpen = nextCode(out, cast + 1);
    const castClose = castOpen >= 0 ? matchingParen(out, castOpen) : -1;
    const type = castClose >= 0 ? previousCode(out, castClose) : -1;
    const as = type >= 0 ? previousCode(out, type) : -1;
    if (as < 0 || !isWord(out[type], 'ipaddress') || !isWord(out[as], 'as')) continue;
    out.splice(cast, castClose - cast + 1, ...trimmed(out.slice(castOpen + 1, as)));
    out[i] = code('cidr_contains');
  }
  return out;
}

/** Trino's `VALUES 'a', 'b'` (one single-column row per item) → `VALUES ('a'), ('b')`. */
function rewriteBareValues(tokens: SqlToken[]): SqlToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    if (!isWord(out[i], 'values')) continue;
    const first = nextCode(out, i + 1);
    if (first < 0 || out[first].text === '(') continue;
    let end = first;
    let depth = 0;
    for (; end < out.length; end++) {
      const t = out[end];
      if (t.kind === 'punct' && t.text === '(') depth++;
      else if (t.kind === 'punct' && t.text === ')') {
        if (depth-- === 0) break;
      } else if (
        depth === 0 &&
        t.kind === 'word' &&
        ['as', 'order', 'limit', 'union', 'offset'].includes(t.text.toLowerCase())
      )
        break;
      else if (depth === 0 && t.kind === 'punct' && t.text === ';') break;
    }
    const items = splitArguments(out, first, end);
    const replaced: SqlToken[] = [];
    items.forEach(([a, b], n) => {
      if (n > 0) replaced.push({ kind: 'punct', text: ', ' });
      replaced.push({ kind: 'punct', text: '(' }, ...trimmed(out.slice(a, b)), { kind: 'punct', text: ')' });
    });
    // Keep whatever whitespace preceded the terminating token.
    out.splice(first, end - first, ...replaced, { kind: 'space', text: ' ' });
  }
  return out;
}

/** Joda-Time pattern (format_datetime/parse_datetime) → strftime pattern. */
export function jodaToStrftime(pattern: string): string {
  const map: Array<[RegExp, string]> = [
    [/^yyyy/, '%Y'],
    [/^yy/, '%y'],
    [/^MMMM/, '%B'],
    [/^MMM/, '%b'],
    [/^MM/, '%m'],
    [/^dd/, '%d'],
    [/^HH/, '%H'],
    [/^hh/, '%I'],
    [/^mm/, '%M'],
    [/^ss/, '%S'],
    [/^SSSSSS/, '%f'],
    [/^SSS/, '%g'],
    [/^EEEE/, '%A'],
    [/^EEE/, '%a'],
    [/^a/, '%p'],
    [/^ZZ/, '%z'],
    [/^Z/, '%z'],
    [/^M/, '%-m'],
    [/^d/, '%-d'],
    [/^H/, '%-H'],
  ];
  let out = '';
  let rest = pattern;
  while (rest.length) {
    if (rest.startsWith("''")) {
      out += "'";
      rest = rest.slice(2);
      continue;
    }
    if (rest[0] === "'") {
      const close = rest.indexOf("'", 1);
      const literal = close < 0 ? rest.slice(1) : rest.slice(1, close);
      out += literal.replace(/%/g, '%%');
      rest = close < 0 ? '' : rest.slice(close + 1);
      continue;
    }
    const hit = map.find(([re]) => re.test(rest));
    if (hit) {
      out += hit[1];
      rest = rest.replace(hit[0], '');
    } else {
      out += rest[0] === '%' ? '%%' : rest[0];
      rest = rest.slice(1);
    }
  }
  return out;
}

/** MySQL-style pattern (Trino date_parse) → strptime pattern. */
export function mysqlToStrftime(pattern: string): string {
  const map: Record<string, string> = {
    i: '%M',
    s: '%S',
    S: '%S',
    T: '%H:%M:%S',
    h: '%I',
    f: '%f',
    r: '%I:%M:%S %p',
    k: '%-H',
    l: '%-I',
    c: '%-m',
    e: '%-d',
  };
  return pattern.replace(/%(.)/g, (m, c: string) => map[c] ?? m);
}

/** Patterned time functions DuckDB cannot take as macros (strptime needs a constant pattern): rewritten when the
 * pattern is a literal. format_datetime/parse_datetime use Joda patterns, date_parse MySQL ones. */
const PATTERN_FUNCTIONS: Record<string, [string, (p: string) => string]> = {
  format_datetime: ['strftime', jodaToStrftime],
  parse_datetime: ['strptime', jodaToStrftime],
  date_parse: ['strptime', mysqlToStrftime],
};

function rewritePatternFunctions(tokens: SqlToken[]): SqlToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const fn = out[i].kind === 'word' ? PATTERN_FUNCTIONS[out[i].text.toLowerCase()] : undefined;
    const parens = fn && callParens(out, i);
    if (!parens) continue;
    const [open, close] = parens;
    const args = splitArguments(out, open + 1, close);
    if (args.length !== 2) continue;
    const lit = nextCode(out, args[1][0]);
    if (lit < 0 || out[lit].kind !== 'string' || nextCode(out, lit + 1) !== close) continue;
    const pattern = out[lit].text.slice(1, -1).replace(/''/g, "'");
    out[lit] = { kind: 'string', text: `'${fn[1](pattern).replace(/'/g, "''")}'` };
    out[i] = code(fn[0]);
  }
  return out;
}

/**
 * Trino functions taking a lambda (`x -> ...`), which DuckDB macros cannot pass on: renamed, or wrapped around
 * list_transform. `all_match` of an empty array is true in Trino, hence the coalesce.
 */
const LAMBDA_FUNCTIONS: Record<string, [string, string]> = {
  transform: ['list_transform(', ')'],
  any_match: ['coalesce(list_bool_or(list_transform(', ')), false)'],
  all_match: ['coalesce(list_bool_and(list_transform(', ')), true)'],
  none_match: ['NOT coalesce(list_bool_or(list_transform(', ')), false)'],
};

function rewriteLambdaFunctions(tokens: SqlToken[]): SqlToken[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const target = out[i].kind === 'word' ? LAMBDA_FUNCTIONS[out[i].text.toLowerCase()] : undefined;
    const parens = target && callParens(out, i);
    if (!parens) continue;
    const [open, close] = parens;
    out.splice(close, 1, code(target[1]));
    out.splice(i, open - i + 1, code(target[0]));
  }
  return out;
}

/** `AS window` → `AS "window"`: aliases Trino accepts but DuckDB reserves. */
function quoteReservedAliases(tokens: SqlToken[]): SqlToken[] {
  return tokens.map((t, i) => {
    if (t.kind !== 'word' || !DUCKDB_ONLY_RESERVED.has(t.text.toLowerCase())) return t;
    const before = previousCode(tokens, i);
    if (before < 0 || !isWord(tokens[before], 'as') || isCastAs(tokens, before)) return t;
    return { kind: 'quoted', text: `"${t.text.toLowerCase()}"` };
  });
}

/** Drops a trailing `;` (Athena accepts one statement; DuckDB prepares one statement). */
function dropTrailingSemicolon(tokens: SqlToken[]): SqlToken[] {
  const last = previousCode(tokens, tokens.length);
  return last >= 0 && tokens[last].text === ';' ? [...tokens.slice(0, last), ...tokens.slice(last + 1)] : tokens;
}

const REWRITES = [
  dropTableQualifiers,
  rewriteTypes,
  rewriteIpContains,
  rewriteBareValues,
  rewritePatternFunctions,
  rewriteLambdaFunctions,
  quoteReservedAliases,
  dropTrailingSemicolon,
];

/** Rewrites one Athena statement for DuckDB. `?` markers are kept in order, so bound values still line up. */
export function athenaToDuckdb(sql: string): string {
  let tokens = tokenize(sql);
  for (const rewrite of REWRITES) tokens = rewrite(tokens);
  return joinTokens(tokens).trimEnd();
}

/** Number of `?` markers outside comments and strings. */
export function countParameterMarkers(sql: string): number {
  return tokenize(sql).filter(t => isCode(t) && t.kind === 'param').length;
}

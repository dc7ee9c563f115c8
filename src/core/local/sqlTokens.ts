// A small SQL tokenizer shared by the Athena → DuckDB rewrites and the Athena read-only guard. Both look only at code
// tokens, so text inside comments, string literals and quoted identifiers is never changed or counted.

export type SqlTokenKind = 'space' | 'comment' | 'string' | 'quoted' | 'word' | 'number' | 'param' | 'punct';

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

function closingIndex(sql: string, from: number, quote: string): number {
  // Both Trino and DuckDB escape a quote inside a quoted token by doubling it.
  let i = from + 1;
  for (;;) {
    const at = sql.indexOf(quote, i);
    if (at < 0) return sql.length;
    if (sql[at + 1] === quote) {
      i = at + 2;
      continue;
    }
    return at + 1;
  }
}

export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    let end: number;
    let kind: SqlTokenKind;
    if (/\s/.test(c)) {
      end = i + 1;
      while (end < sql.length && /\s/.test(sql[end])) end++;
      kind = 'space';
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl < 0 ? sql.length : nl;
      kind = 'comment';
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close < 0 ? sql.length : close + 2;
      kind = 'comment';
    } else if (c === "'") {
      end = closingIndex(sql, i, "'");
      kind = 'string';
    } else if (c === '"' || c === '`') {
      end = closingIndex(sql, i, c);
      kind = 'quoted';
    } else if (WORD_START.test(c)) {
      end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end])) end++;
      kind = 'word';
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      end = i + 1;
      while (end < sql.length && /[0-9.eE]/.test(sql[end])) end++;
      kind = 'number';
    } else if (c === '?') {
      end = i + 1;
      kind = 'param';
    } else {
      end = i + 1;
      kind = 'punct';
    }
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  return tokens;
}

export function isCode(t: SqlToken): boolean {
  return t.kind !== 'space' && t.kind !== 'comment';
}

export function isWord(t: SqlToken | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toLowerCase() === word;
}

/** Index of the next code token at or after `from`, or -1. */
export function nextCode(tokens: SqlToken[], from: number): number {
  for (let i = from; i < tokens.length; i++) if (isCode(tokens[i])) return i;
  return -1;
}

/** Index of the code token before `from`, or -1. */
export function previousCode(tokens: SqlToken[], from: number): number {
  for (let i = from - 1; i >= 0; i--) if (isCode(tokens[i])) return i;
  return -1;
}

/** Index of the `)` that closes the `(` at `open`, or -1 when unbalanced. */
export function matchingParen(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].kind !== 'punct') continue;
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The parentheses after the name at `name` (a call, or a type such as ARRAY(...)): [open, close], or undefined. */
export function callParens(tokens: SqlToken[], name: number): [number, number] | undefined {
  const open = nextCode(tokens, name + 1);
  if (open < 0 || tokens[open].text !== '(') return undefined;
  const close = matchingParen(tokens, open);
  return close < 0 ? undefined : [open, close];
}

/** Splits tokens[from, to) at depth-0 commas. */
export function splitArguments(tokens: SqlToken[], from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === ',' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

export function joinTokens(tokens: SqlToken[], from = 0, to = tokens.length): string {
  let s = '';
  for (let i = from; i < to; i++) s += tokens[i].text;
  return s;
}

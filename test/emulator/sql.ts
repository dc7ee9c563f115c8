// Just enough SQL reading for Athena's wire behaviour: the statement's first keyword and its `?` markers,
// both ignoring comments, string literals and quoted identifiers.

/** Replaces comments, '...' literals and "..." identifiers with spaces, keeping positions. */
function maskSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const end = skippedRunEnd(sql, i);
    if (end === undefined) {
      out += sql[i];
      i++;
    } else {
      out += ' '.repeat(end - i);
      i = end;
    }
  }
  return out;
}

/** End of the comment or quoted run starting at `i`, or undefined when `i` starts plain SQL. */
function skippedRunEnd(sql: string, i: number): number | undefined {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === '-' && next === '-') {
    const eol = sql.indexOf('\n', i);
    return eol < 0 ? sql.length : eol;
  }
  if (c === '/' && next === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  return c === "'" || c === '"' ? closingQuote(sql, i, c) : undefined;
}

// A doubled quote inside a quoted run is an escaped quote, not the end.
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Number of `?` parameter markers Athena would bind ExecutionParameters to. */
export function countParameterMarkers(sql: string): number {
  let n = 0;
  for (const c of maskSql(sql)) if (c === '?') n++;
  return n;
}

/** First keyword of the statement, upper case ('' when none). */
export function firstKeyword(sql: string): string {
  const m = /^[\s(]*([A-Za-z]+)/.exec(maskSql(sql));
  return m ? m[1].toUpperCase() : '';
}

const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);
const UTILITY_KEYWORDS = new Set(['SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN']);

export type StatementType = 'DML' | 'DDL' | 'UTILITY';

/** Athena's StatementType for a query text: queries are DML, SHOW/DESCRIBE/EXPLAIN are UTILITY, the rest DDL-like. */
export function statementType(sql: string): StatementType {
  const kw = firstKeyword(sql);
  if (QUERY_KEYWORDS.has(kw)) return 'DML';
  if (UTILITY_KEYWORDS.has(kw)) return 'UTILITY';
  return kw === 'INSERT' || kw === 'UPDATE' || kw === 'DELETE' || kw === 'MERGE' || kw === 'UNLOAD' ? 'DML' : 'DDL';
}

/** True when running the text cannot change data or metadata (a query, SHOW, DESCRIBE or EXPLAIN). */
export function isReadOnlySql(sql: string): boolean {
  const kw = firstKeyword(sql);
  return QUERY_KEYWORDS.has(kw) || UTILITY_KEYWORDS.has(kw);
}

/** True when the first result row repeats the column names (Athena does this for queries). */
export function hasHeaderRow(sql: string): boolean {
  return QUERY_KEYWORDS.has(firstKeyword(sql));
}

// Decides whether an Athena statement only reads. Anything else (INSERT, CTAS, DROP, UNLOAD, MSCK, several
// statements, a federated passthrough query...) needs the user's explicit confirmation before it is sent. Comments,
// string literals and quoted identifiers never count as keywords.
import { isCode, type SqlToken, SqlTokenKind, tokenize } from '../local/sqlTokens';

interface ReadOnlyVerdict {
  readOnly: boolean;
  /** Why the statement is not considered read-only, in plain words. */
  reason?: string;
}

const READ_STATEMENTS = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'EXPLAIN', 'VALUES']);
/** Statements that only print metadata, even when their text names a DDL verb (SHOW CREATE TABLE). */
const METADATA_STATEMENTS = new Set(['SHOW', 'DESCRIBE']);
/**
 * Verbs that make a read statement write when they appear outside literals (EXPLAIN ANALYZE runs the statement it
 * explains). Statement-only verbs (USE, SET, CALL...) need no scan: they are refused as first keyword, and a second
 * statement is refused anyway. Words that are common column names (start, end) are deliberately not listed.
 */
const WRITE_WORDS = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'CREATE',
  'DROP',
  'ALTER',
  'UNLOAD',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'MSCK',
  'VACUUM',
  'OPTIMIZE',
];
const WRITE_WORD = new RegExp(`\\b(${WRITE_WORDS.join('|')})\\b`, 'i');

const MASKED = new Set<SqlTokenKind>(['comment', 'string', 'quoted']);

/** Replaces comments, string literals and quoted identifiers with spaces (same length, so offsets still hold). */
export function maskSql(sql: string): string {
  return tokenize(sql)
    .map(t => (MASKED.has(t.kind) ? ' '.repeat(t.text.length) : t.text))
    .join('');
}

/** An identifier as Athena resolves it: case does not matter, and `"system"` is `system`. */
function identifier(t: SqlToken): string | undefined {
  if (t.kind === 'word') return t.text.toUpperCase();
  if (t.kind === 'quoted') return t.text.slice(1, -1).replaceAll(t.text[0].repeat(2), t.text[0]).toUpperCase();
  return undefined;
}

/**
 * A federated passthrough query (`TABLE(system.query(query => 'DELETE ...'))`) hands a statement, as a string, to
 * the data source behind a connector, where it runs in that source's own language; the guard cannot read it, so
 * any table function, any function of the connectors' `system` namespace and any named argument needs confirming.
 */
function passthrough(sql: string): string | undefined {
  const code = tokenize(sql).filter(isCode);
  for (let i = 0; i < code.length; i++) {
    const [t, next, after] = [code[i], code[i + 1], code[i + 2]];
    if (t.text === '=' && next?.text === '>') {
      return 'it passes a named argument (=>), as federated passthrough queries do';
    }
    const name = identifier(t);
    if (name === 'TABLE' && next?.text === '(') {
      return 'it calls a table function, which can pass a statement to a federated source';
    }
    const fn = next?.text === '.' && after ? identifier(after) : undefined;
    if (name === 'SYSTEM' && fn) {
      return `it calls system.${fn.toLowerCase()}, a connector function that can run a statement on a federated source`;
    }
  }
  return undefined;
}

export function checkReadOnly(sql: string): ReadOnlyVerdict {
  const masked = maskSql(sql).trim().replace(/;\s*$/, '');
  if (masked === '') return { readOnly: false, reason: 'the query is empty' };
  if (masked.includes(';')) return { readOnly: false, reason: 'it holds more than one statement' };
  const first = /^[\s(]*([A-Za-z]+)/.exec(masked)?.[1]?.toUpperCase();
  if (!first || !READ_STATEMENTS.has(first))
    return { readOnly: false, reason: `it is a ${first ?? 'non-query'} statement` };
  if (METADATA_STATEMENTS.has(first)) return { readOnly: true };
  const write = WRITE_WORD.exec(masked)?.[1];
  if (write) return { readOnly: false, reason: `it contains ${write.toUpperCase()}` };
  const federated = passthrough(sql);
  return federated ? { readOnly: false, reason: federated } : { readOnly: true };
}

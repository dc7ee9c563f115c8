// Decides whether an Athena statement only reads. Anything else (INSERT, CTAS, DROP, UNLOAD, MSCK, several
// statements...) needs the user's explicit confirmation before it is sent. Comments, string literals and quoted
// identifiers are blanked first, so a keyword inside them never counts.
import { SqlTokenKind, tokenize } from '../local/sqlTokens';

export interface ReadOnlyVerdict {
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
const WRITE_WORDS = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'UNLOAD', 'TRUNCATE', 'GRANT',
  'REVOKE', 'MSCK', 'VACUUM', 'OPTIMIZE'];
const WRITE_WORD = new RegExp(`\\b(${WRITE_WORDS.join('|')})\\b`, 'i');

const MASKED = new Set<SqlTokenKind>(['comment', 'string', 'quoted']);

/** Replaces comments, string literals and quoted identifiers with spaces (same length, so offsets still hold). */
export function maskSql(sql: string): string {
  return tokenize(sql).map(t => (MASKED.has(t.kind) ? ' '.repeat(t.text.length) : t.text)).join('');
}

export function checkReadOnly(sql: string): ReadOnlyVerdict {
  const masked = maskSql(sql).trim().replace(/;\s*$/, '');
  if (masked === '') return { readOnly: false, reason: 'the query is empty' };
  if (masked.includes(';')) return { readOnly: false, reason: 'it holds more than one statement' };
  const first = /^[\s(]*([A-Za-z]+)/.exec(masked)?.[1]?.toUpperCase();
  if (!first || !READ_STATEMENTS.has(first)) return { readOnly: false, reason: `it is a ${first ?? 'non-query'} statement` };
  if (METADATA_STATEMENTS.has(first)) return { readOnly: true };
  const write = WRITE_WORD.exec(masked)?.[1];
  return write ? { readOnly: false, reason: `it contains ${write.toUpperCase()}` } : { readOnly: true };
}

// An SQL query from a published playbook made runnable: its sample values become typed parameters, and companion
// `.sql` files are cut into their numbered queries.
import { findPlaceholderLiterals } from '../playbook/placeholderLiterals';
import type { ParameterSet } from './parameterSet';

interface ConvertedSql {
  text: string;
  /** Sample values that could not become a parameter (inside a LIKE pattern, say). */
  left: string[];
}

export function convertSql(original: string, params: ParameterSet): ConvertedSql {
  // Braces of the SQL's own (a template language) must not read as parameter references.
  const sql = original.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
  let out = '';
  let last = 0;
  for (const p of findPlaceholderLiterals(sql).filter(l => !l.inString)) {
    out += sql.slice(last, p.offset) + params.reference(p.kind, p.name);
    last = p.offset + p.length;
  }
  out += sql.slice(last);
  const bound = bindInsideStrings(out, params);
  return { text: bound, left: findPlaceholderLiterals(bound).map(p => p.literal) };
}

/**
 * A sample value inside a longer string (`LIKE '%i-1234567890abcdef0%'`) cannot be one bound parameter, but the
 * string can be cut around it and joined again: `('%' || {{instance_id}} || '%')`, which Athena and DuckDB both read.
 */
function bindInsideStrings(sql: string, params: ParameterSet): string {
  // Offsets come from a copy with comments blanked, so a quote in a comment does not pair with one in the query.
  const scan = sql.replace(/--[^\n]*/g, m => ' '.repeat(m.length));
  let out = '';
  let last = 0;
  for (const m of scan.matchAll(/'([^'\n]{1,200})'/g)) {
    const inner = sql.slice(m.index + 1, m.index + m[0].length - 1);
    const inside = findPlaceholderLiterals(inner).filter(p => !p.inString);
    if (!inside.length || inside[0].literal.startsWith("'")) continue;
    const parts: string[] = [];
    let from = 0;
    for (const p of inside) {
      parts.push(`'${inner.slice(from, p.offset)}'`, params.reference(p.kind, p.name));
      from = p.offset + p.length;
    }
    parts.push(`'${inner.slice(from)}'`);
    out += `${sql.slice(last, m.index)}(${parts.filter(x => x !== "''").join(' || ')})`;
    last = m.index + m[0].length;
  }
  return out + sql.slice(last);
}

interface CompanionQuery {
  title: string;
  /** The `-- Purpose:` text and other comment lines of the query's header. */
  purpose: string;
  sql: string;
}

const RULE = /^--\s*[-=]{5,}\s*$/;
const NUMBERED = /^--\s*(\d+)[.)]\s+(.+)$/;

/**
 * The queries of a companion file: each starts at a `-- N. Title` comment and runs to the next one; statements are
 * separated by `;`. A file without numbered titles gives one query per statement.
 */
export function splitCompanionSql(text: string): CompanionQuery[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const queries: CompanionQuery[] = [];
  let current: { title: string; comments: string[]; sql: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const sql = current.sql.join('\n').trim();
    if (sql) {
      for (const [k, statement] of splitOutsideQuotes(sql, ';').filter(Boolean).entries()) {
        queries.push({
          title: k === 0 ? current.title : `${current.title} (${k + 1})`,
          purpose: current.comments.join(' ').trim(),
          sql: statement,
        });
      }
    }
    current = undefined;
  };
  let n = 0;
  for (const line of lines) {
    const numbered = NUMBERED.exec(line.trim());
    if (numbered) {
      flush();
      current = { title: numbered[2].trim(), comments: [], sql: [] };
      continue;
    }
    if (RULE.test(line.trim())) continue;
    if (line.trim().startsWith('--')) {
      if (current && current.sql.length === 0) current.comments.push(line.trim().replace(/^--\s*/, ''));
      continue;
    }
    if (!current && line.trim()) current = { title: `Query ${++n}`, comments: [], sql: [] };
    current?.sql.push(line);
  }
  flush();
  return queries;
}

/** The parts of a text between separators outside single or double quotes, trimmed (empty parts kept). */
export function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === separator) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

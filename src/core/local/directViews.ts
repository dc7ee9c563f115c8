// The first question on log files the cache has not loaded yet is answered from the files themselves, at the speed
// of DuckDB's own readers, and the cache is built after the answer (workerSession.ts). These statements give an in-memory
// database the cache's tables as views over the same SELECTs the loader inserts (readerSql.ts): a query sees the
// same tables, columns and rows either way.
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type BulkFile, readerGroups } from './ingest/bulkLoad';
import type { IngestLimits } from './ingest/limits';
import { cloudTrailSelect, flowSelect } from './ingest/readerSql';
import { baseTableStatements, isAthenaFlowColumn, quoteIdent, viewStatements } from './schema';
import { tokenize } from './sqlTokens';

/** The cache's own tables (schema.ts): what was loaded from which file. Only a loaded cache can answer them. */
const LOAD_TABLES = new Set(['_files', '_flow_fields', '_meta']);

/** True when the SQL names one of the cache's own tables (as a word or a quoted name): it is answered after a load. */
export function readsLoadTables(sql: string): boolean {
  return tokenize(sql).some(
    t =>
      (t.kind === 'word' && LOAD_TABLES.has(t.text.toLowerCase())) ||
      (t.kind === 'quoted' && LOAD_TABLES.has(t.text.slice(1, -1).toLowerCase())),
  );
}

/** Characters DuckDB's glob would read as a pattern: a folder named with one is listed file by file. */
const GLOB_CHARACTERS = /[*?[\]{}\\]/;

/**
 * A reader's files as DuckDB paths and patterns: a folder's `*` when the reader takes every entry of that folder (all
 * regular files, none hidden, none left to the Node loader), else the files one by one. A trail's delivery layout has
 * a folder per Region and day, each holding only delivery files: 150,000 files become a few hundred patterns, where a
 * list of their paths cost DuckDB about 1.5 KB of memory a path to hold and bind.
 */
export function readerPatterns(group: BulkFile[]): string[] {
  const byFolder = new Map<string, string[]>();
  for (const f of group) {
    const folder = path.dirname(f.file.path);
    const paths = byFolder.get(folder);
    if (paths) paths.push(f.file.path);
    else byFolder.set(folder, [f.file.path]);
  }
  const out: string[] = [];
  for (const [folder, paths] of byFolder) {
    let whole = false;
    if (process.platform !== 'win32' && !GLOB_CHARACTERS.test(folder)) {
      try {
        const entries = fs.readdirSync(folder, { withFileTypes: true });
        whole = entries.length === paths.length && entries.every(e => e.isFile() && !e.name.startsWith('.'));
      } catch {
        // Unreadable now: the files one by one, and the reader says what is wrong.
      }
    }
    if (whole) out.push(path.join(folder, '*'));
    else out.push(...paths);
  }
  return out;
}

/**
 * Defines the views on `conn`. The empty cache tables go into schema `empty`; in `main`, each data table is a view
 * uniting its empty table with the readers of the files by column name, so every column a query may name exists with
 * the cache's type. Each reader takes its paths and patterns (readerPatterns) from a variable set from a table they
 * are appended to: as SQL text, thousands of paths would cost DuckDB about 5 KB each to parse. A record the loader would skip (no
 * eventTime, nested too deep) is left out here too; the load names it afterwards.
 */
export async function defineDirectViews(
  conn: DuckDBConnection,
  files: BulkFile[],
  limits: IngestLimits,
): Promise<void> {
  const groups = readerGroups(files);
  await conn.run('CREATE SCHEMA empty; CREATE TABLE empty._paths (reader INTEGER, path VARCHAR)');
  const appender = await conn.createAppender('_paths', 'empty');
  groups.forEach((group, i) => {
    for (const pattern of readerPatterns(group)) {
      appender.appendInteger(i);
      appender.appendVarchar(pattern);
      appender.endRow();
    }
  });
  appender.closeSync();
  const paths = (i: number) => `getvariable('irp_files_${i}')`;
  const selects = { ct: [] as string[], flow: [] as string[] };
  const setup: string[] = [];
  groups.forEach((group, i) => {
    setup.push(`SET VARIABLE irp_files_${i} = (SELECT list(path) FROM empty._paths WHERE reader = ${i})`);
    if (group[0].form === 'cloudtrail')
      selects.ct.push(
        `SELECT * FROM (${cloudTrailSelect(group, limits, { paths: paths(i), gather: false })}) WHERE _event_ts IS NOT NULL`,
      );
    else selects.flow.push(flowSelect(group, 'fail', paths(i)));
  });
  const flowFields = [...new Set(groups.filter(g => g[0].form === 'flow').flatMap(g => g[0].fields))];
  const united = (table: string, selects: string[]) =>
    `CREATE VIEW ${table} AS SELECT * FROM empty.${table}${selects.map(s => ` UNION ALL BY NAME (${s})`).join('')}`;
  const statements = [
    ...setup,
    'USE memory.empty',
    ...baseTableStatements(),
    ...flowFields
      .filter(f => !isAthenaFlowColumn(f))
      .map(f => `ALTER TABLE flow_records ADD COLUMN ${quoteIdent(f)} VARCHAR`),
    'USE memory.main',
    united('ct_events', selects.ct),
    united('flow_records', selects.flow),
    united('guardduty_findings', []),
    united('config_items', []),
    ...viewStatements(flowFields),
  ];
  await conn.run(statements.join(';\n'));
}

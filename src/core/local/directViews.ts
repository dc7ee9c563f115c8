// The first question on log files the cache has not loaded yet is answered from the files themselves, at the speed
// of DuckDB's own readers, and the cache is built after the answer (worker.ts). These statements give an in-memory
// database the cache's tables as views over the same SELECTs the loader inserts (readerSql.ts): a query sees the
// same tables, columns and rows either way.
import { type BulkFile, readerGroups } from './ingest/bulkLoad';
import type { IngestLimits } from './ingest/limits';
import { cloudTrailSelect, flowSelect } from './ingest/readerSql';
import { baseTableStatements, isAthenaFlowColumn, quoteIdent, viewStatements } from './schema';

/**
 * The empty cache tables go into schema `empty`; in `main`, each data table is a view uniting its empty table with
 * the readers of the files by column name, so every column a query may name exists with the cache's type. A record
 * the loader would skip (no eventTime, nested too deep) is left out here too; the load names it afterwards.
 */
export function directViewStatements(files: BulkFile[], limits: IngestLimits): string[] {
  const groups = readerGroups(files);
  const ct = groups
    .filter(g => g[0].form === 'cloudtrail')
    .map(g => `SELECT * FROM (${cloudTrailSelect(g, limits)}) WHERE _event_ts IS NOT NULL`);
  const flows = groups.filter(g => g[0].form === 'flow');
  const flowFields = [...new Set(flows.flatMap(g => g[0].fields))];
  const united = (table: string, selects: string[]) =>
    `CREATE VIEW ${table} AS SELECT * FROM empty.${table}${selects.map(s => ` UNION ALL BY NAME (${s})`).join('')}`;
  return [
    'CREATE SCHEMA empty',
    'USE memory.empty',
    ...baseTableStatements(),
    ...flowFields
      .filter(f => !isAthenaFlowColumn(f))
      .map(f => `ALTER TABLE flow_records ADD COLUMN ${quoteIdent(f)} VARCHAR`),
    'USE memory.main',
    united('ct_events', ct),
    united(
      'flow_records',
      flows.map(g => flowSelect(g, 'fail')),
    ),
    united('guardduty_findings', []),
    united('config_items', []),
    ...viewStatements(flowFields),
  ];
}

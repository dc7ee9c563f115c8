// Which SQL a query block may run on local data, decided from DuckDB's own parse before anything runs: exactly one
// statement, and that statement a SELECT, or EXPLAIN (ANALYZE) of a SELECT. The query connection's database is
// read-only, but DuckDB still writes files for COPY … TO and EXPORT DATABASE inside the folders it may read (and
// EXPLAIN ANALYZE runs what it wraps), so every other kind of statement is refused here, by kind.
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryFailure } from './queryFailure';

/** `EXPLAIN`, `EXPLAIN ANALYZE` or `EXPLAIN (option, ...)` at the very start; anything else there is not an EXPLAIN we run. */
const EXPLAIN_PREFIX = /^\s*explain\s+(?:(analy[sz]e)\s+|\(([a-z_,\s]*)\)\s*)?/i;

/** True when DuckDB parses `sql` as one SELECT (its json_serialize_sql() serializes SELECT statements only). */
async function isSelect(conn: DuckDBConnection, sql: string): Promise<boolean> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql(?::VARCHAR)', [sql]);
  const parsed = JSON.parse(String(reader.getRows()[0][0])) as { error: boolean; statements?: unknown[] };
  return !parsed.error && parsed.statements?.length === 1;
}

/** The statement's first word, to name what was refused. */
const kindOf = (sql: string) => /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'this statement';

/** Throws QueryFailure (MultipleStatements, NotReadOnly) unless `sql` is one read-only statement. */
export async function refuseUnlessRead(conn: DuckDBConnection, sql: string): Promise<void> {
  const count = (await conn.extractStatements(sql)).count;
  if (count !== 1) {
    throw new QueryFailure(
      `run one SQL statement at a time: this block holds ${count} statements`,
      'MultipleStatements',
    );
  }
  if (await isSelect(conn, sql)) return;
  const explain = EXPLAIN_PREFIX.exec(sql);
  if (explain) {
    const inner = sql.slice(explain[0].length);
    if (await isSelect(conn, inner)) return;
    const analyze = explain[1] !== undefined || /\banaly[sz]e\b/i.test(explain[2] ?? '');
    throw new QueryFailure(
      analyze
        ? `EXPLAIN ANALYZE runs the statement it wraps, and ${kindOf(inner)} is not a query: only EXPLAIN ANALYZE SELECT … ` +
            'runs on local data, so the cache, the data files and the report stay as they are'
        : `only EXPLAIN of a SELECT runs on local data (not of ${kindOf(inner)})`,
      'NotReadOnly',
    );
  }
  throw new QueryFailure(
    `only queries (SELECT, WITH … SELECT, EXPLAIN SELECT) run on local data; ${kindOf(sql)} could ` +
      "change the cache, the data files, the report or the engine's settings, so it was not run",
    'NotReadOnly',
  );
}

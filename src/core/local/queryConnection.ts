// A query connection to the local data: confined to the data sources, given the Athena-compatibility settings and
// macros, and allowed to run one read-only statement at a time, streamed in pages with bound parameters.
import fs from 'node:fs';
import path from 'node:path';
import {
  BOOLEAN,
  DuckDBConnection,
  DuckDBPreparedStatement,
  DuckDBScalarFunction,
  JsonDuckDBValueConverter,
  StatementType,
  VARCHAR,
} from '@duckdb/node-api';
import type { ResultPage, Row } from '../engine/types';
import type { BoundValue } from '../playbook/placeholders';
import { Network, cidrContains } from './cidr';
import { realPath } from './dataSources';
import { connectionSetupStatements } from './macros';
import { normalizeCell } from './normalize';
import { inPages } from './pages';
import { QueryFailure } from './queryFailure';
import { refuseUnlessRead } from './readOnlyStatement';
import { DEFAULT_FLOW_FIELDS, isAthenaFlowColumn, quoteLiteral } from './schema';

function bindAll(stmt: DuckDBPreparedStatement, params: Array<BoundValue | string>): void {
  if (stmt.parameterCount !== params.length) {
    throw new QueryFailure(
      `the query has ${stmt.parameterCount} parameter marker(s) but ${params.length} value(s) were given`,
      'ParameterMismatch',
    );
  }
  params.forEach((p, i) => {
    if (typeof p === 'string') stmt.bindVarchar(i + 1, p);
    else if (p.kind === 'integer') stmt.bindBigInt(i + 1, BigInt(p.value));
    else stmt.bindVarchar(i + 1, p.value);
  });
}

/**
 * Playbooks are shared documents and log data is attacker-controlled: DuckDB may open only the data sources (and
 * `extraDirs`), no other file and no URL. Paths are real paths: DuckDB resolves links before it checks a path.
 * These folders are writable for DuckDB too (COPY … TO): readOnlyStatement.ts refuses every statement that writes.
 */
export async function confine(conn: DuckDBConnection, dataSources: string[], extraDirs: string[]): Promise<void> {
  const existing = dataSources.filter(d => fs.existsSync(d)).map(realPath);
  const dirs = [...extraDirs.map(realPath), ...existing.filter(d => fs.statSync(d).isDirectory())];
  const files = existing.filter(d => fs.statSync(d).isFile());
  const list = (xs: string[]) => `[${xs.map(quoteLiteral).join(', ')}]`;
  if (dirs.length) await conn.run(`SET allowed_directories = ${list(dirs.map(d => d + path.sep))}`);
  if (files.length) await conn.run(`SET allowed_paths = ${list(files)}`);
  await conn.run('SET enable_external_access = false');
}

/** cidr_contains(network, address) for IPv4 and IPv6: what the rewrite of contains(cidr, CAST(ip AS IPADDRESS)) calls. */
function registerCidrContains(conn: DuckDBConnection): void {
  const networks = new Map<string, Network | undefined>();
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: 'cidr_contains',
      returnType: BOOLEAN,
      parameterTypes: [VARCHAR, VARCHAR],
      mainFunction: (_info, input, output) => {
        const nets = input.getColumnVector(0);
        const ips = input.getColumnVector(1);
        for (let row = 0; row < input.rowCount; row++) {
          const result = cidrContains(String(nets.getItem(row)), String(ips.getItem(row)), networks);
          output.setItem(row, result ?? null);
        }
        output.flush();
      },
    }),
  );
}

/** DuckDB's message, plus what to do when a query names a custom-format flow-log field the loaded logs lack. */
function explain(message: string): string {
  const column = /Referenced column "([A-Za-z_]+)" not found/.exec(message)?.[1]?.toLowerCase();
  if (!column || !isAthenaFlowColumn(column) || DEFAULT_FLOW_FIELDS.includes(column)) return message;
  return (
    `${message.split('\n')[0]}\nThe VPC flow logs loaded have no "${column.replace(/_/g, '-')}" field. It exists only in flow logs ` +
    'created with a custom log record format that includes it; this query cannot run on these logs.'
  );
}

/** Statement kinds a query block may run (checked again after refuseUnlessRead, on DuckDB's prepared statement). */
const READ_ONLY = new Set([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * Confines a query connection and gives it the Athena-compatibility settings and macros; `define` creates what the
 * queries read (nothing for the cache) before the configuration is locked.
 */
export async function prepareQueryConnection(
  conn: DuckDBConnection,
  dataSources: string[],
  define?: () => Promise<unknown>,
): Promise<void> {
  await confine(conn, dataSources, []);
  // One call for the settings and the forty macros: each call costs a round trip to DuckDB's thread.
  await conn.run(connectionSetupStatements().join(';\n'));
  registerCidrContains(conn);
  // Result order without ORDER BY is unspecified in Athena too; without it DuckDB scans with less memory.
  await conn.run('SET preserve_insertion_order = false');
  await define?.();
  // Nothing a query runs can loosen the sandbox or the settings afterwards.
  await conn.run('SET lock_configuration = true');
}

/**
 * Why a stream stopped before its end: node-api does not give DuckDB's message, so the statement runs once more,
 * reduced to one hash per column (every value computed, as in the stream, but no row held), and fails at the same
 * place with its reason. A plain count would not do: DuckDB leaves out the columns it does not need.
 */
async function streamFailure(conn: DuckDBConnection, sql: string, params: Array<BoundValue | string>) {
  const cut = 'the query stopped before its end, and the rows read so far are only part of its answer';
  try {
    const count = await conn.prepare(`SELECT bit_xor(hash(COLUMNS(*))) FROM (${sql.replace(/;\s*$/, '')})`);
    bindAll(count, params);
    await count.run();
  } catch (e) {
    return `${cut}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  }
  return `${cut} (DuckDB gave no reason)`;
}

/** Runs one read-only statement and yields its rows in pages of `pageSize`, converted to plain cells. */
export async function* queryPages(
  conn: DuckDBConnection,
  sql: string,
  params: Array<BoundValue | string>,
  pageSize: number,
  lowercaseColumns: boolean,
  interrupted: () => boolean,
): AsyncGenerator<ResultPage> {
  let stmt: DuckDBPreparedStatement;
  try {
    await refuseUnlessRead(conn, sql);
    stmt = await conn.prepare(sql);
  } catch (e) {
    if (e instanceof QueryFailure) throw e;
    throw new QueryFailure(explain(e instanceof Error ? e.message : String(e)), 'QueryFailed');
  }
  if (!READ_ONLY.has(stmt.statementType)) {
    throw new QueryFailure('only queries (SELECT, WITH … SELECT, EXPLAIN SELECT) run on local data', 'NotReadOnly');
  }
  bindAll(stmt, params);
  const result = await stmt.stream();
  const typeIds = result.columnTypes().map(t => Number(t.typeId));
  const columns = result.columnNames().map((name, i) => ({
    name: lowercaseColumns ? name.toLowerCase() : name,
    type: result.columnTypes()[i].toString().toLowerCase(),
  }));
  async function* cells(): AsyncGenerator<Row[]> {
    // Column by column: node-api's row-by-row conversion looks up each value's type again, which took a quarter of
    // the time of reading 50,145 raw events (the same JSON converter, so the same values).
    for await (const chunk of result) {
      const columnValues = typeIds.map((_, i) => chunk.convertColumnValues(i, JsonDuckDBValueConverter));
      const rows: Row[] = [];
      for (let r = 0; r < chunk.rowCount; r++)
        rows.push(columnValues.map((values, i) => normalizeCell(values[r], typeIds[i])));
      yield rows;
    }
    // node-api ends a stream that failed midway (a bad file, a failing cast) like one that is done; only the result's
    // state tells them apart. Read to its end, a stream is still one.
    // An interrupted stream (the run was cancelled) ends the same way: no need to ask why.
    if (!result.isStreaming && !interrupted())
      throw new QueryFailure(await streamFailure(conn, sql, params), 'ReadFailed');
  }
  yield* inPages(cells(), columns, pageSize);
}

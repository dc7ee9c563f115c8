// Amazon Athena as a query engine: bind placeholders as ExecutionParameters, refuse writes unless the user confirms,
// start the query, poll its state with back-off (reporting time, data scanned and cost), then stream the result
// pages. Cancelling stops the query in Athena: the one write this engine makes on its own, because the user asked.
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  EngineAvailability,
  EngineError,
  QueryEngine,
  QueryRequest,
  ResultPage,
  RunHandle,
  RunProgress,
} from '../engine/types';
import { bindPlaceholders, BoundQuery, ParameterError } from '../playbook/placeholders';
import { athenaCostUsd, formatBytes } from './athenaCost';
import { columnsOf, isHeaderRow, rowsOf } from './athenaCells';
import { toExecutionParameter } from './athenaParameters';
import { abortableDelay } from './delay';
import { cancelledError, toAwsEngineError } from './errors';
import { checkReadOnly, maskSql } from './readOnlyGuard';
import { RunState, startRun } from './runHandle';
import type { AwsSession } from './session';

export interface AthenaSettings {
  workgroup: string;
  database: string;
  /** Data catalog; Athena's default is AwsDataCatalog. */
  catalog?: string;
  /** s3:// location for results when the workgroup does not enforce one. */
  outputLocation?: string;
  /** Price per TB scanned in the session's region, for the cost shown while the query runs. */
  pricePerTerabyteUsd: number;
}

/** GetQueryResults returns at most 1,000 rows per call. */
const RESULT_PAGE_SIZE = 1000;
/** Poll quickly at first (most IR queries finish in seconds), then back off to this. */
const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 2000;

export class AthenaEngine implements QueryEngine {
  readonly id = 'athena' as const;
  readonly displayName = 'Amazon Athena';

  constructor(
    private readonly session: AwsSession,
    private readonly settings: AthenaSettings,
    private readonly confirmMutating: (sql: string) => Promise<boolean>,
  ) {}

  async availability(): Promise<EngineAvailability> {
    if (!this.settings.workgroup || !this.settings.database) {
      return {
        available: false,
        reason: 'Set the Athena workgroup and database (settings, or --workgroup and --database).',
      };
    }
    return this.session.availability();
  }

  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle {
    return startRun('athena', request, signal, state => this.query(request, signal, state, onProgress));
  }

  private async *query(
    request: QueryRequest,
    signal: AbortSignal,
    state: RunState,
    onProgress?: (p: RunProgress) => void,
  ): AsyncGenerator<ResultPage> {
    const bound = bind(request);
    state.queryText = bound.text;
    const verdict = checkReadOnly(bound.text);
    if (!verdict.readOnly && !(await this.confirmMutating(bound.text))) {
      throw new EngineError(
        `Not sent: this query may change data in the account (${verdict.reason}), and running it ` +
          'was not confirmed. Playbook queries only read; confirm explicitly if the change is intended.',
        'MutatingQueryRefused',
      );
    }
    if (signal.aborted) throw cancelledError();
    const me = await this.session.identity(signal);
    const { workgroup, database, catalog, outputLocation } = this.settings;
    Object.assign(state.context, {
      profile: this.session.profile,
      account: me.account,
      region: this.session.region,
      callerArn: me.arn,
      workgroup,
      database,
      ...(catalog ? { catalog } : {}),
    });

    const client = this.session.athena();
    const started = await this.call('StartQueryExecution', () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: bound.text,
          WorkGroup: workgroup,
          QueryExecutionContext: { Database: database, ...(catalog ? { Catalog: catalog } : {}) },
          ...(outputLocation ? { ResultConfiguration: { OutputLocation: outputLocation } } : {}),
          ...(bound.values.length ? { ExecutionParameters: bound.values.map(toExecutionParameter) } : {}),
        }),
      ),
    );
    const id = started.QueryExecutionId ?? '';
    state.context.queryExecutionId = id;

    const execution = await this.waitForEnd(client, id, signal, state, onProgress);
    const status = execution.Status;
    if (status?.State === 'FAILED') {
      const err = status.AthenaError;
      const detail = err ? ` (Athena error category ${err.ErrorCategory ?? '?'}, type ${err.ErrorType ?? '?'})` : '';
      throw new EngineError(
        `The Athena query failed: ${status.StateChangeReason ?? err?.ErrorMessage ?? 'no reason given'}` +
          `${detail}. Query execution id ${id}.`,
        err?.ErrorType !== undefined ? `AthenaError${err.ErrorType}` : 'QueryFailed',
      );
    }
    if (status?.State === 'CANCELLED') {
      throw new EngineError(
        `The Athena query was cancelled outside this run (console, CLI or workgroup limit): ` +
          `${status.StateChangeReason ?? 'no reason given'}. Query execution id ${id}.`,
        'QueryCancelled',
      );
    }
    yield* this.results(client, id, request.rowCap ?? Infinity, signal, state, onProgress);
  }

  /** Polls until SUCCEEDED, FAILED or CANCELLED; on cancel, stops the query in Athena first. */
  private async waitForEnd(
    client: AthenaClient,
    id: string,
    signal: AbortSignal,
    state: RunState,
    onProgress?: (p: RunProgress) => void,
  ): Promise<QueryExecution> {
    const began = Date.now();
    let delay = FIRST_POLL_MS;
    try {
      for (;;) {
        if (signal.aborted) throw cancelledError();
        const out = await this.call('GetQueryExecution', () =>
          client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal }),
        );
        const execution = out.QueryExecution ?? {};
        const scanned = execution.Statistics?.DataScannedInBytes ?? 0;
        this.recordScan(state, scanned);
        const stateName = execution.Status?.State ?? 'UNKNOWN';
        onProgress?.({
          rowsSoFar: 0,
          message:
            `${stateName} · ${((Date.now() - began) / 1000).toFixed(1)} s · ` +
            `${formatBytes(scanned)} scanned · $${state.context.costUsd}`,
        });
        if (stateName === 'SUCCEEDED' || stateName === 'FAILED' || stateName === 'CANCELLED') return execution;
        await abortableDelay(delay, signal);
        delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
      }
    } catch (e) {
      if (signal.aborted) await this.stop(client, id);
      throw e;
    }
  }

  private async *results(
    client: AthenaClient,
    id: string,
    cap: number,
    signal: AbortSignal,
    state: RunState,
    onProgress?: (p: RunProgress) => void,
  ): AsyncGenerator<ResultPage> {
    let token: string | undefined;
    let first = true;
    let rows = 0;
    do {
      const out = await this.call('GetQueryResults', () =>
        client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: RESULT_PAGE_SIZE }),
          { abortSignal: signal },
        ),
      );
      const columns = columnsOf(out.ResultSet?.ResultSetMetadata?.ColumnInfo);
      let raw = out.ResultSet?.Rows ?? [];
      if (first && isHeaderRow(raw[0], columns)) raw = raw.slice(1);
      first = false;
      let page = rowsOf(raw, columns);
      if (rows + page.length > cap) page = page.slice(0, cap - rows);
      rows += page.length;
      token = out.NextToken;
      onProgress?.({ rowsSoFar: rows, message: `SUCCEEDED · ${rows} rows read` });
      yield { columns, rows: page };
      if (rows >= cap && token) {
        state.partialReason = 'row-cap';
        return;
      }
    } while (token);
  }

  private recordScan(state: RunState, bytes: number): void {
    state.context.dataScannedBytes = String(bytes);
    state.context.costUsd = athenaCostUsd(bytes, this.settings.pricePerTerabyteUsd).toFixed(6);
  }

  /** The user cancelled: stop the query so it no longer scans (and bills). Best effort, never masks the cancel. */
  private async stop(client: AthenaClient, id: string): Promise<void> {
    try {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch {
      // The query may already be over; the run is reported as cancelled either way.
    }
  }

  private async call<T>(action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      throw toAwsEngineError(e, this.session.errorContext(`athena:${action}`));
    }
  }
}

/**
 * Binds placeholders to `?` markers and values. Athena counts only markers outside literals and comments, so a
 * placeholder written inside quotes (or a stray `?`) would shift every value: refused here with the fix.
 */
function bind(request: QueryRequest): BoundQuery {
  try {
    const bound = bindPlaceholders(request.text, request.parameters, request.definitions);
    const markers = [...maskSql(bound.text)].filter(c => c === '?').length;
    if (markers !== bound.values.length) {
      throw new EngineError(
        `Not sent: the SQL has ${markers} bind marker(s) outside quotes and comments but ` +
          `${bound.values.length} placeholder value(s). Write each {{name}} without quotes around it (its value is quoted ` +
          'for you), keep placeholders out of comments, and do not use a bare ? in the SQL.',
        'PlaceholderInLiteral',
      );
    }
    return bound;
  } catch (e) {
    if (e instanceof ParameterError) {
      throw new EngineError(
        `Not sent: ${e.problems.join('; ')}. Fix the parameter value and run again.`,
        'InvalidParameter',
      );
    }
    throw e;
  }
}

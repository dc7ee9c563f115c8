// Athena query lifecycle (QUEUED → RUNNING → terminal over polls), paged results and the small catalogue calls.
import { randomUUID } from 'node:crypto';
import type { Caller } from './auth';
import { AwsError } from './errors';
import { countParameterMarkers, hasHeaderRow, isReadOnlySql, statementType } from './sql';
import type { LazyRows, QueryFinalState, ReceivedQueryExecution, SeededQueryResult, SeedNamedQuery } from './types';

type State = 'QUEUED' | 'RUNNING' | QueryFinalState;

interface Execution {
  received: ReceivedQueryExecution;
  result: SeededQueryResult;
  headerRow: boolean;
  polls: number;
  submittedAt: number;
  runningAt?: number;
  completedAt?: number;
  stateChangeReason?: string;
}

interface NamedQuery extends SeedNamedQuery {
  NamedQueryId: string;
  WorkGroup: string;
}

const DEFAULT_RUNNING_POLLS = 2;
const MAX_RESULTS_PAGE = 1000;
const NO_SEED_REASON =
  'TABLE_NOT_FOUND: the emulator has no seeded result matching this query (seedQuery with a matching string or RegExp).';
const EMPTY_RESULT: SeededQueryResult = { columns: [], rows: [] };

// Typical ColumnInfo.Precision values Athena reports per type.
const PRECISION: Record<string, number> = {
  varchar: 2147483647,
  bigint: 19,
  integer: 10,
  smallint: 5,
  tinyint: 3,
  double: 17,
  real: 9,
  boolean: 0,
  date: 0,
  timestamp: 3,
};

export class AthenaService {
  private readonly executions = new Map<string, Execution>();
  private readonly byClientToken = new Map<string, string>();
  private readonly seeds: { match: string | RegExp; result: SeededQueryResult }[] = [];
  private readonly namedQueries: NamedQuery[] = [];
  private readonly workGroups: Set<string>;
  private readonly createdAt = Date.now() / 1000;

  constructor(
    workGroups: string[],
    private readonly databases: string[],
  ) {
    this.workGroups = new Set(['primary', ...workGroups]);
  }

  seedQuery(match: string | RegExp, result: SeededQueryResult): void {
    // Newest first, so a test can override an earlier, broader seed.
    this.seeds.unshift({ match, result });
  }

  seedNamedQueries(workGroup: string, queries: SeedNamedQuery[]): void {
    this.workGroups.add(workGroup);
    for (const q of queries) this.namedQueries.push({ ...q, NamedQueryId: randomUUID(), WorkGroup: workGroup });
  }

  received(): ReceivedQueryExecution[] {
    return [...this.executions.values()].map(e => ({ ...e.received, state: this.stateOf(e) }));
  }

  handle(action: string, input: Record<string, unknown>, caller: Caller, now: number): unknown {
    switch (action) {
      case 'StartQueryExecution':
        return this.start(input, caller, now);
      case 'GetQueryExecution':
        return { QueryExecution: this.describe(this.poll(this.find(input, caller), now), now) };
      case 'GetQueryResults':
        return this.results(this.find(input, caller), input);
      case 'StopQueryExecution':
        return this.stop(this.find(input, caller), now);
      case 'ListWorkGroups':
        return this.listWorkGroups(input);
      case 'GetWorkGroup':
        return this.getWorkGroup(input, caller);
      case 'ListDatabases':
        return this.listDatabases(input);
      case 'ListNamedQueries':
        return this.listNamedQueries(input);
      case 'GetNamedQuery':
        return { NamedQuery: this.namedQuery(input.NamedQueryId) };
      case 'BatchGetNamedQuery':
        return this.batchGetNamedQuery(input);
      default:
        throw new AwsError('UnknownOperationException', `The emulator does not implement Athena ${action}.`);
    }
  }

  private start(input: Record<string, unknown>, caller: Caller, now: number): unknown {
    const query = input.QueryString;
    if (typeof query !== 'string' || query.length === 0 || query.length > 262144) {
      throw invalid('QueryString must be a string of 1 to 262144 characters.');
    }
    const workGroup = typeof input.WorkGroup === 'string' ? input.WorkGroup : 'primary';
    if (!this.workGroups.has(workGroup)) throw invalid(`WorkGroup ${workGroup} is not found.`);
    const parameters = readParameters(input.ExecutionParameters);
    const markers = countParameterMarkers(query);
    if ((parameters?.length ?? 0) !== markers) {
      throw invalid(
        `The query has ${markers} parameter marker(s) '?' but ${parameters?.length ?? 0} ExecutionParameters were given.`,
      );
    }
    const tokenKey =
      typeof input.ClientRequestToken === 'string'
        ? `${caller.credentials.account}/${input.ClientRequestToken}`
        : undefined;
    const existing = tokenKey && this.byClientToken.get(tokenKey);
    if (existing) return { QueryExecutionId: existing };

    const id = randomUUID();
    if (tokenKey) this.byClientToken.set(tokenKey, id);
    const seed = this.seeds.find(s => (typeof s.match === 'string' ? query.includes(s.match) : s.match.test(query)));
    // Statements that change things succeed with no rows unless seeded; a query nothing matches fails like a missing table.
    const result =
      seed?.result ??
      (isReadOnlySql(query)
        ? { ...EMPTY_RESULT, finalState: 'FAILED' as const, stateChangeReason: NO_SEED_REASON }
        : EMPTY_RESULT);
    this.executions.set(id, {
      received: {
        QueryExecutionId: id,
        QueryString: query,
        ExecutionParameters: parameters,
        WorkGroup: workGroup,
        QueryExecutionContext: input.QueryExecutionContext as ReceivedQueryExecution['QueryExecutionContext'],
        ResultConfiguration: input.ResultConfiguration as Record<string, unknown> | undefined,
        ClientRequestToken: input.ClientRequestToken as string | undefined,
        region: caller.region,
        accessKeyId: caller.credentials.accessKeyId,
        account: caller.credentials.account,
        state: 'QUEUED',
      },
      result,
      headerRow: hasHeaderRow(query),
      polls: 0,
      submittedAt: now,
    });
    return { QueryExecutionId: id };
  }

  private find(input: Record<string, unknown>, caller: Caller): Execution {
    const id = input.QueryExecutionId;
    const e = typeof id === 'string' ? this.executions.get(id) : undefined;
    if (!e || e.received.region !== caller.region || e.received.account !== caller.credentials.account) {
      throw invalid(`QueryExecution ${String(id)} was not found`);
    }
    return e;
  }

  private stateOf(e: Execution): State {
    if (e.completedAt !== undefined) return e.result.finalState ?? 'SUCCEEDED';
    return e.runningAt === undefined ? 'QUEUED' : 'RUNNING';
  }

  /** One GetQueryExecution: the first poll sees QUEUED, the next `runningPolls` RUNNING, then the final state. */
  private poll(e: Execution, now: number): Execution {
    if (e.completedAt !== undefined) return e;
    e.polls += 1;
    if (e.polls >= 2 && e.runningAt === undefined) e.runningAt = now;
    if (e.polls > 1 + (e.result.runningPolls ?? DEFAULT_RUNNING_POLLS)) this.finish(e, now, e.result.stateChangeReason);
    return e;
  }

  private finish(e: Execution, now: number, reason: string | undefined): void {
    e.runningAt ??= now;
    e.completedAt = now;
    const state = this.stateOf(e);
    e.stateChangeReason =
      reason ??
      (state === 'FAILED'
        ? 'GENERIC_USER_ERROR: the query failed.'
        : state === 'CANCELLED'
          ? 'Query was cancelled by the user.'
          : undefined);
  }

  private describe(e: Execution, now: number): unknown {
    const r = e.received;
    const state = this.stateOf(e);
    const end = e.completedAt ?? now;
    const queueMs = (e.runningAt ?? end) - e.submittedAt;
    const outputBase =
      typeof r.ResultConfiguration?.OutputLocation === 'string'
        ? r.ResultConfiguration.OutputLocation
        : `s3://aws-athena-query-results-${r.account}-${r.region}/`;
    return {
      QueryExecutionId: r.QueryExecutionId,
      Query: r.QueryString,
      StatementType: statementType(r.QueryString),
      ResultConfiguration: { OutputLocation: `${outputBase.replace(/\/?$/, '/')}${r.QueryExecutionId}.csv` },
      QueryExecutionContext: r.QueryExecutionContext,
      Status: {
        State: state,
        SubmissionDateTime: e.submittedAt / 1000,
        ...(e.completedAt !== undefined ? { CompletionDateTime: e.completedAt / 1000 } : {}),
        ...(e.stateChangeReason ? { StateChangeReason: e.stateChangeReason } : {}),
        ...(state === 'FAILED'
          ? {
              AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: e.stateChangeReason },
            }
          : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: end - e.submittedAt - queueMs,
        DataScannedInBytes: state === 'SUCCEEDED' ? (e.result.dataScannedBytes ?? 0) : 0,
        TotalExecutionTimeInMillis: end - e.submittedAt,
        QueryQueueTimeInMillis: queueMs,
        ServicePreProcessingTimeInMillis: 0,
        QueryPlanningTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      WorkGroup: r.WorkGroup,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      ...(r.ExecutionParameters ? { ExecutionParameters: r.ExecutionParameters } : {}),
    };
  }

  private results(e: Execution, input: Record<string, unknown>): unknown {
    const state = this.stateOf(e);
    if (state === 'QUEUED' || state === 'RUNNING') throw invalid(`Query has not yet finished. Current state: ${state}`);
    if (state !== 'SUCCEEDED') throw invalid(e.stateChangeReason ?? `Query did not succeed. Final state: ${state}`);
    const max = input.MaxResults ?? MAX_RESULTS_PAGE;
    if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > MAX_RESULTS_PAGE) {
      throw invalid(`MaxResults must be between 1 and ${MAX_RESULTS_PAGE} (got ${JSON.stringify(input.MaxResults)}).`);
    }
    const offset = input.NextToken === undefined ? 0 : readResultsToken(input.NextToken, e.received.QueryExecutionId);
    const { columns, rows } = e.result;
    const header = e.headerRow && columns.length > 0 ? 1 : 0;
    const total = header + rowCount(rows);
    const stop = Math.min(total, offset + (max as number));
    const page: unknown[] = [];
    for (let i = offset; i < stop; i++) {
      const cells = i < header ? columns.map(c => c.name) : rowAt(rows, i - header);
      page.push({ Data: cells.map(v => (v === null ? {} : { VarCharValue: v })) });
    }
    return {
      UpdateCount: 0,
      ResultSet: {
        Rows: page,
        ResultSetMetadata: {
          ColumnInfo: columns.map(c => ({
            CatalogName: 'hive',
            SchemaName: '',
            TableName: '',
            Name: c.name,
            Label: c.name,
            Type: c.type,
            Precision: PRECISION[c.type] ?? 0,
            Scale: 0,
            Nullable: 'UNKNOWN',
            CaseSensitive: c.type === 'varchar',
          })),
        },
      },
      ...(stop < total
        ? { NextToken: Buffer.from(JSON.stringify({ q: e.received.QueryExecutionId, o: stop })).toString('base64url') }
        : {}),
    };
  }

  private stop(e: Execution, now: number): unknown {
    if (e.completedAt === undefined) {
      e.result = { ...e.result, finalState: 'CANCELLED' };
      this.finish(e, now, 'Query was cancelled by the user.');
    }
    return {};
  }

  private listWorkGroups(input: Record<string, unknown>): unknown {
    const all = [...this.workGroups].map(Name => ({
      Name,
      State: 'ENABLED',
      Description: '',
      CreationTime: this.createdAt,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    }));
    return page(all, input, 50, 'WorkGroups');
  }

  private getWorkGroup(input: Record<string, unknown>, caller: Caller): unknown {
    const name = input.WorkGroup;
    if (typeof name !== 'string' || !this.workGroups.has(name))
      throw invalid(`WorkGroup ${String(name)} is not found.`);
    return {
      WorkGroup: {
        Name: name,
        State: 'ENABLED',
        Description: '',
        CreationTime: this.createdAt,
        Configuration: {
          ResultConfiguration: {
            OutputLocation: `s3://aws-athena-query-results-${caller.credentials.account}-${caller.region}/`,
          },
          EnforceWorkGroupConfiguration: false,
          PublishCloudWatchMetricsEnabled: false,
          RequesterPaysEnabled: false,
          EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
        },
      },
    };
  }

  private listDatabases(input: Record<string, unknown>): unknown {
    if (typeof input.CatalogName !== 'string') throw invalid('CatalogName is required.');
    if (input.CatalogName !== 'AwsDataCatalog')
      throw new AwsError('MetadataException', `Catalog ${input.CatalogName} is not found.`);
    const names = new Set([...this.databases, ...this.namedQueries.map(q => q.Database)]);
    return page(
      [...names].map(Name => ({ Name, Parameters: {} })),
      input,
      50,
      'DatabaseList',
    );
  }

  private listNamedQueries(input: Record<string, unknown>): unknown {
    const workGroup = typeof input.WorkGroup === 'string' ? input.WorkGroup : 'primary';
    if (!this.workGroups.has(workGroup)) throw invalid(`WorkGroup ${workGroup} is not found.`);
    const ids = this.namedQueries.filter(q => q.WorkGroup === workGroup).map(q => q.NamedQueryId);
    return page(ids, input, 50, 'NamedQueryIds');
  }

  private namedQuery(id: unknown): NamedQuery {
    const q = this.namedQueries.find(n => n.NamedQueryId === id);
    if (!q) throw invalid(`NamedQuery ${String(id)} was not found`);
    return q;
  }

  private batchGetNamedQuery(input: Record<string, unknown>): unknown {
    const ids = input.NamedQueryIds;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 50) throw invalid('NamedQueryIds must list 1 to 50 ids.');
    const found = ids.map(id => this.namedQueries.find(n => n.NamedQueryId === id));
    return {
      NamedQueries: found.filter(q => q !== undefined),
      UnprocessedNamedQueryIds: ids
        .filter((_, i) => !found[i])
        .map(NamedQueryId => ({ NamedQueryId, ErrorCode: 'INVALID_INPUT', ErrorMessage: 'Named query not found' })),
    };
  }
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidRequestException', message);
}

function readParameters(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string' || v.length === 0)) {
    throw invalid('ExecutionParameters must be a list of non-empty strings.');
  }
  return value as string[];
}

function readResultsToken(token: unknown, queryId: string): number {
  try {
    const t = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { q?: unknown; o?: unknown };
    if (t.q === queryId && Number.isInteger(t.o) && (t.o as number) > 0) return t.o as number;
  } catch {
    /* falls through to the error below */
  }
  throw invalid('The NextToken is not valid for this query execution.');
}

function rowCount(rows: (string | null)[][] | LazyRows): number {
  return Array.isArray(rows) ? rows.length : rows.count;
}

function rowAt(rows: (string | null)[][] | LazyRows, i: number): (string | null)[] {
  return Array.isArray(rows) ? rows[i] : rows.row(i);
}

/** Offset paging shared by the list calls: `key` names the list member of the output. */
function page<T>(items: T[], input: Record<string, unknown>, limit: number, key: string): Record<string, unknown> {
  const max = input.MaxResults === undefined ? limit : input.MaxResults;
  if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > limit)
    throw invalid(`MaxResults must be between 1 and ${limit}.`);
  const offset = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > items.length) throw invalid('The NextToken is not valid.');
  const end = offset + (max as number);
  return { [key]: items.slice(offset, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

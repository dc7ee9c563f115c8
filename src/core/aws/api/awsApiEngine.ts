// The AWS API engine: runs the read operation an `aws` block names, in one region, a list or every enabled region,
// through the SDK's paginator, and turns each page into rows by the operation's projection. Only operations on the
// allow-list run: the block was validated, and the engine checks again, because a request may come from elsewhere.
import {
  Column,
  EngineAvailability,
  EngineError,
  QueryEngine,
  QueryRequest,
  ResultPage,
  RunHandle,
  RunProgress,
} from '../../engine/types';
import { AWS_SERVICES, operationProblem, type AwsBlockKind } from '../../playbook/awsOperations';
import { parseAwsBlock, type AwsBlockSpec } from '../../playbook/awsBlockSpec';
import { awsErrorName, cancelledError, toAwsEngineError } from '../errors';
import { apiLimiter, type ApiRate } from '../rateLimiter';
import { ALL_KNOWN_REGIONS, REGION_NOT_ENABLED_ERRORS } from '../awsRegions';
import { RunState, startRun } from '../runHandle';
import type { AwsSession } from '../session';
import { guardDutyPages } from './guardDuty';
import { answersNothing, cell, Item, PROJECTIONS } from './projections';
import { regionalPages, type RegionOutcome } from './regionalPages';
import { sdkOperation } from './sdk';

export interface AwsApiEngineOptions {
  /** What 'all' means for this account (a setting); default every known commercial region, skipping disabled ones. */
  enabledRegions?: string[];
  /** Request rates per service (signing name) for an account whose limits AWS raised or lowered; default documented. */
  rates?: Readonly<Record<string, ApiRate>>;
}

/** Output keys that carry the next page's token: when none is set, the last page has come and no call is paced. */
const TOKEN_KEYS = ['NextToken', 'nextToken', 'NextMarker', 'Marker', 'ContinuationToken'];

/**
 * Inputs added when a block leaves them out: without an owner filter DescribeImages and DescribeSnapshots list every
 * public image and snapshot of every account, which is not the inventory a responder wants.
 */
const DEFAULT_INPUT: Readonly<Record<string, Record<string, unknown>>> = {
  'ec2:DescribeImages': { Owners: ['self'] },
  'ec2:DescribeSnapshots': { OwnerIds: ['self'] },
};

/** Parses the block of a request and checks its operation against the allow-list; EngineError when it may not run. */
export function checkedSpec(request: QueryRequest, kind: AwsBlockKind): AwsBlockSpec {
  const { spec, problems } = parseAwsBlock(request.text, kind, request.parameters, request.definitions);
  const denied = spec.service && spec.operation ? operationProblem(spec.service, spec.operation, kind) : undefined;
  if (denied)
    throw new EngineError(`Not sent: ${denied}.`, kind === 'read' ? 'NotAReadOperation' : 'NotAnAllowedAction');
  if (problems.length) {
    throw new EngineError(
      `Not sent: the ${kind === 'read' ? 'aws' : 'action'} block is not valid: ` +
        `${problems.map(p => `line ${p.line + 1}: ${p.message}`).join('; ')}`,
      'InvalidAwsBlock',
    );
  }
  return spec;
}

export class AwsApiEngine implements QueryEngine {
  readonly id = 'aws' as const;
  readonly displayName = 'AWS API (read-only)';

  constructor(
    private readonly session: AwsSession,
    private readonly options: AwsApiEngineOptions = {},
  ) {}

  availability(): Promise<EngineAvailability> {
    return this.session.availability();
  }

  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle {
    return startRun('aws', request, signal, state => this.query(request, signal, state, onProgress));
  }

  private async *query(
    request: QueryRequest,
    signal: AbortSignal,
    state: RunState,
    onProgress?: (p: RunProgress) => void,
  ): AsyncGenerator<ResultPage> {
    const spec = checkedSpec(request, 'read');
    const key = `${spec.service}:${spec.operation}`;
    const projection = PROJECTIONS[key];
    if (signal.aborted) throw cancelledError();
    const me = await this.session.identity(signal);
    const info = AWS_SERVICES[spec.service];
    const all = spec.regions === 'all';
    const regions = info.global ? [this.session.region] : this.regionsFor(spec.regions);
    Object.assign(state.context, {
      profile: this.session.profile,
      account: me.account,
      callerArn: me.arn,
      region: this.session.region,
      regions: all && !info.global ? 'all' : regions.join(','),
      call: `${info.prefix}:${spec.operation}`,
    });
    const input = { ...DEFAULT_INPUT[key], ...spec.input } as Item;
    const columns: Column[] = [
      { name: 'region', type: 'varchar' },
      ...projection.columns.map(([name]) => ({ name, type: 'varchar' })),
    ];
    const cap = request.rowCap ?? Infinity;
    const stop = new AbortController();
    const forward = () => stop.abort();
    signal.addEventListener('abort', forward, { once: true });
    // A listener added to a signal that has already fired is never called.
    if (signal.aborted) stop.abort();
    let rows = 0;
    /** Rows handed over by the regions so far: a region stops paging once the run has enough. */
    let produced = 0;
    let calls = 0;
    let outcomes: RegionOutcome[] = [];

    const produce = async (region: string, emit: (page: ResultPage) => void) => {
      const toRows = (out: Item, pageInput: Item) =>
        projection.items(out).map(item => [region, ...projection.columns.map(([, get]) => cell(get(item, pageInput)))]);
      const pages =
        spec.service === 'guardduty'
          ? guardDutyPages(this.session, spec.operation, input, region, stop.signal)
          : this.pages(spec, input, region, me.account, stop.signal);
      for await (const { out, input: pageInput } of pages) {
        calls++;
        const page = toRows(out, pageInput);
        produced += page.length;
        if (page.length) emit({ columns, rows: page });
        onProgress?.({
          rowsSoFar: rows,
          message: `${info.prefix}:${spec.operation}: ${calls} call(s) in ${regions.length} region(s)`,
        });
        if (stop.signal.aborted || produced >= cap) break;
      }
    };
    try {
      for await (const page of regionalPages(regions, produce, o => {
        outcomes = o;
      })) {
        const room = cap - rows;
        const kept = page.rows.length > room ? page.rows.slice(0, room) : page.rows;
        rows += kept.length;
        if (kept.length) yield { columns, rows: kept };
        if (rows >= cap) {
          state.partialReason = 'row-cap';
          stop.abort();
        }
      }
    } finally {
      stop.abort();
      signal.removeEventListener('abort', forward);
    }
    if (signal.aborted) throw cancelledError();
    // An empty result still tells the reader its columns.
    if (rows === 0) yield { columns, rows: [] };
    this.reportRegionFailures(outcomes, all, state, rows, `${info.prefix}:${spec.operation}`);
  }

  /** Every page of the operation in one region: the SDK's paginator when it has one, else one call. */
  private async *pages(
    spec: AwsBlockSpec,
    input: Item,
    region: string,
    account: string,
    signal: AbortSignal,
  ): AsyncGenerator<{ out: Item; input: Item }> {
    const op = await sdkOperation(this.session, spec.service, spec.operation, region);
    const limiter = apiLimiter(account, region, spec.service, spec.operation, this.options.rates);
    if (!op.paginate) {
      await limiter?.acquire(signal);
      let out: Item;
      try {
        out = await op.client.send(op.command(input), { abortSignal: signal });
      } catch (e) {
        if (answersNothing(`${spec.service}:${spec.operation}`, e)) return;
        throw e;
      }
      yield { out, input };
      return;
    }
    const pages = op.paginate(input)[Symbol.asyncIterator]();
    for (;;) {
      await limiter?.acquire(signal);
      const next = await pages.next();
      if (next.done) return;
      yield { out: next.value, input };
      if (!TOKEN_KEYS.some(k => next.value[k]) || signal.aborted) return;
    }
  }

  private regionsFor(choice: 'all' | string[] | undefined): string[] {
    if (choice === 'all') return this.options.enabledRegions?.length ? this.options.enabledRegions : ALL_KNOWN_REGIONS;
    return choice?.length ? [...new Set(choice)] : [this.session.region];
  }

  /** Rows from healthy regions stay; a failed region makes the run partial and is named; all failed = an error. */
  private reportRegionFailures(
    outcomes: RegionOutcome[],
    all: boolean,
    state: RunState,
    rows: number,
    call: string,
  ): void {
    const failed = outcomes.filter(
      o => o.error !== undefined && !(all && REGION_NOT_ENABLED_ERRORS.has(awsErrorName(o.error))),
    );
    const skipped = outcomes.filter(o => o.error !== undefined && !failed.includes(o));
    if (skipped.length)
      state.context.regionsNotEnabled = skipped
        .map(o => o.region)
        .sort()
        .join(',');
    if (!failed.length) return;
    const errors = failed.map(o => toAwsEngineError(o.error, this.session.errorContext(call, o.region)));
    if (failed.length === outcomes.length - skipped.length && rows === 0) throw errors[0];
    state.context.failedRegions = failed.map(o => o.region).join(',');
    state.partialReason = 'regions-failed';
    state.partialDetail = `no rows from ${failed.map(o => o.region).join(', ')}: ${errors.map(e => e.message).join(' | ')}`;
  }
}

// CloudTrail event history (LookupEvents) as a query engine. A lookup block names attributes, a time window and
// regions; LookupEvents accepts one attribute per call, so each region × attribute pair is its own paginated
// stream, all fetched concurrently (each region paced by its own rate limiter) and merged newest first without
// duplicates.
import { setMaxListeners } from 'node:events';
import { LookupEventsCommand, LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import {
  EngineAvailability,
  EngineError,
  QueryEngine,
  QueryRequest,
  ResultPage,
  RunHandle,
  RunProgress,
} from '../engine/types';
import { LookupAttribute, LookupSpec, parseLookupSpec } from '../playbook/lookupSpec';
import {
  CLOUDTRAIL_COLUMNS,
  cloudTrailRow,
  LOOKUP_PAGE_SIZE,
  opensToWorld,
  parseCloudTrailEvent,
} from './cloudtrailRows';
import { awsErrorName, cancelledError, isAbort, toAwsEngineError } from './errors';
import { Feed, mergeNewestFirst } from './newestFirstMerge';
import { lookupEventsLimiter, TokenBucket } from './rateLimiter';
import { ALL_KNOWN_REGIONS, REGION_NOT_ENABLED_ERRORS } from './awsRegions';
import { RunState, startRun } from './runHandle';
import type { AwsSession } from './session';

/** How far back LookupEvents can see (CloudTrail API reference: "within the last 90 days"). */
export const EVENT_HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;
/** A window resolved a moment before we check it (e.g. P90D) must not trip the 90-day limit. */
const WINDOW_SLACK_MS = 5 * 60_000;

export interface CloudTrailEngineOptions {
  /** Regions to search when the lookup block does not say: 'all' or a list. Default: the session's region. */
  regions?: 'all' | string[];
  /** What 'all' means for this account (a setting); default every known commercial region, skipping disabled ones. */
  enabledRegions?: string[];
  /** Clock, for tests of the 90-day limit. */
  now?: () => Date;
}

interface LookupItem {
  time: number;
  id: string;
  row: ResultPage['rows'][number];
}

interface Stream {
  region: string;
  attribute?: LookupAttribute;
  feed: Feed<LookupItem>;
}

export class CloudTrailEngine implements QueryEngine {
  readonly id = 'cloudtrail' as const;
  readonly displayName = 'CloudTrail event history';

  constructor(
    private readonly session: AwsSession,
    private readonly options: CloudTrailEngineOptions = {},
  ) {}

  availability(): Promise<EngineAvailability> {
    return this.session.availability();
  }

  run(request: QueryRequest, signal: AbortSignal, onProgress?: (p: RunProgress) => void): RunHandle {
    return startRun('cloudtrail', request, signal, state => this.lookup(request, signal, state, onProgress));
  }

  private async *lookup(
    request: QueryRequest,
    signal: AbortSignal,
    state: RunState,
    onProgress?: (p: RunProgress) => void,
  ): AsyncGenerator<ResultPage> {
    const now = this.options.now?.() ?? new Date();
    const spec = this.parse(request, now);
    const { start, end } = checkWindow(spec, now);
    if (signal.aborted) throw cancelledError();
    const me = await this.session.identity(signal);
    if (signal.aborted) throw cancelledError();
    const searchAll = (spec.regions ?? this.options.regions) === 'all';
    const regions = this.regionsFor(spec.regions ?? this.options.regions);
    Object.assign(state.context, {
      profile: this.session.profile,
      account: me.account,
      callerArn: me.arn,
      region: this.session.region,
      regions: searchAll ? 'all' : regions.join(','),
      start: start.toISOString(),
      end: end.toISOString(),
      ...(spec.attributes.length ? { attributes: spec.attributes.map(a => `${a.key}=${a.value}`).join('; ') } : {}),
      ...(spec.worldOpen ? { filter: 'requests that open a rule to the whole internet (/0)' } : {}),
    });

    const cap = request.rowCap ?? Infinity;
    const stop = new AbortController();
    // Every stream listens on this signal (one per region × attribute): more than Node's default of 10 is expected.
    setMaxListeners(0, stop.signal);
    // A listener added to a signal that has already fired is never called, hence the check after adding it.
    const forward = () => stop.abort();
    signal.addEventListener('abort', forward, { once: true });
    if (signal.aborted) stop.abort();
    const attributes: Array<LookupAttribute | undefined> = spec.attributes.length ? spec.attributes : [undefined];
    const streams: Stream[] = regions.flatMap(region =>
      attributes.map(attribute => ({
        region,
        attribute,
        feed: new Feed<LookupItem>(`${region}${attribute ? ` ${attribute.key}=${attribute.value}` : ''}`),
      })),
    );
    let fetched = 0;
    let rowsOut = 0;
    const progress = () =>
      onProgress?.({
        rowsSoFar: rowsOut,
        message:
          `Looking up CloudTrail events: ${fetched} fetched from ${regions.length} region(s), ` +
          `${streams.filter(s => !s.feed.done).length} stream(s) still running`,
      });
    const producers = streams.map(s =>
      this.fetch(s, me.account, { StartTime: start, EndTime: end }, spec.worldOpen, cap, stop.signal, n => {
        fetched += n;
        progress();
      }),
    );

    const seen = new Set<string>();
    try {
      for await (const batch of mergeNewestFirst(
        streams.map(s => s.feed),
        item => item.time,
      )) {
        const rows = [];
        let rest = batch.length;
        for (const item of batch) {
          rest--;
          if (seen.has(item.id)) continue;
          seen.add(item.id);
          rows.push(item.row);
          if (rowsOut + rows.length >= cap) break;
        }
        rowsOut += rows.length;
        if (rows.length) yield { columns: CLOUDTRAIL_COLUMNS, rows };
        if (rowsOut >= cap) {
          if (rest > 0 || streams.some(s => !s.feed.done || s.feed.size > 0)) state.partialReason = 'row-cap';
          break;
        }
      }
    } finally {
      stop.abort();
      signal.removeEventListener('abort', forward);
      // A producer waiting for room in a full feed would wait forever once the merge stops reading: end every feed.
      for (const s of streams) if (!s.feed.done) s.feed.finish();
      // No request of this run may still be in flight once it is over.
      await Promise.allSettled(producers);
    }
    if (signal.aborted) throw cancelledError();
    this.reportRegionFailures(streams, searchAll, state, rowsOut);
  }

  private parse(request: QueryRequest, now: Date): LookupSpec {
    const { spec, problems } = parseLookupSpec(request.text, request.parameters, request.definitions, now);
    if (problems.length) {
      throw new EngineError(
        `The CloudTrail lookup is not valid: ${problems.map(p => `line ${p.line + 1}: ${p.message}`).join('; ')}`,
        'InvalidLookup',
      );
    }
    return spec;
  }

  private regionsFor(choice: 'all' | string[] | undefined): string[] {
    if (choice === 'all') return this.options.enabledRegions?.length ? this.options.enabledRegions : ALL_KNOWN_REGIONS;
    return choice?.length ? [...new Set(choice)] : [this.session.region];
  }

  /** One region × attribute stream: every page until the end, the cap, or a stop. */
  private async fetch(
    stream: Stream,
    account: string,
    window: Pick<LookupEventsCommandInput, 'StartTime' | 'EndTime'>,
    worldOpen: boolean,
    cap: number,
    signal: AbortSignal,
    onFetched: (n: number) => void,
  ): Promise<void> {
    const client = this.session.cloudTrail(stream.region);
    const limiter: TokenBucket = lookupEventsLimiter(account, stream.region);
    const input: LookupEventsCommandInput = {
      ...window,
      MaxResults: LOOKUP_PAGE_SIZE,
      ...(stream.attribute
        ? { LookupAttributes: [{ AttributeKey: stream.attribute.key, AttributeValue: stream.attribute.value }] }
        : {}),
    };
    let kept = 0;
    try {
      let token: string | undefined;
      do {
        await stream.feed.room();
        await limiter.acquire(signal);
        const out = await client.send(new LookupEventsCommand({ ...input, NextToken: token }), { abortSignal: signal });
        const items: LookupItem[] = [];
        for (const event of out.Events ?? []) {
          const record = parseCloudTrailEvent(event.CloudTrailEvent);
          if (worldOpen && !opensToWorld(record)) continue;
          const row = cloudTrailRow(record, event.CloudTrailEvent ?? '', event);
          items.push({
            time: event.EventTime?.getTime() ?? 0,
            id: event.EventId ?? `${stream.feed.label}#${kept + items.length}`,
            row,
          });
        }
        kept += items.length;
        onFetched(out.Events?.length ?? 0);
        stream.feed.push(items);
        token = out.NextToken;
      } while (token && kept < cap && !signal.aborted);
      stream.feed.finish();
    } catch (e) {
      stream.feed.finish(isAbort(e) || signal.aborted ? undefined : e);
    }
  }

  /** Rows from healthy regions stay; a failed region makes the run partial and is named; all failed = an error. */
  private reportRegionFailures(streams: Stream[], searchAll: boolean, state: RunState, rows: number): void {
    const failed = new Map<string, unknown>();
    const skipped = new Set<string>();
    for (const s of streams) {
      if (!s.feed.error) continue;
      if (searchAll && REGION_NOT_ENABLED_ERRORS.has(awsErrorName(s.feed.error))) skipped.add(s.region);
      else if (!failed.has(s.region)) failed.set(s.region, s.feed.error);
    }
    if (skipped.size) state.context.regionsNotEnabled = [...skipped].join(',');
    if (!failed.size) return;
    const regionsSearched = new Set(streams.map(s => s.region)).size - skipped.size;
    const errors = [...failed].map(([region, e]) =>
      toAwsEngineError(e, this.session.errorContext('cloudtrail:LookupEvents', region)),
    );
    if (failed.size === regionsSearched && rows === 0) throw errors[0];
    state.context.failedRegions = [...failed.keys()].join(',');
    // The same message from several regions (a credential failure names none) is said once.
    const messages = [...new Set(errors.map(e => e.message))];
    state.partialReason = 'regions-failed';
    state.partialDetail = `no events from ${[...failed.keys()].join(', ')}: ${messages.join(' | ')}`;
  }
}

/** The lookup window, refused with an explanation when it reaches beyond CloudTrail's 90-day event history. */
export function checkWindow(spec: LookupSpec, now: Date): { start: Date; end: Date } {
  const oldest = new Date(now.getTime() - EVENT_HISTORY_DAYS * DAY_MS);
  const end = spec.end ?? now;
  const start = spec.start ?? oldest;
  if (start.getTime() > end.getTime()) {
    throw new EngineError(
      `The lookup window starts (${start.toISOString()}) after it ends (${end.toISOString()}): swap them.`,
      'InvalidTimeRange',
    );
  }
  if (start.getTime() < oldest.getTime() - WINDOW_SLACK_MS) {
    const days = Math.ceil((now.getTime() - start.getTime()) / DAY_MS);
    throw new EngineError(
      `The window starts ${start.toISOString()}, ${days} days ago, but CloudTrail event history ` +
        `(LookupEvents) only keeps the last ${EVENT_HISTORY_DAYS} days. For older events, query the trail's log files in ` +
        'S3 with Athena (a cloudtrail_logs table), or download them and run this step on local data; or start the window ' +
        `on or after ${oldest.toISOString()}.`,
      'BeyondEventHistory',
    );
  }
  return { start: start.getTime() < oldest.getTime() ? oldest : start, end };
}

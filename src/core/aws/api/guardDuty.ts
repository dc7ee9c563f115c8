// GuardDuty reads need a detector id, which a playbook cannot know in advance: when a block leaves DetectorId out,
// the region's detectors are listed first. GetFindings with FindingCriteria instead of FindingIds is the combined
// read responders want: ListFindings for the criteria, page by page, then GetFindings for each page of ids.
import type { AwsSession } from '../session';
import type { Item } from './projections';
import { sdkOperation } from './sdk';

/** GetFindings takes at most 50 finding ids per call (GuardDuty API reference). */
const FINDINGS_PER_CALL = 50;

interface ApiPage {
  out: Item;
  /** The input of the call, with the detector filled in (projections read ids from it). */
  input: Item;
}

export async function* guardDutyPages(
  session: AwsSession,
  operation: string,
  input: Item,
  region: string,
  signal: AbortSignal,
): AsyncGenerator<ApiPage> {
  const call = (name: string) => sdkOperation(session, 'guardduty', name, region);
  if (operation === 'ListDetectors') {
    yield* paginated(await call('ListDetectors'), input, signal);
    return;
  }
  const detectors =
    typeof input.DetectorId === 'string' ? [input.DetectorId] : await listDetectors(session, region, signal);
  for (const detectorId of detectors) {
    const withDetector: Item = { ...input, DetectorId: detectorId };
    if (operation === 'GetFindings' && !Array.isArray(input.FindingIds)) {
      const get = await call('GetFindings');
      const criteria: Item = {
        DetectorId: detectorId,
        MaxResults: FINDINGS_PER_CALL,
        ...(input.FindingCriteria ? { FindingCriteria: epochMillis(input.FindingCriteria) } : {}),
        ...(input.SortCriteria ? { SortCriteria: input.SortCriteria } : {}),
      };
      for await (const page of paginated(await call('ListFindings'), criteria, signal)) {
        const ids = (page.out.FindingIds as string[] | undefined) ?? [];
        if (!ids.length) continue;
        const getInput: Item = {
          DetectorId: detectorId,
          FindingIds: ids,
          ...(input.SortCriteria ? { SortCriteria: input.SortCriteria } : {}),
        };
        yield { out: await get.client.send(get.command(getInput), { abortSignal: signal }), input: getInput };
      }
    } else if (operation === 'GetFindings') {
      const get = await call('GetFindings');
      const ids = input.FindingIds as string[];
      for (let i = 0; i < ids.length && !signal.aborted; i += FINDINGS_PER_CALL) {
        const getInput: Item = { ...withDetector, FindingIds: ids.slice(i, i + FINDINGS_PER_CALL) };
        yield { out: await get.client.send(get.command(getInput), { abortSignal: signal }), input: getInput };
      }
    } else if (operation === 'ListFindings') {
      const prepared = input.FindingCriteria
        ? { ...withDetector, FindingCriteria: epochMillis(input.FindingCriteria) }
        : withDetector;
      yield* paginated(await call('ListFindings'), prepared, signal);
    } else {
      const op = await call(operation);
      yield { out: await op.client.send(op.command(withDetector), { abortSignal: signal }), input: withDetector };
    }
  }
}

async function listDetectors(session: AwsSession, region: string, signal: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginated(await sdkOperation(session, 'guardduty', 'ListDetectors', region), {}, signal)) {
    ids.push(...((page.out.DetectorIds as string[] | undefined) ?? []));
  }
  return ids;
}

async function* paginated(
  op: Awaited<ReturnType<typeof sdkOperation>>,
  input: Item,
  signal: AbortSignal,
): AsyncGenerator<ApiPage> {
  if (!op.paginate) {
    yield { out: await op.client.send(op.command(input), { abortSignal: signal }), input };
    return;
  }
  for await (const out of op.paginate(input)) {
    yield { out, input };
    if (signal.aborted) return;
  }
}

/** GuardDuty compares finding times as epoch milliseconds: a time placeholder (a Date) becomes one. */
function epochMillis(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(epochMillis);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochMillis(v)]));
  }
  return value;
}

// Why a run stopped before the end, as one closed set every engine, the report and the printers share; the rule that
// picks the reason when several apply (a cancel that also failed...) lives here and nowhere else.
import type { RunMetadata } from './types';

export const PARTIAL_REASONS = ['row-cap', 'cancelled', 'failed', 'regions-failed', 'stopped-early'] as const;
export type PartialReason = (typeof PARTIAL_REASONS)[number];

const WORDS: Record<PartialReason, string> = {
  'row-cap': 'row cap reached',
  cancelled: 'cancelled',
  failed: 'failed',
  'regions-failed': 'some Regions failed',
  'stopped-early': 'stopped before the end',
};

type PartialFields = Pick<RunMetadata, 'partial' | 'partialReason' | 'partialDetail'>;

/**
 * The partial fields of a finished run. A cancel wins over everything (what the user did), then a failure, then the
 * reason the engine gave (row cap, Regions failed); a run that ended without finishing for none of these stopped early.
 */
export function settlePartial(outcome: {
  cancelled: boolean;
  failed: boolean;
  finished: boolean;
  reason?: PartialReason;
  detail?: string;
}): PartialFields {
  const reason: PartialReason | undefined = outcome.cancelled
    ? 'cancelled'
    : outcome.failed
      ? 'failed'
      : (outcome.reason ?? (outcome.finished ? undefined : 'stopped-early'));
  if (!reason) return { partial: false };
  const detail = reason === outcome.reason ? outcome.detail : undefined;
  return { partial: true, partialReason: reason, ...(detail ? { partialDetail: detail } : {}) };
}

/** The reason in words, with its detail, for printers and the step panel. */
export function partialText(run: Pick<RunMetadata, 'partialReason' | 'partialDetail'>): string {
  const words = run.partialReason ? WORDS[run.partialReason] : 'no reason given';
  return run.partialDetail ? `${words}: ${run.partialDetail}` : words;
}

/**
 * A reason read back from a report. Reports written before the reasons were a closed set hold words ("row cap",
 * "error", "stopped before the end", "no events from eu-west-1: ..."): those map to the reason they meant, and
 * anything else unknown is kept whole as the detail of an early stop.
 */
export function readPartialReason(text: string): { reason: PartialReason; detail?: string } {
  const value = text.trim();
  if ((PARTIAL_REASONS as readonly string[]).includes(value)) return { reason: value as PartialReason };
  if (value === 'row cap') return { reason: 'row-cap' };
  if (value === 'error') return { reason: 'failed' };
  if (value === 'stopped before the end') return { reason: 'stopped-early' };
  if (/^no (rows|events) from /.test(value)) return { reason: 'regions-failed', detail: value };
  return { reason: 'stopped-early', detail: value };
}

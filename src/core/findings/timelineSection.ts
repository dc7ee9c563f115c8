// The report's Timeline section: generated from the state every time the report is written (refreshTimeline.ts),
// never read back. It says so at its top, so nobody edits a table that the next write replaces.
import { encodeLine } from '../report/escape';
import { reportHeadings, type ReportHeadings } from '../report/headings';
import { closeMarker, openMarker } from '../report/markerRegions';
import type { ReportState } from '../report/model';
import { buildTimeline, type TimelineEntry, type TimelineSource } from './timeline';

function sourceText(source: TimelineSource): string {
  switch (source.type) {
    case 'finding':
      return `finding ${source.id}`;
    case 'step':
      return `step ${source.id}`;
    case 'run':
      return `run ${source.id} (step ${source.stepId})`;
    case 'action':
      return `action ${source.id} (step ${source.stepId})`;
    case 'status':
      return 'incident status';
  }
}

const row = (cells: string[]) => `| ${cells.map(c => encodeLine(c)).join(' | ')} |`;

/** The section in the words of `h` (the report's language; English for a report that gets it with its first finding). */
export function renderTimelineSection(state: ReportState, h: ReportHeadings = reportHeadings(undefined)): string {
  const words = h.timeline;
  const side: Record<TimelineEntry['side'], string> = { incident: words.happened, response: words.response };
  const { entries, indicators } = buildTimeline(state);
  const entryLines = entries.length
    ? [
        row(words.columns),
        `|${words.columns.map(() => ' --- |').join('')}`,
        ...entries.map(e => row([e.time, side[e.side], e.what, sourceText(e.source)])),
      ]
    : [words.empty];
  const indicatorLines = indicators.length
    ? [
        row(words.indicatorColumns),
        `|${words.indicatorColumns.map(() => ' --- |').join('')}`,
        ...indicators.map(i => row([i.type, i.value, i.firstSeen ?? '', i.lastSeen ?? '', i.findings.join(', ')])),
      ]
    : [words.noIndicators];
  return [
    openMarker('timeline'),
    h.sections.timeline,
    '',
    words.note,
    '',
    ...entryLines,
    '',
    words.indicators,
    '',
    ...indicatorLines,
    closeMarker('timeline'),
  ].join('\n');
}

// Keeps the generated Timeline section in step with the state on every write, and adds a finding with the section
// around it. A line a person typed inside the timeline (in no rendering of it) is moved below it unchanged.
import { applyEdits, refuseLoneCr } from '../report/edits';
import { headingsWithTimeline } from '../report/headings';
import { trimBlanks } from '../report/escape';
import { closeMarker, innerLines, openMarker, regionSpan, scanReport } from '../report/markerRegions';
import { parseReport, parseScanned } from '../report/parse';
import { findingAppendEdits, nextFindingId } from './findingsSection';
import type { Finding } from './model';
import { renderTimelineSection } from './timelineSection';

const MOVED_NOTE =
  '> **IR Playbook:** the lines below were inside the generated timeline above, which is rewritten on every ' +
  'write; they were moved here unchanged.';

/**
 * `text` with its timeline regenerated from the state it holds; `previous` is the text before the write, whose
 * timeline lines are the extension's own too. A report without a timeline section, or with a damaged one, is
 * returned as it is.
 */
export function refreshTimeline(text: string, previous?: string): string {
  const doc = scanReport(text);
  const region = doc.regions.find(r => r.kind === 'timeline');
  if (!region || region.damaged) return text;
  const inner = innerLines(doc, region).map(l => l.text.replace(/\r$/, ''));
  // The section is in the report's language (written with the report, or English when the first finding added it):
  // its heading tells which, and the regenerated section keeps it.
  const words = headingsWithTimeline(inner.find(l => /^## \S/.test(l)));
  const rendered = renderTimelineSection(parseScanned(doc).state, words);
  const own = new Set(rendered.split('\n'));
  let foreign = inner.filter(l => trimBlanks(l) !== '' && !own.has(l));
  // Lines of the previous rendering are the extension's own too. Reading them costs a second parse of the whole
  // report, so it is done only when some line is not in the new rendering: a write that changed no timeline entry
  // (an answer, a note, a tick) never pays for it.
  if (foreign.length > 0 && previous !== undefined) {
    const before = new Set(renderTimelineSection(parseReport(previous).state, words).split('\n'));
    foreign = foreign.filter(l => !before.has(l));
  }
  const wanted = [rendered, ...(foreign.length ? ['', MOVED_NOTE, '', ...foreign] : [])].join('\n');
  const span = regionSpan(doc, region);
  const newText = doc.eol === '\n' ? wanted : wanted.replace(/\n/g, doc.eol);
  return text.slice(span.start, span.end) === newText ? text : applyEdits(text, [{ ...span, newText }]);
}

/** `text` with `finding` appended under the next free id, the timeline added when missing and regenerated. */
export function addFinding(text: string, finding: Omit<Finding, 'id'>): { text: string; finding: Finding } {
  refuseLoneCr(text);
  const withId: Finding = { id: nextFindingId(text), ...finding };
  let after = applyEdits(text, findingAppendEdits(scanReport(text), text, withId));
  const doc = scanReport(after);
  if (!doc.regions.some(r => r.kind === 'timeline')) {
    const section = doc.regions.find(r => r.kind === 'findings');
    if (section) {
      const at = regionSpan(doc, section).end;
      const skeleton = doc.eol.repeat(2) + openMarker('timeline') + doc.eol + closeMarker('timeline');
      after = after.slice(0, at) + skeleton + after.slice(at);
    }
  }
  return { text: refreshTimeline(after, text), finding: withId };
}

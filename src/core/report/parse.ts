// Reads the state back out of a report without the playbook. Each damaged region is a diagnostic with its line;
// the regions around it still read.
import type { Diagnostic } from '../playbook/model';
import { readFindings } from '../findings/findingsSection';
import { emptyHeader, readHeader } from './headerFormat';
import type { ReportState, StepState } from './model';
import { scanReport, type ScannedReport } from './markerRegions';
import { readStep } from './stepFormat';

export function parseReport(text: string): { state: ReportState; diagnostics: Diagnostic[] } {
  return parseScanned(scanReport(text));
}

/** parseReport of a report already scanned, for a caller that needs the scan too (one scan instead of two). */
export function parseScanned(doc: ScannedReport): { state: ReportState; diagnostics: Diagnostic[] } {
  const diagnostics = [...doc.diagnostics];
  const headers = doc.regions.filter(r => r.kind === 'header');
  const header = headers.find(h => !h.damaged);
  if (!header) {
    diagnostics.push({
      line: (headers[0]?.openLine ?? 0) + 1,
      column: 1,
      severity: 'error',
      code: 'missing-header',
      message:
        'The report has no readable header region (<!-- irp:header --> … <!-- /irp:header -->); restore it from version control or a new report.',
    });
  }
  const headerState = header ? readHeader(doc, header, diagnostics) : emptyHeader();
  const steps: [string, StepState][] = [];
  const seen = new Set<string>();
  for (const region of doc.regions.filter(r => r.kind === 'step')) {
    const id = region.attrs.id;
    if (id === undefined || seen.has(id)) {
      diagnostics.push({
        line: region.openLine + 1,
        column: 1,
        severity: 'warning',
        code: id === undefined ? 'missing-id' : 'duplicate-step',
        message:
          id === undefined
            ? 'Step region without an id; it is ignored.'
            : `Step "${id}" appears twice; the second one is ignored.`,
      });
      continue;
    }
    seen.add(id);
    const state = readStep(doc, region, diagnostics);
    if (state) steps.push([id, state]);
  }
  const findings = readFindings(doc, diagnostics);
  diagnostics.sort((a, b) => a.line - b.line);
  const state: ReportState = { header: headerState, steps: Object.fromEntries(steps) };
  if (findings?.length) state.findings = findings;
  return { state, diagnostics };
}

// The report header: title line, an exercise banner when the incident is a tabletop exercise, the incident facts a
// reader looks for first (factsFormat.ts), and the facts every step relies on (incident id, playbook, mode, engine,
// data sources, parameters) as a field list.
import { ENGINE_IDS, isEngineId, type Diagnostic, type EngineId } from '../playbook/model';
import { encodeLine, encodeLineStart } from './escape';
import { factsLines, readFacts } from './factsFormat';
import { fieldLine, fieldList, fieldMap, fieldValue, listFieldLines, mapFieldLines, readFields } from './fields';
import type { IncidentMode, ReportHeader } from './model';
import { closeMarker, innerLines, openMarker, type Region, type ScannedReport } from './markerRegions';

/** "2": the document layout (facts, summary... and the steps as an appendix); "1" reports read the same way. */
export const REPORT_FORMAT_VERSION = '2';

const LABEL = {
  id: 'Incident ID',
  title: 'Title',
  mode: 'Mode',
  created: 'Created',
  playbook: 'Playbook',
  version: 'Playbook version',
  path: 'Playbook path',
  engine: 'Default engine',
  sources: 'Data sources',
  parameters: 'Parameters',
} as const;

const EXERCISE_BANNER =
  '> **EXERCISE**: this report records a tabletop exercise on sample data, not a live incident. ' +
  'Nothing in it describes real activity in your accounts.';

export function renderHeader(header: ReportHeader): string {
  const exercise = header.mode === 'exercise';
  return [
    openMarker('header', { format: REPORT_FORMAT_VERSION }),
    `# ${exercise ? 'EXERCISE: ' : ''}Incident ${encodeLine(header.incidentId)}: ${encodeLine(header.title)}`,
    '',
    ...(exercise ? [EXERCISE_BANNER, ''] : []),
    ...factsLines(header.facts),
    fieldLine(LABEL.id, header.incidentId),
    fieldLine(LABEL.title, header.title),
    fieldLine(LABEL.mode, header.mode),
    fieldLine(LABEL.created, header.createdAt),
    fieldLine(LABEL.playbook, header.playbookId),
    fieldLine(LABEL.version, header.playbookVersion),
    fieldLine(LABEL.path, header.playbookPath),
    ...(header.defaultEngine !== undefined ? [fieldLine(LABEL.engine, header.defaultEngine)] : []),
    ...listFieldLines(LABEL.sources, header.dataSources, s => encodeLineStart(s)),
    ...mapFieldLines(LABEL.parameters, header.parameters),
    closeMarker('header'),
  ].join('\n');
}

export function emptyHeader(): ReportHeader {
  return {
    incidentId: '',
    title: '',
    playbookId: '',
    playbookVersion: '',
    playbookPath: '',
    createdAt: '',
    mode: 'live',
    dataSources: [],
    parameters: {},
  };
}

export function readHeader(doc: ScannedReport, region: Region, diagnostics: Diagnostic[]): ReportHeader {
  const fields = readFields(innerLines(doc, region), region.openLine + 1);
  const problem = (label: string, message: string) =>
    diagnostics.push({
      line: (fields.get(label.toLowerCase())?.line ?? region.openLine) + 1,
      column: 1,
      severity: 'error',
      code: 'bad-header',
      message,
    });
  const text = (label: string) => {
    const value = fieldValue(fields, label);
    if (value === undefined)
      problem(label, `The report header has no "${label}" line; add "- **${label}:** …" inside the header region.`);
    return value ?? '';
  };
  const mode = text(LABEL.mode).trim().toLowerCase();
  if (mode !== 'live' && mode !== 'exercise' && fields.has(LABEL.mode.toLowerCase()))
    problem(LABEL.mode, `Mode "${mode}" is neither "live" nor "exercise"; the report reads as live.`);
  const header: ReportHeader = {
    incidentId: text(LABEL.id),
    title: text(LABEL.title),
    playbookId: text(LABEL.playbook),
    playbookVersion: text(LABEL.version),
    playbookPath: text(LABEL.path),
    createdAt: text(LABEL.created),
    mode: (mode === 'exercise' ? 'exercise' : 'live') as IncidentMode,
    dataSources: fieldList(fields, LABEL.sources),
    parameters: fieldMap(fields, LABEL.parameters, diagnostics),
  };
  const facts = readFacts(fields, diagnostics);
  if (facts) header.facts = facts;
  const engine = fieldValue(fields, LABEL.engine);
  if (engine !== undefined) {
    if (!isEngineId(engine))
      problem(LABEL.engine, `Default engine "${engine}" is not one of ${ENGINE_IDS.join(', ')}.`);
    header.defaultEngine = engine as EngineId;
  }
  return header;
}

/** The lines the extension writes inside the header region for what is read there (a person's are not among them). */
export function headerOwnLines(doc: ScannedReport, region: Region): string[] {
  return renderHeader(readHeader(doc, region, []))
    .split('\n')
    .slice(1, -1);
}

// The one typed contract between the extension host and the step webview. Both sides import only this file from each
// other, so a message added here is checked on both ends. Everything here must be plain JSON (it crosses postMessage).
import type { ParameterDefinition, EngineId } from '../core/playbook/model';
import type { IncidentMode, StepStatus, StepState } from '../core/report/model';
import type { CellValue, Column, RunError } from '../core/engine/types';
import type { DataMode } from '../core/engine/resolve';

/** A query block as the panel shows it: in the current data mode, with the engine that will run it. */
export interface QueryView {
  id: string;
  title: string;
  text: string;
  engine: EngineId;
  parameters: string[];
  /** The text with the current parameter values written in (run/resolvedQuery.ts); absent while a value is invalid. */
  resolvedText?: string;
}

/** An Athena named query of the workgroup, offered as an extra query of a flow-log step (id `named:<name>`). */
export interface NamedQueryView extends QueryView {
  description?: string;
  /** The database the query was saved with; its runs use it instead of the setting's. */
  database: string;
}

/** Where discovering the workgroup's named queries stands. */
export interface NamedQueriesState {
  phase: 'idle' | 'discovering' | 'done' | 'failed';
  workgroup?: string;
  queries: NamedQueryView[];
  error?: RunError;
}

/** One recorded run of a query, as the panel lists it under the query. */
export interface RunView {
  runId: string;
  queryId: string;
  startedAt: string;
  rowCount: number;
  partial: boolean;
  /** Why the run is partial, in words (`partialText`). */
  partialReason?: string;
  error?: RunError;
  evidence: { path: string; sha256: string; bytes: number }[];
}

/** Everything the panel needs to draw a step; sent on load and whenever the report changes. */
export interface StepView {
  /** Where the step's state lives; the webview keeps it so a reload can find the report again. */
  reportUri: string;
  reportName: string;
  mode: IncidentMode;
  dataMode: DataMode;
  phaseTitle: string;
  stepId: string;
  title: string;
  /** Guidance already rendered to HTML on the host (markdown-it, html off, links checked). */
  guidanceHtml: string;
  checklist: { id: string; text: string }[];
  questions: { id: string; text: string; suggestions: string[] }[];
  queries: QueryView[];
  /** Definitions of the parameters this step's queries use. */
  parameterDefinitions: ParameterDefinition[];
  /** Current values from the report header (defaults filled in where the report has none). */
  parameters: Record<string, string>;
  state: Omit<StepState, 'runs'>;
  /** Runs the report records for this step, oldest first. */
  runs: RunView[];
  /** Neighbours in playbook order, across phases, for moving through the playbook from the panel. */
  previousStep?: { id: string; title: string };
  nextStep?: { id: string; title: string };
  /** The step reads VPC flow logs with Athena on AWS: it offers the workgroup's named flow-log queries. */
  offersNamedQueries?: boolean;
  /** The zone result times are shown in (setting irPlaybook.results.timeZone); UTC when absent. */
  resultsTimeZone?: 'utc' | 'local';
}

export type RunPhase = 'running' | 'done' | 'failed' | 'cancelled';

/** How a run the page asked for ended (its rows and progress arrive as notifications meanwhile). */
export interface RunOutcome {
  phase: RunPhase;
  rowCount: number;
  run?: RunView;
}

/**
 * A query's last recorded result, read back from its evidence file when a panel opens; nothing is run. `none`: the
 * query has no recorded run with evidence, or the panel holds a live result that it sends itself.
 */
export type LastResult =
  | { kind: 'none' }
  | {
      kind: 'rows';
      runId: string;
      startedAt: string;
      /** The evidence file the rows come from (relative to the report), checked against its SHA-256. */
      path: string;
      columns: Column[];
      rows: CellValue[][];
      /** Rows the run recorded; more than `rows.length` when the panel's row cap cut the read. */
      rowCount: number;
    }
  | { kind: 'problem'; runId: string; path: string; problem: string };

/** Messages the host posts without being asked. */
export type HostNotification =
  | { type: 'step'; view: StepView; guidanceCollapsed: boolean }
  | { type: 'stepMissing'; stepId: string; reason: string }
  | { type: 'runStarted'; queryId: string }
  | { type: 'runProgress'; queryId: string; message: string; rowsSoFar: number }
  /** Rows arrive in pages; `reset` starts a new result (first page of a run, or a re-send after the panel reloads). */
  | { type: 'runRows'; queryId: string; columns: Column[]; rows: CellValue[][]; reset: boolean }
  | {
      type: 'runEnded';
      queryId: string;
      phase: RunPhase;
      rowCount: number;
      partialReason?: string;
      error?: RunError;
      run?: RunView;
    }
  | { type: 'namedQueries'; state: NamedQueriesState };

/** Messages the page posts that need no answer. */
export type WebviewNotification =
  | { type: 'ready' }
  | { type: 'setStatus'; status: StepStatus }
  | { type: 'setChecklist'; itemId: string; checked: boolean }
  | { type: 'setAnswer'; questionId: string; value: string }
  | { type: 'setNotes'; value: string }
  | { type: 'setParameter'; name: string; value: string }
  | { type: 'cancel'; queryId: string }
  | { type: 'openEvidence'; path: string }
  | { type: 'openStep'; stepId: string }
  /** Remembered for every step panel: the next step opens with its guidance the same way. */
  | { type: 'setGuidanceCollapsed'; collapsed: boolean }
  /** Selected result rows to pin as findings; `index` is the row's 0-based place in the run's result. */
  | {
      type: 'addFindings';
      queryId: string;
      runId?: string;
      columns: string[];
      rows: { index: number; values: string[] }[];
    };

/**
 * Requests of the page that the host answers, by type: what the answer is. A request carries a `requestId` that
 * its answer repeats; one sent without an id (a test driving the host) is handled the same and not answered.
 */
export interface RequestResponses {
  /** Runs one query of the step and records it; the answer comes when the run is over. */
  run: RunOutcome;
  /** Lists the workgroup's named flow-log queries; they run with `run` and their `named:<name>` id. */
  discoverNamedQueries: NamedQueriesState;
  lastResult: LastResult;
}
export type RequestType = keyof RequestResponses;

type RequestBody =
  { type: 'run'; queryId: string } | { type: 'discoverNamedQueries' } | { type: 'lastResult'; queryId: string };
/** A request of type K as the page writes it, before it is given an id. */
export type RequestOf<K extends RequestType> = Extract<RequestBody, { type: K }>;
export type WebviewRequest<K extends RequestType = RequestType> = RequestOf<K> & { requestId?: number };

/** The host's answer to the request `requestId`: its result, or why there is none. */
export type HostResponse<K extends RequestType = RequestType> = {
  type: 'response';
  requestId: number;
  request: K;
} & ({ result: RequestResponses[K] } | { error: string });

export type WebviewToHost = WebviewNotification | WebviewRequest;
export type HostToWebview = HostNotification | HostResponse;

/** What the webview keeps in `vscode.setState` so a hidden-then-shown panel comes back where it was. */
export interface WebviewPersistedState {
  reportUri: string;
  stepId: string;
  scrollY: number;
  /** Each query's result grid as the user left it (filter, sort, column order, hidden columns, widths). */
  grids?: Record<string, GridLayout>;
}

/** How one query's result grid is laid out; columns are named, so a layout survives a change of column order. */
export interface GridLayout {
  filter?: string;
  sort?: { column: string; descending: boolean };
  order?: string[];
  hidden?: string[];
  widths?: Record<string, number>;
}

/**
 * Every text the panel shows, in English. The host translates each with vscode.l10n.t and hands the table to the
 * page (a webview cannot reach the l10n API); `{0}` marks an argument, filled by the page.
 */
export const WEBVIEW_TEXT = {
  loading: 'Loading the step…',
  phase: 'Phase',
  report: 'Report',
  exercise: 'Tabletop exercise: queries run on local data',
  dataAws: 'Queries run on AWS',
  dataLocal: 'Queries run on local data',
  status: 'Status',
  statusNotStarted: 'Not started',
  statusInProgress: 'In progress',
  statusDone: 'Done',
  statusSkipped: 'Skipped',
  markInProgress: 'Start',
  markDone: 'Mark done',
  markSkipped: 'Skip',
  reset: 'Reset',
  guidance: 'Guidance',
  checklist: 'Checklist',
  questions: 'Questions',
  suggestions: 'Suggested answers:',
  answerPlaceholder: 'Your answer',
  notes: 'Notes',
  notesPlaceholder: 'Observations, decisions, who was told what and when…',
  parameters: 'Parameters',
  parametersHelp: 'Shared by every step of this incident and stored in the report header.',
  queries: 'Queries',
  queryText: 'Query text',
  run: 'Run',
  cancel: 'Cancel',
  running: 'Running…',
  rowsSoFar: '{0} rows so far',
  oneRow: '1 row',
  rows: '{0} rows',
  rowsShown: '{0} of {1} rows',
  partial: 'Partial result: {0}',
  cancelled: 'Cancelled. The rows received so far are kept in the evidence file.',
  failed: 'The query failed',
  errorCode: 'Error code: {0}',
  filter: 'Filter rows',
  noRows: 'The query returned no rows.',
  sortAscending: 'Sorted ascending',
  sortDescending: 'Sorted descending',
  runs: 'Recorded runs',
  noRuns: 'Not run yet. Each run is recorded in the report with its evidence file.',
  evidence: 'Evidence',
  sha256: 'SHA-256',
  openEvidence: 'Open',
  engineCloudtrail: 'CloudTrail event history',
  engineAthena: 'Amazon Athena',
  engineLocal: 'Local data',
  engineAws: 'AWS API (read-only)',
  engineAction: 'Containment action (asks first)',
  missingParameters: 'Fill in the parameters this query uses first.',
  stepMissing: 'This step cannot be shown',
  previousStep: 'Previous: {0}',
  nextStep: 'Next: {0}',
  namedQueries: 'Workgroup named queries',
  namedQueriesHelp:
    'Saved queries of the Athena workgroup whose names start with VpcFlowLogs, such as those the VPC console\'s "Generate Athena integration" template creates. Each runs on the database it was saved with.',
  discover: 'Discover',
  discovering: 'Looking for named queries in workgroup {0}…',
  namedQueriesFound: 'Named queries in workgroup {0}: {1}',
  noNamedQueries:
    "Workgroup {0} has no named queries whose names start with VpcFlowLogs. The VPC console's template saves them in the workgroup it creates: set that one in the setting irPlaybook.athena.workgroup.",
  discoverFailed: 'The named queries could not be listed',
  namedDatabase: 'Database: {0}',
  columns: 'Columns',
  columnsHelp: 'Show, hide and reorder the columns of this result.',
  moveLeft: 'Move left',
  moveRight: 'Move right',
  resetColumns: 'Reset columns',
  resizeColumn: 'Drag to resize the column',
  copyCell: 'Copy cell',
  copyRows: 'Copy rows',
  copyEvent: 'Copy event',
  copied: 'Copied',
  copyFailed: 'Could not copy: {0}',
  addToFindings: 'Add to findings',
  selectedRows: '{0} selected',
  cappedLimit: "Capped: the query's LIMIT {0} was reached, so there may be more rows.",
  cappedRowCap: 'Capped: the run stopped at the row cap ({0} rows, setting irPlaybook.query.rowCap).',
  rowDetail: 'Row {0}',
  closeDetail: 'Close',
  charts: 'Charts',
  chartBytesOverTime: 'Bytes over time',
  chartTopTalkers: 'Top talkers (bytes sent)',
  chartEventsOverTime: 'Events over time',
  chartEvents: 'Events',
  jumpTo: 'Jump to',
  resolvedQuery: 'With the parameter values (to paste into a console)',
  runShortcut: 'Run (Ctrl+Enter or Cmd+Enter in this query)',
  result: 'Result',
  lastResult: 'Last run {0}: rows read from {1}, SHA-256 checked. Not run again.',
  lastResultCapped: 'Last run {0}: rows read from {1}, SHA-256 checked; the first {2} of {3} rows. Not run again.',
  lastResultProblem: 'The last result cannot be shown',
} as const;

export type WebviewTextKey = keyof typeof WEBVIEW_TEXT;
export type WebviewText = Record<WebviewTextKey, string>;

// The incident report: create, render, read back and update it in place.
export * from './model';
export { createReport, INCIDENTS_FOLDER, type CreateReportOptions } from './create';
export { renderReport } from './render';
export { parseReport } from './parse';
export {
  applyEdits,
  appendRun,
  planHeaderUpdate,
  planRunAppend,
  planStepUpdate,
  updateHeader,
  updateStep,
  type TextEdit,
} from './edits';
export { ReportUpdateRefused, type Repair, type ReportUpdate } from './refused';
export { formatRunRecord } from './runFormat';
export { REPORT_FORMAT_VERSION } from './headerFormat';

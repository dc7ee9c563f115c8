// Exporting the incident report for sharing: one self-contained HTML file, optionally redacted.
export { exportReportHtml, type ExportOptions, type ExportResult } from './exportHtml';
export type { Replacement } from './redact';
export { writeExport } from './writeExport';

// Exporting the incident report for sharing: one self-contained HTML file, optionally redacted.
export { exportReportHtml, stripMarkers, type ExportOptions, type ExportResult } from './exportHtml';
export { renderMarkdown, escapeHtml } from './markdown';
export { Redactor, type Replacement, type RedactedKind } from './redact';
export { writeExport } from './writeExport';

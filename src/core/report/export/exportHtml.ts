// The incident report as one self-contained HTML file for sharing: rendered markdown without the report's markers,
// an inline stylesheet with print styles, no script and a policy that forbids loading anything, so opening the file
// never reaches the network and printing it to PDF gives a clean document.
import { renderMarkdown, escapeHtml } from './markdown';
import { Redactor, type Replacement } from './redact';
import { EXPORT_STYLESHEET } from './stylesheet';

export interface ExportOptions {
  redact?: boolean;
  /** When the export was made (ISO), written in the footer. */
  exportedAt: string;
}

export interface ExportResult {
  html: string;
  /** What redaction replaced; empty without `redact`. For the console only, never for the file. */
  replacements: Replacement[];
}

/**
 * The report's own markers (`<!-- irp:... -->`, `<!-- tabletop:... -->`), on their own line or after text. Team text
 * in the report has its `<` escaped (`\<`), so a marker quoted in an answer is never taken for one.
 */
const MARKER = /[ \t]*(?<!\\)<!--\s*\/?(?:irp|tabletop):[^>]*?-->/g;
const MARKER_ONLY_LINE = /^[ \t]*(?:(?<!\\)<!--\s*\/?(?:irp|tabletop):[^>]*?-->[ \t]*)+\r?\n/gm;

function stripMarkers(reportText: string): string {
  return reportText
    .replace(/^\uFEFF/, '')
    .replace(MARKER_ONLY_LINE, '')
    .replace(MARKER, '');
}

/** The document's title: its first level-1 heading as plain text. */
function titleOf(bodyHtml: string): string {
  const m = /<h1>([\s\S]*?)<\/h1>/.exec(bodyHtml);
  return m ? m[1].replace(/<[^>]*>/g, '') : 'Incident report';
}

export function exportReportHtml(reportText: string, options: ExportOptions): ExportResult {
  const rendered = renderMarkdown(stripMarkers(reportText));
  // Redaction works on the rendered text: markdown escapes (`203\.0\.113\.77`) are gone there, so no value hides
  // behind a backslash, and link targets are covered too.
  const redactor = options.redact ? new Redactor() : undefined;
  const body = redactor ? redactor.redact(rendered) : rendered;
  const note = `Exported ${escapeHtml(options.exportedAt)} by IR Playbook Companion${
    redactor ? '; account ids, access keys, addresses, ARNs and e-mail addresses are replaced by placeholders' : ''
  }.`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${titleOf(body)}</title>
<style>${EXPORT_STYLESHEET}</style>
</head>
<body>
<main>
${body}</main>
<footer class="irp-export-note">${note}</footer>
</body>
</html>
`;
  return { html, replacements: redactor?.replacements() ?? [] };
}

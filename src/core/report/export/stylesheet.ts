// The exported report's only stylesheet, inline in the file: readable on screen, and a clean document when printed
// to PDF (no backgrounds, tables and code kept whole where they fit, link targets written out).
export const EXPORT_STYLESHEET = `
:root { color-scheme: light; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #fff;
  max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; overflow-wrap: anywhere; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.6em; }
h1 { font-size: 1.9em; border-bottom: 2px solid #d0d7de; padding-bottom: 0.3em; }
h2 { font-size: 1.45em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.25em; }
h3 { font-size: 1.2em; }
h4 { font-size: 1em; }
code, pre { font: 0.9em/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
code { background: #f3f4f6; padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.8em 1em; overflow-x: auto;
  white-space: pre-wrap; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
blockquote { margin: 1em 0; padding: 0.2em 1em; border-left: 4px solid #d0d7de; color: #57606a; }
li.task { list-style: none; }
li.task .box { display: inline-block; width: 1.2em; margin-left: -1.3em; }
a { color: #0969da; }
.irp-export-note { color: #57606a; font-size: 0.85em; border-top: 1px solid #d0d7de; margin-top: 3em;
  padding-top: 0.5em; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  table, pre, blockquote, li { break-inside: avoid; page-break-inside: avoid; }
  table { display: table; overflow: visible; }
  pre { white-space: pre-wrap; overflow: visible; }
  th, code, pre { background: none; }
  a { color: inherit; text-decoration: underline; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}
`;

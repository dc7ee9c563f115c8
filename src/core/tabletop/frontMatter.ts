// Splits a markdown file into its YAML front matter and body, keeping line numbers so diagnostics in either part
// point at the right line of the file.
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../playbook/model';

interface FrontMatterSplit {
  /** The YAML document, or undefined when the file has no front matter. */
  doc?: Document;
  lineCounter: LineCounter;
  /** 1-based file line where the YAML text starts (the line after the opening `---`). */
  yamlFirstLine: number;
  body: string;
  /** 1-based file line of the body's first line. */
  bodyFirstLine: number;
  diagnostics: Diagnostic[];
}

export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const lineCounter = new LineCounter();
  if (lines[0]?.trim() !== '---') {
    return { lineCounter, yamlFirstLine: 1, body: lines.join('\n'), bodyFirstLine: 1, diagnostics: [] };
  }
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (close < 0) {
    return {
      lineCounter,
      yamlFirstLine: 2,
      body: '',
      bodyFirstLine: lines.length + 1,
      diagnostics: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          code: 'unclosed-front-matter',
          message: 'Front matter opened with "---" is never closed: add a line "---" after the YAML.',
        },
      ],
    };
  }
  const yamlText = lines.slice(1, close).join('\n');
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toDiagnostic =
    (severity: Diagnostic['severity']) =>
    (e: { pos: [number, number]; message: string }): Diagnostic => {
      const pos = lineCounter.linePos(e.pos[0]);
      return {
        line: pos.line + 1,
        column: pos.col,
        severity,
        code: 'invalid-front-matter',
        message: `Front matter YAML: ${e.message.split('\n')[0]}`,
      };
    };
  const diagnostics = [...doc.errors.map(toDiagnostic('error')), ...doc.warnings.map(toDiagnostic('warning'))];
  return {
    doc,
    lineCounter,
    yamlFirstLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyFirstLine: close + 2,
    diagnostics,
  };
}

// `irp report export <report.md> --html <out.html> [--redact] [--json]`: the report as one self-contained HTML file.
// With --redact, what was replaced is printed (stderr, or in the JSON on stdout) and never written into the file.
import * as path from 'node:path';
import { exportReportHtml, writeExport, type Replacement } from '../../core/report/export/index';
import { readFileArg } from '../fileArgs';
import { one, parseFlags } from '../flags';
import { EXIT_OK, UsageError, type CliCommand } from '../io';

const USAGE = 'irp report export <report.md> --html <out.html> [--redact] [--json]';

function replacementLines(replacements: Replacement[]): string {
  if (!replacements.length) return 'Redaction: nothing to replace.\n';
  const width = Math.max(...replacements.map(r => r.placeholder.length));
  return [
    `Redaction replaced ${replacements.length} value(s) (this list is not in the file):`,
    ...replacements.map(r => `  ${r.placeholder.padEnd(width)}  ${r.original}  (${r.count}x)`),
    '',
  ].join('\n');
}

export const reportExportCommand: CliCommand = async (args, io) => {
  const p = parseFlags(args, { html: 'value', redact: 'switch', json: 'switch' }, USAGE);
  if (p.positional.length !== 1) throw new UsageError(`one report; usage: ${USAGE}`);
  const out = one(p, 'html');
  if (!out) throw new UsageError(`where to? --html <out.html> is required; usage: ${USAGE}`);
  const [report] = p.positional;
  const redact = p.values.has('redact');
  const text = await readFileArg(report, io);
  const { html, replacements } = exportReportHtml(text, { redact, exportedAt: new Date().toISOString() });
  await writeExport(path.resolve(io.cwd, report), path.resolve(io.cwd, out), html);
  const bytes = Buffer.byteLength(html, 'utf8');
  if (p.values.has('json')) {
    io.stdout(`${JSON.stringify({ report, output: out, bytes, redacted: redact, replacements }, null, 2)}\n`);
  } else {
    if (redact) io.stderr(replacementLines(replacements));
    io.stdout(`Wrote ${out} (${bytes} bytes)\n`);
  }
  return EXIT_OK;
};

// A separate process that writes a report through updateReportFile, for the tests that kill a writer, limit its file
// size or race it against other writers. Not a test file itself: the tests start it with `node`.
//   loop <file>           alternates the file between contentA() and contentB() forever, printing "w" after each write
//   once <file> <bytes>   replaces the file with <bytes> bytes; prints the error and exits 1 when that fails
//   append <file> <line>  waits until the report holds a run, then appends <line> to it
import { readFileSync } from 'node:fs';
import { updateReportFile } from '../../../src/core/report/reportFile';

export const contentA = () => 'old report line, kept whole\n'.repeat(150_000);
export const contentB = () => 'new report line written by the child process\n'.repeat(110_000);

async function loop(file: string): Promise<void> {
  const [a, b] = [contentA(), contentB()];
  for (;;) {
    await updateReportFile(file, text => (text === a ? b : a));
    process.stdout.write('w');
  }
}

async function append(file: string, line: string): Promise<void> {
  for (;;) {
    const text = (() => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    })();
    if (text.includes('<!-- irp:run ')) break;
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  await updateReportFile(file, text => `${text}${line}\n`);
}

async function main([mode, file, arg]: string[]): Promise<void> {
  if (mode === 'loop') return loop(file);
  if (mode === 'once') return void (await updateReportFile(file, () => 'x'.repeat(Number(arg))));
  if (mode === 'append') return append(file, arg);
  throw new Error(`unknown mode ${mode}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch(e => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}

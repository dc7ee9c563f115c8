import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import { FORMATS, WORKER, tempDir } from '../local/helpers';
import { CUSTOM_FIELDS, flowLogKey, flowRows, writeFlowLog } from '../../fixtures/local/generate';
import { runCli } from '../runCli';

/** The `irp` entry point as a shell runs it, so stdout is the process's own (a pipe, or a pseudo-terminal). */
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');
const DATA = path.join(FORMATS, 'flow-default.log');
/** Log text with a screen-clearing escape, a right-to-left override and a carriage return. */
const SQL =
  "SELECT '\u001b[2J' || srcaddr || '\u202e' AS who, 'a\rb' AS cr, log_status FROM vpc_flow_logs " +
  'ORDER BY log_status DESC';
const EXACT_CSV = 'who,cr,log_status\r\n\u001b[2J10.1.0.5\u202e,"a\rb",OK\r\n\u001b[2J-\u202e,"a\rb",NODATA\r\n';
const ENV = { ...process.env, IRP_LOCAL_ENGINE_WORKER: WORKER, IRP_SQL: SQL, IRP_DATA: DATA, IRP_CLI: CLI };
const COMMAND = '"$IRP_NODE" "$IRP_CLI" sql --data "$IRP_DATA" --csv "$IRP_SQL"';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('rows printed to a terminal or a pipe', () => {
  it('writes CSV byte for byte to a pipe', () => {
    const out = execFileSync(process.execPath, [CLI, 'sql', '--data', DATA, '--csv', SQL], {
      cwd: tempDir(),
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(out.toString('utf8'), EXACT_CSV);
  });

  it('shows control characters as escapes on a terminal (a pseudo-terminal from util-linux script)', () => {
    assert.ok(hasScript(), 'this test needs util-linux "script" to give the CLI a pseudo-terminal');
    const env = { ...ENV, IRP_NODE: process.execPath };
    const out = execFileSync('script', ['-qec', COMMAND, '/dev/null'], {
      cwd: tempDir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString('utf8');
    assert.ok(out.includes('\\u001b[2J10.1.0.5\\u202e,"a\\u000db",OK'), JSON.stringify(out));
    assert.ok(!out.includes('\u001b') && !out.includes('\u202e'), JSON.stringify(out));
    assert.ok(!out.replace(/\r*\n/g, '\n').includes('\r'), 'no carriage return but in line ends');
  });

  it('decides by the io flag the entry point sets from process.stdout.isTTY, for every format', async () => {
    const env = { IRP_LOCAL_ENGINE_WORKER: WORKER };
    const cwd = tempDir();
    for (const format of ['--csv', '--json']) {
      const piped = await runCli(['sql', '--data', DATA, format, SQL], cwd, env);
      assert.equal(piped.code, 0, piped.stderr);
      assert.ok(piped.stdout.includes('\u202e'), `${format} to a pipe keeps the text as it is`);
      const shown: string[] = [];
      const code = await main(['sql', '--data', DATA, format, SQL], {
        stdout: t => shown.push(t),
        stderr: () => undefined,
        cwd,
        env,
        stdoutIsTerminal: true,
      });
      assert.equal(code, 0);
      const text = shown.join('');
      assert.ok(!text.includes('\u001b') && !text.includes('\u202e') && text.includes('\\u202e'), `${format}: ${text}`);
      if (format === '--json') assert.equal(JSON.parse(text).rows[0].who, JSON.parse(piped.stdout).rows[0].who);
    }
  });

  it('stops quietly when the reader closes the pipe (irp … | head): the run is cancelled, no EPIPE error', async () => {
    const data = tempDir();
    writeFlowLog(path.join(data, flowLogKey('many')), flowRows(50_000, 7), CUSTOM_FIELDS);
    const child = spawn(process.execPath, [CLI, 'sql', '--data', data, '--json', 'SELECT * FROM vpc_flow_logs'], {
      cwd: tempDir(),
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, string | null]>(resolve =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    assert.equal(signal, null, stderr);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
    assert.match(stderr, /row\(s\) \(partial: .*cancel/i);
  });
});

// Runs the `irp` CLI in-process, as a shell would run it, with its exit code and both outputs captured.
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const run: CliRun = { code: -1, stdout: '', stderr: '' };
  run.code = await main(args, {
    stdout: t => {
      run.stdout += t;
    },
    stderr: t => {
      run.stderr += t;
    },
    cwd,
    env,
  });
  return run;
}

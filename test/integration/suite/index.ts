// Entry point the extension host loads (extensionTestsPath): runs every *.test.js beside this file with mocha.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import { withScriptedWindow } from './helpers';

export function run(): Promise<void> {
  // code-server forwards console output without printf formatting; mocha's reporter relies on %s/%d.
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...args: unknown[]) =>
    console.log(util.format(...args));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000 });
  // Every test runs with a fresh scripted window and fails on a prompt or an error message it did not expect.
  mocha.suite.on('pre-require', (context: Mocha.MochaGlobals) => {
    const it = context.it;
    const checked = ((title: string, fn?: Mocha.AsyncFunc) =>
      it(
        title,
        fn &&
          function (this: Mocha.Context) {
            return withScriptedWindow(() => fn.call(this));
          },
      )) as Mocha.TestFunction;
    context.it = Object.assign(checked, { only: it.only, skip: it.skip, retries: it.retries });
  });
  const filter = process.env.IRP_TEST_FILTER ? new RegExp(process.env.IRP_TEST_FILTER) : undefined;
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js') && (!filter || filter.test(file))) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    let passes = 0;
    const failed: { title: string; error: string }[] = [];
    const runner = mocha.run(failures => {
      const resultsFile = process.env.IRP_TEST_RESULTS;
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passes, failures, failed }, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => {
      passes++;
    });
    runner.on('fail', (test, err) => failed.push({ title: test.fullTitle(), error: String(err?.stack ?? err) }));
  });
}

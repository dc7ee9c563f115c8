// The small runner the script-driven tests share (the UI test, the packaging test): named checks that log `ok` or
// `FAIL` with the time since start, a count of both, and polling for something that appears asynchronously.

/** A run labelled `label` in its log lines; `finish()` prints the counts and exits 1 when any check failed. */
export function checkRun(label) {
  const started = Date.now();
  const log = m => console.log(`[${label} +${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
  const results = { passed: 0, failed: 0 };

  /** Runs one named check; a throw fails it (and is logged) without stopping the run. Resolves to whether it passed. */
  async function check(name, fn) {
    try {
      await fn();
      results.passed++;
      log(`ok  ${name}`);
      return true;
    } catch (e) {
      results.failed++;
      log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
      return false;
    }
  }

  /** Counts a failure outside any check (setup or teardown that threw). */
  function fail(what, e) {
    results.failed++;
    log(`FAIL ${what}: ${e instanceof Error ? e.stack : e}`);
  }

  function finish() {
    console.log(`${results.passed} passed, ${results.failed} failed`);
    process.exit(results.failed ? 1 : 0);
  }

  return { log, check, fail, finish, failed: () => results.failed > 0 };
}

/** Polls `probe` every 250 ms until it returns something truthy, and returns that; throws after `timeoutMs`. */
export async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

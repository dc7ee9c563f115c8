import assert from 'node:assert/strict';
import { InjectTimer, type Clock } from '../../../src/core/tabletop/injectTimer';
import { bundledScenario } from './helpers';

/** A clock the test advances by hand: what is due runs, in order. */
function manualClock(): Clock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout: (run, ms) => {
      due.set(++next, { at: now + ms, run });
      return next;
    },
    clearTimeout: handle => due.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        due.delete(id);
        t.run();
      }
    },
    pending: () => due.size,
  };
}

describe('tabletop inject timer', () => {
  it('releases each remaining inject at its offset, counted from the latest one already out', () => {
    const scenario = bundledScenario();
    const clock = manualClock();
    const timer = new InjectTimer(clock);
    const released: string[] = [];
    // T+00:00 and T+00:10 are out; T+00:25 is due 15 minutes from now, T+00:40 30 minutes from now.
    const count = timer.start(
      scenario,
      [
        { id: 'page', at: '2026-12-07T06:00:00Z' },
        { id: 'bill', at: '2026-12-07T06:10:00Z' },
      ],
      async id => {
        released.push(id);
      },
    );
    assert.equal(count, scenario.injects.length - 2);
    assert.ok(timer.running);
    clock.advance(14 * 60_000);
    assert.deepEqual(released, []);
    clock.advance(60_000);
    assert.deepEqual(released, ['nat-alarms']);
    clock.advance(15 * 60_000);
    assert.deepEqual(released, ['nat-alarms', 'guardduty-instance']);
    timer.stop();
    assert.equal(clock.pending(), 0);
    assert.equal(timer.running, false);
    clock.advance(24 * 3600_000);
    assert.deepEqual(released, ['nat-alarms', 'guardduty-instance'], 'nothing after stop');
  });

  it('starts from the first inject when none is out, and a new start replaces the old schedule', () => {
    const scenario = bundledScenario();
    const clock = manualClock();
    const timer = new InjectTimer(clock);
    const released: string[] = [];
    timer.start(scenario, [], async id => {
      released.push(id);
    });
    timer.start(scenario, [], async id => {
      released.push(id);
    });
    assert.equal(clock.pending(), scenario.injects.length);
    clock.advance(0);
    assert.deepEqual(released, ['page']);
    clock.advance(10 * 60_000);
    assert.deepEqual(released, ['page', 'bill']);
  });
});

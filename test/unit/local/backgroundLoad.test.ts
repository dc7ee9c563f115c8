// What a run does about the load the worker runs after a first answer read from the files.
import assert from 'node:assert/strict';
import type { LoadStatus } from '../../../src/core/engine/types';
import { waitsForLoad } from '../../../src/core/local/backgroundLoad';

const at = (bytesDone: number, bytesTotal = 100): LoadStatus => ({
  filesDone: 0,
  filesTotal: 10,
  bytesDone,
  bytesTotal,
  bytesPerSecond: 1,
});

describe('a run during the load after a first answer', () => {
  it('waits for a load at least half done, and stops one that has just begun', () => {
    assert.equal(waitsForLoad(at(50), false), true);
    assert.equal(waitsForLoad(at(90), false), true);
    assert.equal(waitsForLoad(at(49), false), false);
    assert.equal(waitsForLoad(undefined, false), false, 'no progress yet');
    assert.equal(waitsForLoad(at(0, 0), false), false);
  });

  it('always waits when the run asks for the cache (irp after its answer)', () => {
    assert.equal(waitsForLoad(undefined, true), true);
    assert.equal(waitsForLoad(at(1), true), true);
  });
});

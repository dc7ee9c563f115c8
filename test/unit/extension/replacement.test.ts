import assert from 'node:assert/strict';
import { smallestReplacement, type Replacement } from '../../../src/core/report/replacement';

function apply(text: string, r: Replacement | undefined): string {
  return r ? text.slice(0, r.start) + r.newText + text.slice(r.end) : text;
}

describe('smallestReplacement', () => {
  it('returns nothing for equal texts', () => {
    assert.equal(smallestReplacement('same', 'same'), undefined);
  });

  it('covers only the changed middle', () => {
    const r = smallestReplacement('- **Status:** not started\nNotes', '- **Status:** done\nNotes');
    assert.deepEqual(r, { start: 14, end: 25, newText: 'done' });
  });

  it('handles pure insertions and deletions at either end', () => {
    for (const [before, after] of [
      ['abc', 'abcdef'],
      ['abcdef', 'abc'],
      ['abc', 'xyzabc'],
      ['xyzabc', 'abc'],
      ['', 'new'],
      ['old', ''],
    ]) {
      assert.equal(apply(before, smallestReplacement(before, after)), after, `${before} → ${after}`);
    }
  });

  it('handles repeated characters where prefix and suffix overlap', () => {
    for (const [before, after] of [
      ['aaa', 'aaaa'],
      ['aaaa', 'aa'],
      ['abab', 'ab'],
      ['\n\n', '\n\n\n'],
    ]) {
      const r = smallestReplacement(before, after)!;
      assert.ok(r.start <= r.end);
      assert.equal(apply(before, r), after);
    }
  });

  it('never splits a surrogate pair', () => {
    const before = 'note: 😀 ok';
    const after = 'note: 😃 ok';
    const r = smallestReplacement(before, after)!;
    assert.equal(apply(before, r), after);
    assert.equal(r.newText, '😃');
  });
});

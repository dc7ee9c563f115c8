// encodeLine, the encoding of every value the report writes on one line: plain text stays as it is (the common case,
// taken without walking the characters) and every character that could change the markdown is escaped.
import assert from 'node:assert/strict';
import { decodeLine, encodeLine } from '../../../src/core/report/escape';

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

describe('encodeLine', () => {
  it('writes plain ASCII values (times, ids, timeline rows) as they are', () => {
    for (const value of [
      '',
      '2026-11-29T10:00:00.000Z',
      'run run-1-2 (step step-1)',
      'Query q-1 on athena in step step-3: 1201 row(s), partial',
      'arn:aws:iam::123456789012:user/someone',
      '198.51.100.7 {x} ^ @ = + ; ? % # " \' !',
      'snake_case_name',
      'a & b',
    ])
      assert.equal(encodeLine(value), value);
  });

  it('escapes each markdown character wherever it sits, and references blanks at either end', () => {
    for (const c of ['\\', '`', '*', '[', ']', '<', '>', '|', '~', '$']) {
      assert.equal(encodeLine(c), `\\${c}`);
      assert.equal(encodeLine(`a${c}b`), `a\\${c}b`);
    }
    assert.equal(encodeLine('_x_'), '\\_x\\_');
    assert.equal(encodeLine('a&b'), 'a\\&b');
    assert.equal(encodeLine('&#38;'), '\\&#38;');
    assert.equal(encodeLine(' a '), '&#32;a&#32;');
    assert.equal(encodeLine('\ta'), '&#9;a');
    assert.equal(encodeLine('a:b', ':'), 'a\\:b');
    assert.equal(encodeLine('a\nb\u0085'), 'a&#10;b&#133;');
  });

  it('reads back every pair of printable ASCII characters, at the edges and inside', () => {
    for (const a of PRINTABLE)
      for (const b of PRINTABLE)
        for (const value of [a + b, `x${a}${b}y`, `${a}x${b}`]) assert.equal(decodeLine(encodeLine(value)), value);
  });
});

import * as assert from 'node:assert/strict';
import { MAX_PATTERN_INPUT, SafePattern, isPatternProblem } from '../../../src/core/safePattern';

/** Patterns a backtracking engine can take exponential or polynomial time on, with the reason's key words. */
const EVIL: [string, RegExp][] = [
  ['(a+)+b', /nested quantifiers/],
  ['(a*)*b', /nested quantifiers/],
  ['(?:a{1,5}){1,5}x', /nested quantifiers/],
  ['(\\w+\\s?)*$', /nested quantifiers/],
  ['(a|a)*', /alternatives "a" and "a" can start the same way inside a repeat/],
  ['(a|ab)*c', /alternatives "a" and "ab" can start the same way inside a repeat/],
  ['(?:x|[a-z])+1', /can start the same way inside a repeat/],
  ['(a?)*', /nested quantifiers/],
  ['(?:a*)?(?:b*)?c', /can match empty text/],
  ['(|a)+', /alternatives "" and "a" can start the same way/],
  ['a*a*b', /can also consume "a"/],
  ['\\d+\\d+x', /can also consume "0"/],
  ['.*x.*y', /can also consume "x".*One such repeat is allowed/],
  ['.*a{17}', /can also consume "a"/],
  ['(?:x.*)*y', /nested quantifiers/],
  ['a?a?a?aaa', /can also consume "a"/],
  ['(a)\\1', /backreference/],
  ['(?<x>a)\\k<x>', /named backreferences/],
  ['a(?=b)', /lookarounds/],
  ['(?<!a)b', /lookarounds/],
  ['(?:a|a)(?:a|a)(?:a|a)(?:a|a)(?:a|a)b', /more than 16 combinations/],
  ['a{1001}', /above 1000/],
];

const ORDINARY = [
  '^[A-Za-z0-9+=,.@_-]{1,64}$',
  '^[A-Za-z]+$',
  '[a-z]+',
  'a|b',
  '12:47(:55)?',
  '12:4\\d',
  '[\\w+=,.@-]{1,64}',
  'vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})',
  '[a-z][a-z0-9-]*\\.[a-z0-9]+',
  '[\\w .-]{1,255}',
  'AKIA[A-Z0-9]{16}',
  '(?:\\d{1,3}\\.){3}\\d{1,3}',
  '0\\.0\\.0\\.0/0',
  '(203\\.0\\.113\\.7|198\\.51\\.100\\.7)',
  'sg-[0-9a-f]+',
  '^arn:aws:iam::\\d{12}:user/[\\w+=,.@-]+$',
  'port 22\\b',
  '(?<port>\\d+)/tcp',
  '[^,]*,',
  '(?:[0-9a-f]{4}:){7}[0-9a-f]{4}',
  '((ab)*c)*d',
  'AuthorizeSecurityGroupIngress.*0\\.0\\.0\\.0/0',
  'error.*denied',
  '.*a{16}',
  '12:4.?7',
  'ssh.*',
  'a\\u00e9\\x41\\n[\\b]\\t',
  '(?:ab|c)*d',
  '\\{\\}',
  'x{2,}',
];

describe('SafePattern', () => {
  it('refuses every evil pattern, with the construct, the reason and a rewrite', () => {
    for (const [source, reason] of EVIL) {
      const result = SafePattern.compile(source);
      assert.ok(isPatternProblem(result), `${source} should be refused`);
      assert.match(result.message, reason, source);
      assert.match(result.message, /^is refused at character \d+: /, source);
    }
  });

  it('names the offending construct and its offset for (a+)+b', () => {
    const result = SafePattern.compile('x(a+)+b');
    assert.ok(isPatternProblem(result));
    assert.equal(result.offset, 1);
    assert.match(result.message, /character 2: .*"\(a\+\)\+" repeats a part that itself repeats.*Use one repeat/);
  });

  it('accepts the patterns playbooks and scenarios use, and they match as before', () => {
    for (const source of ORDINARY) {
      const result = SafePattern.compile(source);
      assert.ok(!isPatternProblem(result), `${source}: ${isPatternProblem(result) ? result.message : ''}`);
    }
    const ip = SafePattern.compile('(?:\\d{1,3}\\.){3}\\d{1,3}', { whole: true }) as SafePattern;
    assert.equal(ip.test('198.51.100.7'), true);
    assert.equal(ip.test('198.51.100.7x'), false);
  });

  it('checks case-insensitive patterns with both cases of a letter', () => {
    assert.ok(!isPatternProblem(SafePattern.compile('[a-z]+A')));
    assert.ok(!isPatternProblem(SafePattern.compile('[a-z]+1', { ignoreCase: true })));
    assert.ok(!isPatternProblem(SafePattern.compile('[a-z]*Q+')));
    const folded = SafePattern.compile('[a-z]*Q+', { ignoreCase: true });
    assert.ok(isPatternProblem(folded));
    assert.match(folded.message, /can also consume "Q"/);
    assert.ok(isPatternProblem(SafePattern.compile('(?:é|É)*', { ignoreCase: true })));
  });

  it('reports a syntax error as such', () => {
    const result = SafePattern.compile('([');
    assert.ok(isPatternProblem(result));
    assert.match(result.message, /^is not a valid regular expression/);
    assert.ok(isPatternProblem(SafePattern.compile('a)|(b', { whole: true })), 'the wrapper must not fix the text');
    const long = SafePattern.compile('a'.repeat(1001));
    assert.ok(isPatternProblem(long));
    assert.equal(long.message, 'is longer than 1000 characters');
  });

  it('bounds the text a pattern runs on', () => {
    const whole = SafePattern.compile('a+', { whole: true }) as SafePattern;
    assert.equal(whole.test('a'.repeat(MAX_PATTERN_INPUT)), true);
    assert.equal(whole.test('a'.repeat(MAX_PATTERN_INPUT + 1)), false);
    const search = SafePattern.compile('b', { ignoreCase: true }) as SafePattern;
    assert.equal(search.search(`${'a'.repeat(10)}B`), 10);
    assert.equal(search.search(`${'a'.repeat(MAX_PATTERN_INPUT)}b`), -1);
  });
});

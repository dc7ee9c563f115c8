// Reads a JavaScript regular expression (no flags but `i`) into the few shapes the backtracking check reasons
// about: sets of characters, zero-width assertions, sequences, alternations and repeats. The pattern has already
// compiled, so this reader does not re-check JavaScript's grammar; it refuses, with the offset of the construct,
// what it will not reason about (backreferences, lookarounds, octal escapes, huge counts), and reads everything else
// the way JavaScript does.
import { type CharSet, DIGIT, DOT, SPACE, WORD, chars, complement, range, union } from './charSet';

interface Span {
  /** Offsets in the pattern text, for messages that quote the construct. */
  start: number;
  end: number;
}

export type PatternNode = Span &
  (
    | { kind: 'chars'; set: CharSet }
    | { kind: 'assert' }
    | { kind: 'seq'; items: PatternNode[] }
    | { kind: 'alt'; branches: PatternNode[] }
    | { kind: 'repeat'; body: PatternNode; min: number; max: number }
  );

/** Why a pattern is refused, and where. */
export interface PatternRefusal {
  offset: number;
  reason: string;
}

/** Highest repeat count accepted: larger ones make the compiled expression huge. */
const MAX_REPEAT_COUNT = 1000;

class Refused extends Error {
  constructor(readonly refusal: PatternRefusal) {
    super(refusal.reason);
  }
}

const CLASS_ESCAPES: Record<string, CharSet> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};
const CONTROL_ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };
const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

export function parsePattern(source: string): PatternNode | PatternRefusal {
  try {
    return new Reader(source).read();
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

export function isRefusal(x: PatternNode | PatternRefusal): x is PatternRefusal {
  return 'reason' in x;
}

class Reader {
  private pos = 0;

  constructor(private readonly src: string) {}

  read(): PatternNode {
    const node = this.alternation();
    if (this.pos < this.src.length) this.refuse(this.pos, 'a ")" closes no group');
    return node;
  }

  private refuse(offset: number, reason: string): never {
    throw new Refused({ offset, reason });
  }

  private alternation(): PatternNode {
    const start = this.pos;
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches, start, end: this.pos };
  }

  private sequence(): PatternNode {
    const start = this.pos;
    const items: PatternNode[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items, start, end: this.pos };
  }

  private quantified(atom: PatternNode): PatternNode {
    const at = this.pos;
    const c = this.src[at];
    let min: number, max: number;
    const counted = c === '{' ? QUANTIFIER.exec(this.src.slice(at)) : null;
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = c === '+' ? [1, Infinity] : [0, c === '*' ? Infinity : 1];
      this.pos++;
    } else if (counted) {
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] === '' ? Infinity : Number(counted[3]);
      if (Math.max(min, max === Infinity ? 0 : max) > MAX_REPEAT_COUNT) {
        this.refuse(at, `the count ${counted[0]} is above ${MAX_REPEAT_COUNT}`);
      }
      this.pos += counted[0].length;
    } else {
      return atom;
    }
    if (atom.kind === 'assert') this.refuse(at, 'an anchor cannot be repeated');
    if (this.src[this.pos] === '?') this.pos++; // lazy: tries the same splits in another order
    return { kind: 'repeat', body: atom, min, max, start: atom.start, end: this.pos };
  }

  private atom(): PatternNode {
    const start = this.pos;
    const c = this.src[this.pos++];
    const chars_ = (set: CharSet): PatternNode => ({ kind: 'chars', set, start, end: this.pos });
    switch (c) {
      case '(':
        return this.group(start);
      case '[':
        return this.charClass(start);
      case '.':
        return chars_(DOT);
      case '^':
      case '$':
        return { kind: 'assert', start, end: this.pos };
      case '\\': {
        const e = this.src[this.pos];
        if (e === 'b' || e === 'B') {
          this.pos++;
          return { kind: 'assert', start, end: this.pos };
        }
        return chars_(this.escape(start));
      }
      case '*':
      case '+':
      case '?':
        return this.refuse(start, `"${c}" repeats nothing`);
      default:
        return chars_(chars(c.charCodeAt(0)));
    }
  }

  private group(start: number): PatternNode {
    if (this.src.startsWith('?:', this.pos)) {
      this.pos += 2;
    } else if (/^\?<[A-Za-z_$]/.test(this.src.slice(this.pos))) {
      this.pos = this.src.indexOf('>', this.pos) + 1;
    } else if (this.src[this.pos] === '?') {
      const lookaround = /^\?<?[=!]/.test(this.src.slice(this.pos));
      this.refuse(
        start,
        lookaround
          ? 'lookarounds ((?=, (?!, (?<=, (?<!) are not supported'
          : `the group "${this.src.slice(start, start + 4)}" is not supported`,
      );
    }
    const inner = this.alternation();
    if (this.src[this.pos] !== ')') this.refuse(start, 'a "(" is not closed');
    this.pos++;
    return { ...inner, start, end: this.pos };
  }

  private charClass(start: number): PatternNode {
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    const parts: CharSet[] = [];
    while (this.src[this.pos] !== ']') {
      if (this.pos >= this.src.length) this.refuse(start, 'a "[" is not closed');
      const lo = this.classAtom();
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const hi = this.classAtom();
        // JavaScript reads a range with a class escape at either end (`[\w-z]`) as both ends and a "-".
        parts.push(
          typeof lo === 'number' && typeof hi === 'number' ? range(lo, hi) : union(toSet(lo), toSet(hi), chars(0x2d)),
        );
      } else {
        parts.push(toSet(lo));
      }
    }
    this.pos++;
    const set = union(...parts);
    return { kind: 'chars', set: negated ? complement(set) : set, start, end: this.pos };
  }

  /** One member of a class: a code unit, or a set for `\d`, `\w`, `\s` and their negations. */
  private classAtom(): number | CharSet {
    const start = this.pos;
    const c = this.src[this.pos++];
    if (c !== '\\') return c.charCodeAt(0);
    if (this.src[this.pos] === 'b') {
      this.pos++;
      return 0x08; // backspace inside a class
    }
    const set = this.escape(start);
    return set.length === 1 && set[0][0] === set[0][1] ? set[0][0] : set;
  }

  /** The escape after a backslash at `start` (the reader stands just after the backslash). */
  private escape(start: number): CharSet {
    const e = this.src[this.pos++] ?? '';
    const hex = (n: number) => {
      const digits = this.src.slice(this.pos, this.pos + n);
      if (digits.length !== n || !/^[0-9A-Fa-f]+$/.test(digits)) {
        this.refuse(start, `write "\\${e}" with ${n} hex digits`);
      }
      this.pos += n;
      return chars(parseInt(digits, 16));
    };
    if (e in CLASS_ESCAPES) return CLASS_ESCAPES[e];
    if (e in CONTROL_ESCAPES) return chars(CONTROL_ESCAPES[e]);
    if (e === 'x') return hex(2);
    if (e === 'u') return hex(4);
    if (e === '0' && !/[0-9]/.test(this.src[this.pos] ?? '')) return chars(0);
    if (/[0-9]/.test(e)) {
      return this.refuse(start, `"\\${e}" is a backreference (or an octal escape); write a character as \\xHH`);
    }
    if (e === 'k') return this.refuse(start, 'named backreferences (\\k<name>) are not supported');
    if (e === 'c' && /[A-Za-z]/.test(this.src[this.pos] ?? '')) return chars(this.src.charCodeAt(this.pos++) % 32);
    if (/[A-Za-z]/.test(e)) return this.refuse(start, `"\\${e}" is not an escape patterns here support`);
    if (e === '') return this.refuse(start, 'the pattern ends with a lone "\\"');
    return chars(e.charCodeAt(0));
  }
}

function toSet(x: number | CharSet): CharSet {
  return typeof x === 'number' ? chars(x) : x;
}

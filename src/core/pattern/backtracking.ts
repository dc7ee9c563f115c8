// Whether a backtracking engine (JavaScript's) can take more than linear time per start position on a pattern.
// The pattern is accepted only when it is deterministic enough: at every point where the engine chooses (repeat
// once more or stop, which alternative), the next character settles the choice, with two bounded exceptions. Such
// a pattern never retries a split of the text, so a failing match costs at most a constant times the text's length.
// The rules, in the order they are checked:
//   - a repeat that can iterate may hold another variable repeat only when the next character settles the inner
//     repeat too (`(?:\d{1,3}\.){3}` yes; `(a+)+`, `(\w+\s?)*` no: nested quantifiers);
//   - a variable repeat may not match empty text (`(a?)*`, `(?:a*)?`);
//   - a variable repeat may not consume a character that can follow it (`a*a`, `(\w+\s?)*$`), except one, outside
//     any iterating repeat, followed by at most MAX_TAIL characters (`error.*denied`: each split costs a few steps);
//   - inside a repeat, alternatives may not start with the same character (`(a|ab)*`);
//   - elsewhere, alternations whose alternatives start alike multiply the work: their product stays small.
import { type CharSet, EMPTY, caseFolded, overlaps, sharedChar, union } from './charSet';
import type { PatternNode, PatternRefusal } from './patternSyntax';

/** Most combinations of alike-starting alternatives (outside repeats) one match may try. */
const MAX_ALIKE_COMBINATIONS = 16;
/**
 * Longest text that may follow the one repeat allowed to consume what follows it: every split it gives back costs
 * up to this many steps, so `error.*denied` is cheap while `.*a{100}` is not.
 */
const MAX_TAIL = 16;

/** What can come right after a node: its first characters, and how long the rest of the match can be. */
interface Follow {
  chars: CharSet;
  maxLength: number;
}

interface Shape {
  nullable: boolean;
  /** Characters the node's first step can consume. */
  first: CharSet;
  /** Whether the node holds a repeat whose count is not fixed. */
  variable: boolean;
  /** Longest text the node can match (Infinity for an unbounded repeat). */
  maxLength: number;
}

export function checkBacktracking(root: PatternNode, source: string, ignoreCase: boolean): PatternRefusal | undefined {
  return new Checker(source, ignoreCase).check(root);
}

class Checker {
  private readonly shapes = new Map<PatternNode, Shape>();
  private combinations = 1;
  /** The repeat already allowed to consume what follows it. */
  private overlapping: PatternNode | undefined;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
  ) {}

  check(root: PatternNode): PatternRefusal | undefined {
    return this.walk(root, { chars: EMPTY, maxLength: 0 }, false);
  }

  private quote(node: PatternNode): string {
    const text = this.source.slice(node.start, node.end);
    return `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}"`;
  }

  private shape(node: PatternNode): Shape {
    let s = this.shapes.get(node);
    if (s) return s;
    switch (node.kind) {
      case 'chars':
        s = {
          nullable: false,
          first: this.ignoreCase ? caseFolded(node.set) : node.set,
          variable: false,
          maxLength: 1,
        };
        break;
      case 'assert':
        s = { nullable: true, first: EMPTY, variable: false, maxLength: 0 };
        break;
      case 'seq': {
        const firsts: CharSet[] = [];
        let nullable = true;
        for (const item of node.items) {
          if (!nullable) break;
          firsts.push(this.shape(item).first);
          nullable = this.shape(item).nullable;
        }
        s = {
          nullable,
          first: union(...firsts),
          variable: node.items.some(i => this.shape(i).variable),
          maxLength: node.items.reduce((sum, i) => sum + this.shape(i).maxLength, 0),
        };
        break;
      }
      case 'alt': {
        const shapes = node.branches.map(b => this.shape(b));
        s = {
          nullable: shapes.some(b => b.nullable),
          first: union(...shapes.map(b => b.first)),
          variable: shapes.some(b => b.variable),
          maxLength: Math.max(...shapes.map(b => b.maxLength)),
        };
        break;
      }
      case 'repeat': {
        const body = this.shape(node.body);
        s = {
          nullable: node.min === 0 || body.nullable,
          first: body.first,
          variable: node.min !== node.max || body.variable,
          maxLength: body.maxLength === 0 ? 0 : node.max * body.maxLength,
        };
        break;
      }
    }
    this.shapes.set(node, s);
    return s;
  }

  private walk(node: PatternNode, follow: Follow, inRepeat: boolean): PatternRefusal | undefined {
    switch (node.kind) {
      case 'chars':
      case 'assert':
        return undefined;
      case 'seq': {
        let after = follow;
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          const problem = this.walk(item, after, inRepeat);
          if (problem) return problem;
          const s = this.shape(item);
          after = {
            chars: s.nullable ? union(s.first, after.chars) : s.first,
            maxLength: s.maxLength + after.maxLength,
          };
        }
        return undefined;
      }
      case 'alt':
        return this.alternation(node, follow, inRepeat);
      case 'repeat':
        return this.repeat(node, follow, inRepeat);
    }
  }

  private repeat(
    node: PatternNode & { kind: 'repeat' },
    follow: Follow,
    inRepeat: boolean,
  ): PatternRefusal | undefined {
    const body = this.shape(node.body);
    const iterates = node.max > 1;
    const at = (reason: string): PatternRefusal => ({ offset: node.start, reason });
    const next = iterates ? { chars: union(body.first, follow.chars), maxLength: Infinity } : follow;
    const inner = this.walk(node.body, next, inRepeat || iterates);
    if (inner && iterates && body.variable) {
      return at(
        `${this.quote(node)} repeats a part that itself repeats a variable number of times (nested ` +
          'quantifiers), and the two can share the same text: a failing match tries every way of sharing it. ' +
          'Use one repeat ("a+" rather than "(a+)+"), or make what ends the inner repeat differ from what it repeats',
      );
    }
    if (inner) return inner;
    if (node.min !== node.max && body.nullable) {
      return at(
        `${this.quote(node)} repeats a part that can match empty text, so it matches empty text in many ways. ` +
          'Make the repeated part consume at least one character',
      );
    }
    const shared = node.min !== node.max ? sharedChar(body.first, follow.chars) : undefined;
    if (shared === undefined) return undefined;
    if (!inRepeat && !this.overlapping && follow.maxLength <= MAX_TAIL) {
      this.overlapping = node;
      return undefined;
    }
    return at(
      `${this.quote(node)} can also consume "${String.fromCharCode(shared)}", which may come right after it, ` +
        'so a failing match tries every split of the text between them. Leave out of the repeated part what ' +
        'follows it ("[^,]*," rather than ".*,"; a leading ".*" is not needed in a search). One such repeat is ' +
        `allowed, outside other repeats, when at most ${MAX_TAIL} characters follow it`,
    );
  }

  private alternation(
    node: PatternNode & { kind: 'alt' },
    follow: Follow,
    inRepeat: boolean,
  ): PatternRefusal | undefined {
    for (const branch of node.branches) {
      const problem = this.walk(branch, follow, inRepeat);
      if (problem) return problem;
    }
    const starts = node.branches.map(b => {
      const s = this.shape(b);
      return { branch: b, nullable: s.nullable, first: s.nullable ? union(s.first, follow.chars) : s.first };
    });
    const clash = starts
      .flatMap((a, i) => starts.slice(i + 1).map(b => [a, b] as const))
      .find(([a, b]) => (a.nullable && b.nullable) || overlaps(a.first, b.first));
    if (!clash) return undefined;
    const [a, b] = clash;
    const alike = `the alternatives ${this.quote(a.branch)} and ${this.quote(b.branch)} can start the same way`;
    if (inRepeat) {
      return {
        offset: node.start,
        reason:
          `${alike} inside a repeat, so a failing match tries exponentially many ` +
          'combinations. Make every alternative start with a different character ("(?:ab|c)*" rather than "(a|ab)*")',
      };
    }
    this.combinations *= node.branches.length;
    if (this.combinations <= MAX_ALIKE_COMBINATIONS) return undefined;
    return {
      offset: node.start,
      reason:
        `${alike}, and with the other such alternations a failing match tries more ` +
        `than ${MAX_ALIKE_COMBINATIONS} combinations. Make alternatives start with different characters`,
    };
  }
}

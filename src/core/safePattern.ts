// The one place a regular expression written by a user (a playbook parameter's `pattern`, a tabletop `matches:`)
// is compiled. JavaScript's engine backtracks, so a pattern such as `(a+)+b` takes exponential time on a short
// text; a shared playbook is untrusted, so such patterns are refused here, with the reason and the offset, before
// anything runs. The text a pattern runs on is bounded too. See pattern/backtracking.ts for the rules.
import { checkBacktracking } from './pattern/backtracking';
import { isRefusal, parsePattern } from './pattern/patternSyntax';

/** Longest pattern accepted. */
const MAX_PATTERN_LENGTH = 1000;
/** Longest text a pattern runs on: a whole-value match refuses longer text, a search looks at this many first. */
export const MAX_PATTERN_INPUT = 1000;

interface PatternProblem {
  /** Offset in the pattern text of the construct at fault. */
  offset: number;
  /** What is wrong and how to rewrite it, worded to follow "the pattern" ("is refused at character 3: ..."). */
  message: string;
}

export interface PatternOptions {
  /** The pattern must match the whole text (a parameter value), not somewhere in it (a line of a report). */
  whole?: boolean;
  ignoreCase?: boolean;
}

export class SafePattern {
  private constructor(
    private readonly re: RegExp,
    private readonly whole: boolean,
  ) {}

  /** Compiles a user's pattern, or says why it is refused. */
  static compile(source: string, options: PatternOptions = {}): SafePattern | PatternProblem {
    if (source.length > MAX_PATTERN_LENGTH) {
      return { offset: MAX_PATTERN_LENGTH, message: `is longer than ${MAX_PATTERN_LENGTH} characters` };
    }
    const flags = options.ignoreCase ? 'i' : '';
    let re: RegExp;
    try {
      re = new RegExp(options.whole ? `^(?:${source})$` : source, flags);
      new RegExp(source, flags); // the wrapper must not be what makes the text valid (`a)|(b`)
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { offset: 0, message: `is not a valid regular expression (${why})` };
    }
    const tree = parsePattern(source);
    const refusal = isRefusal(tree) ? tree : checkBacktracking(tree, source, options.ignoreCase ?? false);
    if (refusal) {
      return { offset: refusal.offset, message: `is refused at character ${refusal.offset + 1}: ${refusal.reason}` };
    }
    return new SafePattern(re, options.whole ?? false);
  }

  /** Where the pattern first matches in `text` (-1: nowhere, or a whole-value match on text over the bound). */
  search(text: string): number {
    if (this.whole && text.length > MAX_PATTERN_INPUT) return -1;
    return this.re.exec(text.slice(0, MAX_PATTERN_INPUT))?.index ?? -1;
  }

  test(text: string): boolean {
    return this.search(text) >= 0;
  }
}

export function isPatternProblem(x: SafePattern | PatternProblem): x is PatternProblem {
  return !(x instanceof SafePattern);
}

// Sets of UTF-16 code units as sorted, disjoint, inclusive ranges: what a regular expression atom (a letter, a class,
// `.`, `\w`) can consume. The backtracking check only asks whether two such sets share a character.

export type CharSet = ReadonlyArray<readonly [number, number]>;

const MAX_UNIT = 0xffff;

export const EMPTY: CharSet = [];

export function range(lo: number, hi: number): CharSet {
  return lo <= hi ? [[lo, hi]] : EMPTY;
}

export function chars(...units: number[]): CharSet {
  return union(...units.map(u => range(u, u)));
}

export function union(...sets: CharSet[]): CharSet {
  const all = sets
    .flat()
    .map(([lo, hi]) => [lo, hi] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

export function overlaps(a: CharSet, b: CharSet): boolean {
  return a.some(([lo, hi]) => b.some(([lo2, hi2]) => lo <= hi2 && lo2 <= hi));
}

/** One character the two sets share, for messages; undefined when they share none. */
export function sharedChar(a: CharSet, b: CharSet): number | undefined {
  for (const [lo, hi] of a) {
    for (const [lo2, hi2] of b) if (lo <= hi2 && lo2 <= hi) return Math.max(lo, lo2);
  }
  return undefined;
}

const A = 0x41,
  Z = 0x5a,
  LOWER = 0x20;

/**
 * The set as the `i` flag matches it. Without the `u` flag JavaScript never folds a non-ASCII character to an
 * ASCII one, so ASCII letters fold to their other case; for the rest, any non-ASCII character may fold to any other
 * (deliberately wider than the real case tables: the check may refuse more, never less).
 */
export function caseFolded(set: CharSet): CharSet {
  const letters = set.flatMap(([lo, hi]) => {
    const upper = range(Math.max(lo, A), Math.min(hi, Z));
    const lower = range(Math.max(lo, A + LOWER), Math.min(hi, Z + LOWER));
    return [
      ...upper.map(([l, h]) => [l + LOWER, h + LOWER] as const),
      ...lower.map(([l, h]) => [l - LOWER, h - LOWER] as const),
    ];
  });
  const nonAscii = set.some(([, hi]) => hi >= 0x80) ? range(0x80, MAX_UNIT) : EMPTY;
  return union(set, letters, nonAscii);
}

const code = (c: string) => c.charCodeAt(0);
export const DIGIT = range(code('0'), code('9'));
export const WORD = union(DIGIT, range(A, Z), range(A + LOWER, Z + LOWER), chars(code('_')));
/** What `\s` matches: the ECMAScript WhiteSpace and LineTerminator characters. */
export const SPACE = union(
  range(0x09, 0x0d),
  chars(0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff),
  range(0x2000, 0x200a),
);
/** What `.` matches without the `s` flag: anything but a line terminator. */
export const DOT = complement(chars(0x0a, 0x0d, 0x2028, 0x2029));

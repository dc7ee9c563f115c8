// Pairs the lines of a region as it is in the file with the lines the extension would write for it (a longest common
// subsequence), so an update can tell the extension's own lines from lines a person typed into the region.

/** Above this many line pairs the table would cost too much memory: lines are then left unpaired (kept as foreign). */
const MAX_CELLS = 2_000_000;

/**
 * For each line of `a`, the index of the line of `b` it is paired with, or -1. Only pairs with `same` true are made,
 * in order, as many as possible. Lines equal at both ends are paired first, so usual regions never need the table.
 */
function pairLines(
  a: string[],
  b: string[],
  same: (x: string, y: string) => boolean,
  into: number[],
  aIndex: number[],
  bIndex: number[],
): void {
  let head = 0;
  while (head < aIndex.length && head < bIndex.length && same(a[aIndex[head]], b[bIndex[head]])) {
    into[aIndex[head]] = bIndex[head];
    head++;
  }
  let tail = 0;
  while (
    tail < aIndex.length - head &&
    tail < bIndex.length - head &&
    same(a[aIndex[aIndex.length - 1 - tail]], b[bIndex[bIndex.length - 1 - tail]])
  ) {
    into[aIndex[aIndex.length - 1 - tail]] = bIndex[bIndex.length - 1 - tail];
    tail++;
  }
  const as = aIndex.slice(head, aIndex.length - tail);
  const bs = bIndex.slice(head, bIndex.length - tail);
  const n = as.length;
  const m = bs.length;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = same(a[as[i]], b[bs[j]])
        ? table[(i + 1) * width + j + 1] + 1
        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < n && j < m;) {
    if (same(a[as[i]], b[bs[j]]) && table[i * width + j] === table[(i + 1) * width + j + 1] + 1) {
      into[as[i]] = bs[j];
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) i++;
    else j++;
  }
}

/** A line as the reader sees it: blanks, case and the list bullet do not change what a field or box line says. */
export function looseKey(line: string): string {
  return line
    .replace(/[ \t]+/g, '')
    .replace(/^[*+]/, '-')
    .toLowerCase();
}

/**
 * For each line of `current`, the index of the line of `canonical` that says the same, or -1. Identical lines are
 * paired first; the rest are then paired when they differ only in blanks, case or bullet (a box ticked `[X]`).
 */
export function matchLines(current: string[], canonical: string[], same?: (x: string, y: string) => boolean): number[] {
  const pairs = current.map(() => -1);
  const all = (length: number) => Array.from({ length }, (_, i) => i);
  if (same) {
    pairLines(current, canonical, same, pairs, all(current.length), all(canonical.length));
    return pairs;
  }
  pairLines(current, canonical, (x, y) => x === y, pairs, all(current.length), all(canonical.length));
  const used = new Set(pairs);
  const restA = all(current.length).filter(i => pairs[i] < 0);
  const restB = all(canonical.length).filter(j => !used.has(j));
  pairLines(current, canonical, (x, y) => looseKey(x) === looseKey(y), pairs, restA, restB);
  return pairs;
}

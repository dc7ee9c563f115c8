// Turns "old text → new text" into the one smallest replacement: applied to an open document it moves the user's
// cursor and undo history as little as possible, and it expresses a report update made in several passes (repairs of
// damaged markers, then the update) as one edit of the original text.

export interface Replacement {
  start: number;
  end: number;
  newText: string;
}

/** The range of `before` to replace with `newText` to obtain `after`; undefined when they are equal. */
export function smallestReplacement(before: string, after: string): Replacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair: the editor counts UTF-16 units too, but a half character is not a valid edit.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

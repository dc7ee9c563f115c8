// The words of a `says:` term found in a text the way people write: whole words in any order, case ignored, and a
// word ending in `*` standing for any ending ("delet*" for deleted, deletes, deletion). A word that starts or ends
// with a digit only needs no digit beside it, so "12:47" is found in "2026-11-20T12:47:55Z" but not in "112:470".
// Linear regular expressions built from plain words, so a scenario cannot make scoring slow.

const ALNUM = String.raw`[\p{L}\p{N}]`;
const DIGIT = String.raw`\p{N}`;

function wordPattern(word: string): RegExp {
  const prefix = word.endsWith('*');
  const bare = prefix ? word.slice(0, -1) : word;
  const literal = bare.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/-/g, '\\x2d');
  const before = /^\p{N}/u.test(bare) ? DIGIT : ALNUM;
  const after = /\p{N}$/u.test(bare) ? DIGIT : ALNUM;
  return new RegExp(`(?<!${before})${literal}${prefix ? '' : `(?!${after})`}`, 'iu');
}

/** A test for one term: true when every word of it occurs in the text. */
export function termTest(term: string): (text: string) => boolean {
  const words = term.split(' ').map(wordPattern);
  return text => words.every(w => w.test(text));
}

// Text for the terminal. Log data (cells, error messages that quote it, report fields) is attacker-controlled: a
// control character or bidi override in it could move the cursor, recolour or hide output, so it is shown as an escape.

function isInvisibleControl(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x200e ||
    cp === 0x200f ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

/** Control characters (ESC, CR, LF, bidi overrides...) shown as visible `\uXXXX` escapes. */
export function terminalSafe(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    out += isInvisibleControl(cp) ? `\\u${cp.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** Like terminalSafe, but the text's own line breaks (LF, or CRLF as CSV ends its records) stay line breaks. */
export function terminalSafeLines(s: string): string {
  return s
    .split(/(\r?\n)/)
    .map((part, i) => (i % 2 === 1 ? part : terminalSafe(part)))
    .join('');
}

// Encoding of free text (answers, notes, field values, table cells) into report markdown.
// The encoded text shows the exact characters in a markdown preview, never forms HTML or a block construct
// (heading, list, quote, fence, table), and decodes back to the same string. The decoder undoes only what the
// encoder produces: backslash before the characters below, and numeric character references.

/** Characters escaped with a backslash wherever they appear (`_` only where it could start or end emphasis). */
const ALWAYS_ESCAPED = new Set(['\\', '`', '*', '[', ']', '<', '>', '|', '~', '$']);
/** Everything the encoder may put a backslash in front of (the decoder removes it only before these). */
const DECODABLE = new Set([...ALWAYS_ESCAPED, '_', '&', '#', '-', '+', '=', '.', ')', ':']);
const WORD = /[A-Za-z0-9]/;
/**
 * Printable ASCII with none of the characters the encoder may escape (ALWAYS_ESCAPED, `_`, `&`) and no blank at
 * either end: text the encoder leaves exactly as it is. Most values (times, ids, table cells) are such text, and skipping the character walk for them keeps
 * rendering a long report (its timeline is rendered on every write) cheap.
 */
const UNCHANGED = /^(?! )[ !"#%'()+,\-./0-9:;=?@A-Z^a-z{}]*(?<! )$/;

/** Characters written as `&#N;`: controls (a raw CR or LF would end the line), odd line separators, lone surrogates. */
function needsReference(cp: number): boolean {
  return (
    (cp < 0x20 && cp !== 0x09) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0xfeff ||
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

/**
 * Encodes text to sit inside a line of markdown (after a field label, in a table cell, in a heading).
 * `extra` names more characters to backslash-escape (e.g. ':' in a key). Leading and trailing blanks become
 * references, so editors that trim lines and markdown that strips indentation both leave the value intact.
 */
export function encodeLine(value: string, extra = ''): string {
  if (extra === '' && UNCHANGED.test(value)) return value;
  const chars = Array.from(value);
  let out = '';
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0) as number;
    const atEdge = i === 0 || i === chars.length - 1;
    const next = chars[i + 1] ?? '';
    if (needsReference(cp) || (atEdge && (ch === ' ' || ch === '\t'))) out += `&#${cp};`;
    else if (ALWAYS_ESCAPED.has(ch) || extra.includes(ch)) out += '\\' + ch;
    else if (ch === '_' && !(WORD.test(chars[i - 1] ?? '') && WORD.test(next))) out += '\\_';
    else if (ch === '&' && /[#A-Za-z0-9]/.test(next)) out += '\\&';
    else out += ch;
  });
  return out;
}

/** Encodes text that starts a block (a line of an answer, a nested list item): it must not open a heading or list. */
export function encodeLineStart(value: string, extra = ''): string {
  const line = encodeLine(value, extra);
  if (/^[#\-+=]/.test(line)) return '\\' + line;
  return line.replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2');
}

/**
 * Encodes multi-line text as lines (none for the empty string). A line followed by another non-empty line ends with
 * a backslash, markdown's hard line break, so a preview keeps the text's lines instead of joining them.
 */
export function encodeBlock(value: string): string[] {
  if (value === '') return [];
  const lines = value.split('\n');
  return lines.map((line, i) => encodeLineStart(line) + (line !== '' && (lines[i + 1] ?? '') !== '' ? '\\' : ''));
}

const ENCODED = /\\([\s\S])|&#(\d{1,7});|&#[xX]([0-9a-fA-F]{1,6});|\r/g;

/** Decodes one encoded line. A raw CR is a line-ending artifact (the encoder never writes one) and is dropped. */
export function decodeLine(encoded: string): string {
  return encoded.replace(
    ENCODED,
    (whole, escaped: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (escaped !== undefined) return DECODABLE.has(escaped) ? escaped : whole;
      if (whole === '\r') return '';
      const cp = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    },
  );
}

export function decodeBlock(lines: string[]): string {
  // An odd number of trailing backslashes ends in a hard line break (the encoder's); an even number is escaped text.
  const withoutBreak = (line: string) => ((/\\+$/.exec(line)?.[0].length ?? 0) % 2 === 1 ? line.slice(0, -1) : line);
  return lines.map(line => decodeLine(withoutBreak(line.replace(/\r$/, '')))).join('\n');
}

/** Index of the first `ch` not escaped by a backslash, or -1. */
export function indexOfUnescaped(text: string, ch: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ch) return i;
  }
  return -1;
}

/** Markdown's blanks are spaces and tabs; other white space (U+3000...) is content. */
export function trimBlanks(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Splits a table row on unescaped pipes, dropping the outer ones. */
export function splitTableRow(line: string): string[] {
  let body = trimBlanks(line);
  if (body.startsWith('|')) body = body.slice(1);
  const cells: string[] = [];
  let start = 0;
  for (let at = indexOfUnescaped(body, '|'); at >= 0; at = indexOfUnescaped(body, '|', start)) {
    cells.push(body.slice(start, at));
    start = at + 1;
  }
  const last = body.slice(start);
  if (trimBlanks(last) !== '' || start === 0) cells.push(last);
  return cells.map(trimBlanks);
}

const ATTR_SAFE = /[A-Za-z0-9._:/@+-]/;

/**
 * Encodes a marker attribute value: characters outside a safe set become `%hex;` (code point), and `--` is broken up
 * because some markdown renderers reject `--` inside an HTML comment.
 */
export function encodeAttr(value: string): string {
  let out = '';
  const chars = Array.from(value);
  chars.forEach((ch, i) => {
    const unsafe = !ATTR_SAFE.test(ch) || (ch === '-' && chars[i + 1] === '-');
    out += unsafe ? `%${(ch.codePointAt(0) as number).toString(16)};` : ch;
  });
  return out;
}

export function decodeAttr(value: string): string {
  if (!value.includes('%')) return value;
  return value.replace(/%([0-9a-fA-F]{1,6});/g, (whole, hex: string) => {
    const cp = parseInt(hex, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/** Percent-encodes a relative path for a markdown link destination (display only; the link text is what is read). */
export function encodeLinkPath(path: string): string {
  return Array.from(path)
    .map(ch => {
      if (/[A-Za-z0-9._~/-]/.test(ch)) return ch;
      return Array.from(new TextEncoder().encode(ch), b => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(
        '',
      );
    })
    .join('');
}

/** A backtick fence longer than any backtick run in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), m => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Characters a fenced block cannot show verbatim (they would end or split the line in an editor). */
const NOT_VERBATIM =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasNonVerbatimCharacters(text: string): boolean {
  return NOT_VERBATIM.test(text);
}

/**
 * Escaped form for fenced text that cannot be shown verbatim: `\\` and `\uXXXX`, one line per text line.
 * `<` is escaped too, so no escaped line can look like a report marker.
 */
export function escapeFenceLine(line: string): string {
  return line
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(`${NOT_VERBATIM.source}|<`, 'g'), ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function unescapeFenceLine(line: string): string {
  return line.replace(/\\\\|\\u([0-9a-fA-F]{4})/g, (whole, hex: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : '\\',
  );
}

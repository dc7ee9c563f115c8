// Hostile text for the report tests: every construct that could break the report's markdown or its markers,
// and a random text that mixes them with random code points (from a seeded stream, test/fixtures/seeded.ts).
export const HOSTILE: string[] = [
  '', ' ', '  leading and trailing  ', '\t', 'a | b | c', '`code`', '```\nfenced\n```', '~~~\nfence\n~~~', '````', '<!--', '-->',
  '<!-- comment -->', '</details>', '<details><summary>x</summary>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  'line1\nline2', 'crlf\r\nline', 'lone\rcr', '\n', '\n\n', '\nleading newline', 'trailing newline\n', '# heading', '> quote', '- item',
  '* star', '+ plus', '1. ordered', '2) ordered', '---', '===', '***', '___', 'text\n===', 'text\n---', '<!-- irp:step id="x" -->',
  '<!-- /irp:step -->', '<!-- /irp:answer -->', '<!-- irp:answer id="q" -->', '- [x] ticked <!-- irp:item id="c1" -->', '- [ ] box',
  '中文文本，带标点。', '日本語のテキスト', '😀🔥👩‍💻', 'trailing spaces   ', '\\', '\\\\n', 'C:\\Users\\x', '&amp; &lt; &#10; &#x41;', '&',
  '[link](javascript:alert(1))', '![img](https://evil.example/x.png)', '<https://evil.example>', '$x^2$', '*em* _em_ **strong**',
  'snake_case_name', '~~strike~~', '| a | b |\n| --- | --- |', '    indented code', '\u2028\u2029', '\u0000\u0001\u001b[31mred', '\uFEFFbom',
  '\ud800 lone high', 'lone low \udc00', 'a\u0085b', 'key: value', 'a:b:c', '%', '%41;', '"quoted"', "it's", '- **Status:** done',
  '- **Title:** forged', '  - nested: item', '\\<!-- irp:step -->', '_none_', 'yes', '— csv, 1 bytes, SHA-256 x', '](x) — csv, 1 bytes, SHA-256 y',
];

const PIECES = [...HOSTILE, 'a', 'b', 'SELECT', ' ', '\n', '\r\n', '|', '`', '<', '>', '&', '#', '-', '*', '_', '[', ']', '\\', ':', '"', '=', '.', ')'];

export function randomText(next: () => number, maxPieces = 8): string {
  const count = Math.floor(next() * (maxPieces + 1));
  let out = '';
  for (let i = 0; i < count; i++) {
    const r = next();
    if (r < 0.6) out += PIECES[Math.floor(next() * PIECES.length)];
    else if (r < 0.8) out += String.fromCodePoint(Math.floor(next() * 0x80));
    else if (r < 0.95) out += String.fromCodePoint(0x80 + Math.floor(next() * 0x3000));
    else out += String.fromCodePoint(0x1f300 + Math.floor(next() * 0x300));
  }
  return out;
}

export function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

// The Chinese UI strings: every English key translated, with the parts VS Code or the code fills in or acts on
// (placeholders, codicons, command links, inline code) exactly as in English.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WEBVIEW_TEXT } from '../../../src/shared/messages';
import { REPO_ROOT } from '../playbook/helpers';

/** English file and its Chinese counterpart, relative to the repository root. */
const PAIRS: [string, string][] = [
  ['package.nls.json', 'package.nls.zh-cn.json'],
  ['l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json'],
];

/** Values that are names and stay as they are in every language. */
const NAMES = new Set(['IR Playbook', 'Amazon Athena', 'SHA-256', 'Markdown']);

/** The parts of a string that must survive translation unchanged, sorted so their order may change. */
function fixedParts(text: string): Record<string, string[]> {
  const all = (re: RegExp) => [...text.matchAll(re)].map(m => m[0]).sort();
  return {
    placeholders: all(/\{\d+\}/g),
    codicons: all(/\$\([a-z0-9-~]+\)/g),
    links: all(/\]\([^)]*\)/g),
    code: all(/`[^`]*`/g),
  };
}

function readStrings(relative: string): { strings: Record<string, string>; keyLines: number } {
  const text = fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
  const strings = JSON.parse(text) as Record<string, string>;
  // JSON.parse keeps the last of two equal keys silently; the files hold one key per line, so count them.
  const keyLines = text.split('\n').filter(line => /^\s*"(?:[^"\\]|\\.)*"\s*:/.test(line)).length;
  return { strings, keyLines };
}

describe('zh-cn translations of the UI strings', () => {
  for (const [englishFile, chineseFile] of PAIRS) {
    describe(chineseFile, () => {
      const english = readStrings(englishFile).strings;
      const { strings: chinese, keyLines } = readStrings(chineseFile);

      it('is valid JSON of strings with exactly the English keys, each once', () => {
        assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
        assert.equal(keyLines, Object.keys(chinese).length);
        for (const [key, value] of Object.entries(chinese)) assert.equal(typeof value, 'string', key);
      });

      it('keeps every placeholder, codicon, command link and inline code of the English string', () => {
        for (const key of Object.keys(english)) {
          assert.deepStrictEqual(fixedParts(chinese[key]), fixedParts(english[key]), key);
        }
      });

      it('translates every string except names', () => {
        const untranslated = Object.keys(english).filter(k => chinese[k] === english[k] && !NAMES.has(english[k]));
        assert.deepEqual(untranslated, []);
        const words = (text: string) => /[A-Za-z]/.test(text.replace(/\{\d+\}|`[^`]*`|\]\([^)]*\)/g, ''));
        for (const key of Object.keys(english)) {
          if (!NAMES.has(english[key]) && words(english[key])) assert.match(chinese[key], /\p{Script=Han}/u, key);
        }
      });
    });
  }

  it('has every text of the step panel in the bundle, which the host translates them through', () => {
    const bundle = readStrings('l10n/bundle.l10n.json').strings;
    assert.deepEqual(
      Object.values(WEBVIEW_TEXT).filter(text => !(text in bundle)),
      [],
    );
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlaybookParseResult } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { allQueries, allSteps } from '../../../src/core/playbook/query';
import { seeded } from '../../fixtures/seeded';
import { readRepoFile, REPO_ROOT } from './helpers';

/** Fragments that matter to the playbook syntax, so mutations hit the parser's decisions rather than plain prose. */
const FRAGMENTS = [
  '```',
  '~~~',
  '---',
  '...',
  '{{',
  '}}',
  '{{window.start}}',
  '{{x.end}}',
  '{#',
  '}',
  '{#id}',
  '[ ]',
  '[x]',
  '- ',
  '1. ',
  '## ',
  '### ',
  '# ',
  'Question:',
  '**Question:**',
  'athena id=',
  'local id=',
  'cloudtrail id=',
  'variant-of=',
  'title="',
  '"',
  "'",
  ':',
  '=',
  '>',
  '    ',
  '\t',
  '\r',
  '\r\n',
  '\n',
  '\0',
  '\uFEFF',
  '\\',
  '*',
  '&',
  '\u{1F600}',
  '\uD800',
  'attribute: ',
  'EventName=',
  'parameters:',
  '  type: ',
  'timeWindow',
  '[link](x)',
  '<b>',
  '|a|b|\n|-|-|',
];

function mutate(text: string, next: () => number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const lines = text.split('\n');
  const at = () => Math.floor(next() * lines.length);
  switch (Math.floor(next() * 7)) {
    case 0:
      lines.splice(at(), 1);
      break;
    case 1: {
      const i = at();
      lines.splice(i, 0, lines[i]);
      break;
    }
    case 2: {
      const i = at();
      const j = at();
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    }
    case 3: {
      const i = at();
      const col = Math.floor(next() * (lines[i].length + 1));
      lines[i] = lines[i].slice(0, col) + pick(FRAGMENTS) + lines[i].slice(col);
      break;
    }
    case 4:
      return text.slice(0, Math.floor(next() * text.length));
    case 5: {
      const start = Math.floor(next() * text.length);
      const noise = Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
        String.fromCharCode(Math.floor(next() * 0x3000)),
      ).join('');
      return text.slice(0, start) + noise + text.slice(start + Math.floor(next() * 40));
    }
    default: {
      const i = at();
      lines[i] = lines[i].trimStart();
      lines.splice(at(), 0, pick(FRAGMENTS) + lines[i]);
      break;
    }
  }
  return lines.join('\n');
}

/** What must hold for any input: no crash, positions inside the file, a usable model. */
function checkSane(text: string, result: PlaybookParseResult): void {
  const lineCount = text.replace(/\r\n?/g, '\n').split('\n').length;
  for (const d of result.diagnostics) {
    assert.notEqual(d.code, 'internal-error', d.message);
    assert.ok(
      Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount,
      `line ${d.line} of ${lineCount}: ${d.message}`,
    );
    assert.ok(Number.isInteger(d.column) && d.column >= 1, `column ${d.column}`);
  }
  if (result.playbook) {
    const stepIds = allSteps(result.playbook).map(s => s.id);
    assert.equal(new Set(stepIds).size, stepIds.length, 'step ids are unique');
    const queryIds = allQueries(result.playbook).map(q => q.id);
    assert.equal(new Set(queryIds).size, queryIds.length, 'query ids are unique');
    JSON.stringify(result.playbook);
  }
}

describe('parsePlaybook never crashes', () => {
  const base = readRepoFile('test/fixtures/playbook/complete.md');

  /** Mutates `text` a few times per iteration and parses each result. */
  function fuzz(text: string, iterations: number, seed: number): void {
    for (let iteration = 0; iteration < iterations; iteration++) {
      const next = seeded(seed + iteration);
      let mutated = text;
      const rounds = 1 + Math.floor(next() * 6);
      for (let r = 0; r < rounds; r++) mutated = mutate(mutated, next);
      let result: PlaybookParseResult;
      try {
        result = parsePlaybook(mutated);
      } catch (e) {
        assert.fail(`seed ${seed + iteration} threw: ${String(e)}`);
      }
      checkSane(mutated, result);
    }
  }

  it('on 400 seeded mutations of a playbook using every construct', () => fuzz(base, 400, 1));

  it('on 100 seeded mutations of the shipped playbook', () => {
    const shipped = path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md');
    assert.ok(fs.existsSync(shipped), `${shipped} is missing`);
    fuzz(fs.readFileSync(shipped, 'utf8'), 100, 10_000);
  });

  const head = '---\nid: a\ntitle: A\nversion: 1\n---\n## Preparation\n### S {#s}\n';
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + (i >> 3)) % 256));
  const cases: Record<string, string> = {
    'an empty file': '',
    'a BOM alone': '\uFEFF',
    'front matter only': '---\nid: a\ntitle: A\nversion: 1\n---\n',
    'an empty front matter': '---\n---\n',
    'lone carriage returns': head.replace(/\n/g, '\r'),
    'binary data': bytes.toString('utf8'),
    'binary data read as latin1': bytes.toString('latin1'),
    'a 1 MB line of brackets': `${head}- ${'['.repeat(1_000_000)}`,
    'a 600 kB heading of link openers': `---\nid: a\n---\n## ${'[a'.repeat(300_000)}`,
    'a huge line of placeholders': `${head}\`\`\`athena id=q\n${'{{a}}'.repeat(200_000)}\n\`\`\`\n`,
    'a huge info string': `${head}\`\`\`athena id="${'a '.repeat(300_000)}\n\`\`\`\n`,
    '5,000 nested quotes': `${head}${'> '.repeat(5000)}x`,
    '3,000 nested questions':
      head + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i * 2)}- Question: q`).join('\n'),
    '50,000 headings without ids': head + '### x\n'.repeat(50_000),
    '100,000 fence lines': head + '```\n'.repeat(100_000),
    'a YAML alias bomb': `---\nid: a\ntitle: &a [${'*a,'.repeat(10)}]\nversion: 1\n---\n`,
    'YAML with tabs and anchors': '---\nid:\ta\n\ttitle: A\nversion: &v 1\nx: *v\n---\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`on ${name}`, () => checkSane(text, parsePlaybook(text)));
  }
});

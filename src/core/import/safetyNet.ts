// The last pass of an import: the playbook parser reads the result, and the few markup accidents a published file can
// still cause are made harmless without losing text: a code fence left open inside a list or quote, a stray `{#id}`
// on a sub-heading of a reference section, an id taken twice, a query block whose SQL holds `{{` of its own. Each
// keeps its text.
import { parsePlaybook } from '../playbook/parser';
import type { Unmapped } from './context';

const MAX_ROUNDS = 20;
/** Problems inside a query block: the block becomes ordinary code, its text kept and listed. */
const DEMOTED = new Set([
  'bad-placeholder',
  'undeclared-parameter',
  'quoted-placeholder',
  'bad-placeholder-part',
  'empty-query',
  'bad-aws-block',
  'bad-lookup',
]);

/** An HTML character reference renders the same character but is no markup: the text reads as before. */
function neutralise(line: string, char: '`' | '~' | '{'): string {
  const at = line.indexOf(char);
  return at < 0 ? line : `${line.slice(0, at)}&#${char.charCodeAt(0)};${line.slice(at + 1)}`;
}

export function safetyNet(markdown: string, unmapped: Unmapped[]): string {
  const lines = markdown.split('\n');
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const errors = parsePlaybook(lines.join('\n')).diagnostics.filter(d => d.severity === 'error');
    let changed = false;
    for (const e of errors) {
      const i = e.line - 1;
      const line = lines[i] ?? '';
      if (e.code === 'unclosed-fence') {
        lines[i] = neutralise(line, line.includes('`') ? '`' : '~');
      } else if (/^duplicate-(?:step|checklist|question)-id$/.test(e.code)) {
        // A `###` line the importer read as text but markdown reads as a heading took the id first.
        lines[i] = line.replace(/\{#([^\s}]+)/, (_m, id: string) => `{#${id}-${round + 2}`);
      } else if (e.code === 'step-outside-phase' || e.code === 'bad-id') {
        lines[i] = neutralise(line, '{');
      } else if (DEMOTED.has(e.code)) {
        const open = findOpening(lines, i);
        if (open < 0) continue;
        unmapped.push({ kind: 'section', text: lines[open].trim(), where: `line ${open + 1}`, reason: e.message });
        lines[open] = lines[open].replace(/(`{3,}|~{3,})\s*\w+ id=\S+.*$/, '$1text');
      } else {
        continue;
      }
      changed = true;
      break;
    }
    if (!changed) break;
  }
  return lines.join('\n');
}

/** The opening line of the query block that holds line `i` (or is line `i`). */
function findOpening(lines: string[], i: number): number {
  for (let k = i; k >= 0 && k > i - 2000; k--) {
    if (/^\s*(?:`{3,}|~{3,})\s*(?:athena|local|cloudtrail|aws|action) id=/.test(lines[k])) return k;
  }
  return -1;
}

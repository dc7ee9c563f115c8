// Writing derived step ids back into the playbook. A step without `{#id}` gets its title's slug as id; once the id
// is in the file, later edits to the title no longer change it, so reports keep pointing at the step. `irp validate
// --fix` and the editor apply these insertions once.
import { splitExplicitId } from './ids';
import { allSteps, parsePlaybook } from './parser';

interface TextInsertion {
  /** 1-based line of the step heading. */
  line: number;
  /** 0-based offset in that line where `text` goes. */
  offset: number;
  text: string;
}

/** The insertions that give every step without an explicit id the id it has now. */
export function stepIdEdits(text: string): TextInsertion[] {
  const result = parsePlaybook(text);
  if (!result.playbook) return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const edits: TextInsertion[] = [];
  for (const step of allSteps(result.playbook)) {
    const line = lines[step.position.line - 1] ?? '';
    const heading = line.replace(/^\uFEFF/, '');
    if (!/^ {0,3}###(?:\s|$)/.test(heading)) continue;
    const content = heading.replace(/^ {0,3}###\s*/, '').replace(/\s+#+\s*$/, '');
    const { id, attributes } = splitExplicitId(content);
    if (id) continue;
    const end = line.replace(/\s+#+\s*$/, '').trimEnd().length;
    if (attributes.size) {
      // `{severity=high}` without an id: the id goes first inside the braces.
      edits.push({ line: step.position.line, offset: line.lastIndexOf('{') + 1, text: `#${step.id} ` });
    } else {
      edits.push({ line: step.position.line, offset: end, text: ` {#${step.id}}` });
    }
  }
  return edits;
}

/** The text with the insertions made; line endings are kept as they were. */
export function applyInsertions(text: string, edits: TextInsertion[]): string {
  const lines = text.split('\n');
  for (const edit of [...edits].sort((a, b) => b.line - a.line || b.offset - a.offset)) {
    const i = edit.line - 1;
    const line = lines[i];
    const cr = line.endsWith('\r') ? '\r' : '';
    const body = cr ? line.slice(0, -1) : line;
    lines[i] = body.slice(0, edit.offset) + edit.text + body.slice(edit.offset) + cr;
  }
  return lines.join('\n');
}

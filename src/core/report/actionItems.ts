// Action items of the report: one task-list line each in the Action items section,
//   - [ ] what — owner: name, due: YYYY-MM-DD, https://tracker/ISSUE-1
// written by a person or by the extension. Fields after the dash are optional and in any order; a field that is not
// `owner:` or `due:` is the link to the team's tracker (also accepted as `link:`).
import { decodeLine, encodeLine, indexOfUnescaped, trimBlanks } from './escape';

export interface ActionItem {
  done: boolean;
  text: string;
  owner?: string;
  /** YYYY-MM-DD as written. */
  due?: string;
  link?: string;
}

const TASK_LINE = /^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]?(.*)$/;
const SEPARATOR = ' — ';
const NAMED = /^(owner|due|link):[ \t]?([\s\S]*)$/i;

/** Encoded so the separator dash and the field commas in the value read back as text. */
function encodeValue(value: string): string {
  return encodeLine(value).replace(/,/g, '&#44;').replace(/—/g, '&#8212;');
}

/** A link is written bare, unless it is empty or starts like a named field: then as `link: …`. */
function linkField(link: string): string {
  const encoded = encodeValue(link);
  return encoded === '' || NAMED.test(encoded) ? `link: ${encoded}` : encoded;
}

export function formatActionItem(item: ActionItem): string {
  const fields = [
    ...(item.owner !== undefined ? [`owner: ${encodeValue(item.owner)}`] : []),
    ...(item.due !== undefined ? [`due: ${encodeValue(item.due)}`] : []),
    ...(item.link !== undefined ? [linkField(item.link)] : []),
  ];
  const text = encodeValue(item.text);
  return `- [${item.done ? 'x' : ' '}] ${text}${fields.length > 0 ? SEPARATOR + fields.join(', ') : ''}`;
}

/** The action item on a task-list line, or undefined for any other line. */
export function parseActionItem(line: string): ActionItem | undefined {
  const m = TASK_LINE.exec(line);
  if (!m) return undefined;
  const body = m[2].replace(/[ \t]+$/, '');
  const dash = body.indexOf(SEPARATOR);
  const item: ActionItem = { done: m[1] !== ' ', text: decodeLine(dash < 0 ? body : body.slice(0, dash)) };
  if (dash < 0) return item;
  let rest = body.slice(dash + SEPARATOR.length);
  while (rest !== '') {
    const comma = indexOfUnescaped(rest, ',');
    const field = trimBlanks(comma < 0 ? rest : rest.slice(0, comma));
    rest = comma < 0 ? '' : rest.slice(comma + 1);
    const named = NAMED.exec(field);
    if (named) item[named[1].toLowerCase() as 'owner' | 'due' | 'link'] = decodeLine(named[2]);
    else item.link = decodeLine(field);
  }
  return item;
}

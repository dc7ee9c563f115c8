// A JSON value as a collapsible, indented tree: objects and arrays are <details> (open), leaves are their JSON text.
// Everything goes in as text nodes: an event's content is attacker-controlled and is never parsed as HTML.
import { h } from '../dom';

/** Past this many nodes the rest of a huge value is summarised, so one row cannot freeze the page. */
const MAX_NODES = 20_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jsonTree(value: unknown): HTMLElement {
  const budget = { nodes: 0 };
  return h('div', { class: 'json-tree' }, node(undefined, value as Json, budget, true));
}

function keyPart(key: string | undefined): (string | HTMLElement)[] {
  return key === undefined ? [] : [h('span', { class: 'json-key' }, JSON.stringify(key)), ': '];
}

function node(key: string | undefined, value: Json, budget: { nodes: number }, last: boolean): HTMLElement {
  budget.nodes++;
  const comma = last ? '' : ',';
  if (value === null || typeof value !== 'object') {
    const kind = value === null ? 'null' : typeof value;
    return h(
      'div',
      { class: 'json-line' },
      ...keyPart(key),
      h('span', { class: `json-${kind}` }, JSON.stringify(value)),
      comma,
    );
  }
  const array = Array.isArray(value);
  const entries: [string | undefined, Json][] = array ? value.map(v => [undefined, v]) : Object.entries(value);
  const [open, close] = array ? ['[', ']'] : ['{', '}'];
  const children = h('div', { class: 'json-children' });
  for (let i = 0; i < entries.length; i++) {
    if (budget.nodes >= MAX_NODES) {
      children.appendChild(h('div', { class: 'json-line muted' }, `… ${entries.length - i} more`));
      break;
    }
    children.appendChild(node(entries[i][0], entries[i][1], budget, i === entries.length - 1));
  }
  return h(
    'details',
    { class: 'json-node', open: true },
    h('summary', {}, ...keyPart(key), open, h('span', { class: 'json-count muted' }, ` ${entries.length} `)),
    children,
    h('div', { class: 'json-close' }, close, comma),
  );
}

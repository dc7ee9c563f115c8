// Tiny DOM helpers. Text always goes in through textContent: nothing from a playbook, a report or a log is ever
// parsed as HTML here (the only HTML the page inserts is the guidance the host rendered and sanitised).

type Attributes = Record<string, string | boolean | undefined>;
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Sets an input's value unless the user is typing in it: a report update must never move their caret. */
export function setFieldValue(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (document.activeElement !== field && field.value !== value) field.value = value;
}

let idCounter = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}

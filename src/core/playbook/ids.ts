// Ids of steps, checklist items, questions and query blocks. Reports refer to them, so they must stay stable when
// wording changes: authors write `{#id}`, otherwise a slug of the text is used.

/** What an explicit id may contain: it ends up in report anchors and file names. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const ID_RULE = 'letters, digits, "-", "_" and ".", starting with a letter or digit';

interface ExplicitId {
  /** The text without the trailing `{#id …}`. */
  text: string;
  id?: string;
  /** `key=value` attributes written in the same braces (`{#id severity=high owner="IR lead"}`). */
  attributes: Map<string, string>;
}

const ATTRIBUTE_TOKEN = /\s*(?:#([^\s}]+)|\.([^\s}]+)|([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]*)))/y;

/**
 * Splits a trailing Pandoc-style attribute block off a heading or list item: `{#id}`, with spaces inside the braces
 * (`{ #id }`), classes (`{#id .unnumbered}`, dropped) and `key=value` attributes, or attributes alone
 * (`{severity=high}`). Braces holding anything else are text. Written without a backtracking regex so long lines
 * stay linear.
 */
export function splitExplicitId(raw: string): ExplicitId {
  const trimmed = raw.trimEnd();
  const open = trimmed.lastIndexOf('{');
  const plain = { text: raw.trim(), attributes: new Map<string, string>() };
  if (!trimmed.endsWith('}') || open < 0) return plain;
  const inside = trimmed.slice(open + 1, -1);
  const attributes = new Map<string, string>();
  let id: string | undefined;
  let pos = 0;
  while (inside.slice(pos).trim() !== '') {
    ATTRIBUTE_TOKEN.lastIndex = pos;
    const m = ATTRIBUTE_TOKEN.exec(inside);
    if (!m) return plain;
    pos = ATTRIBUTE_TOKEN.lastIndex;
    if (m[1] !== undefined) id ??= m[1];
    else if (m[3] !== undefined) attributes.set(m[3].toLowerCase(), m[4] ?? m[5] ?? m[6] ?? '');
  }
  // `{}` and `{.class}` alone are text.
  if (id === undefined && attributes.size === 0) return plain;
  return { text: trimmed.slice(0, open).trim(), id, attributes };
}

const MAX_SLUG = 60;

/** A lower-case, dash-separated id made from text (markdown links and emphasis reduced to their words). */
export function slugify(text: string, fallback: string): string {
  // Only the start matters for a 60-character slug; capping keeps pathological lines cheap.
  const words = text
    .slice(0, 400)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= MAX_SLUG) return words || fallback;
  const cut = words.slice(0, MAX_SLUG);
  const dash = cut.lastIndexOf('-');
  return (dash > 20 ? cut.slice(0, dash) : cut).replace(/-+$/, '') || fallback;
}

/** Ids already used in one scope. */
export class IdScope {
  private readonly used = new Set<string>();
  /** The next suffix to try per base, so many equal slugs stay linear. */
  private readonly nextSuffix = new Map<string, number>();

  has(id: string): boolean {
    return this.used.has(id);
  }

  /** Claims `base`, or `base-2`, `base-3`... when it is taken; returns the id claimed. */
  claim(base: string): string {
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    while (this.used.has(id)) id = `${base}-${n++}`;
    this.nextSuffix.set(base, n);
    this.used.add(id);
    return id;
  }
}

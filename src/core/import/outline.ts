// The heading tree of a markdown document: each section holds the lines under its heading up to the next heading,
// and its sub-sections. Headings inside code blocks do not count.

export interface Section {
  /** 1 for `#`, 2 for `##`...; 0 for the document root. */
  level: number;
  /** The heading as plain words (links, emphasis and code marks removed). */
  title: string;
  /** The heading as written (links and emphasis kept), without an explicit `{#id}`. */
  heading: string;
  /** 0-based line of the heading (-1 for the root). */
  line: number;
  /** The lines after the heading up to the next heading of any level. */
  body: string[];
  children: Section[];
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** Heading or list text reduced to its words. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function outline(lines: string[]): Section {
  const root: Section = { level: 0, title: '', heading: '', line: -1, body: [], children: [] };
  const stack: Section[] = [root];
  let current = root;
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
      current.body.push(line);
      return;
    }
    if (f) {
      fence = f[1];
      current.body.push(line);
      return;
    }
    const h = HEADING.exec(line);
    if (!h) {
      current.body.push(line);
      return;
    }
    const text = h[2] ?? '';
    const heading = text.replace(/\{#[^}]*\}\s*$/, '').trim();
    const section: Section = { level: h[1].length, title: plainText(text), heading, line: i, body: [], children: [] };
    while (stack.length > 1 && stack[stack.length - 1].level >= section.level) stack.pop();
    stack[stack.length - 1].children.push(section);
    stack.push(section);
    current = section;
  });
  return root;
}

/**
 * A section's body and sub-sections as markdown again, without its own heading. Sub-headings are written at
 * `minLevel` or deeper, so that inside a step they stay sub-headings (`####`) rather than becoming steps.
 */
export function sectionMarkdown(section: Section, minLevel: number): string[] {
  const out = [...section.body];
  for (const child of section.children) {
    const level = Math.min(6, Math.max(minLevel, child.level));
    out.push(`${'#'.repeat(level)} ${child.heading}`, ...sectionMarkdown(child, level + 1));
  }
  return out;
}

/**
 * The links of a heading whose plain title stands in for it (a step or reference title), as lines to keep at the top
 * of its body: the address a heading points to is part of what the original says.
 */
export function headingLinks(heading: string): string[] {
  const links = heading.match(/!?\[[^\]]*\]\([^)]*\)/g);
  return links ? [links.join(' '), ''] : [];
}

export function isBlank(lines: string[]): boolean {
  return lines.every(l => l.trim() === '');
}

// Reader for the AWS shared config and credentials files (INI dialect used by the AWS CLI and SDKs).
// Only what profile listing needs: sections and their top-level keys. Nested blocks (a key with an empty value
// followed by indented `sub = value` lines, e.g. `s3 =`) are skipped because no profile property we read uses them.

type IniSections = Map<string, Record<string, string>>;

/** A `#` or `;` starts a comment at the start of a line or after whitespace (so `a#b` stays a value). */
function withoutComment(line: string): string {
  const m = /(^|\s)[;#]/.exec(line);
  return (m ? line.slice(0, m.index) : line).trim();
}

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  let inNestedBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = withoutComment(raw);
    if (line === '') continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim().replace(/\s+/g, ' ');
      // Never let a section named like an Object prototype key reach a plain object lookup.
      current = name === '__proto__' ? undefined : (sections.get(name) ?? {});
      if (current) sections.set(name, current);
      inNestedBlock = false;
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const indented = /^\s/.test(raw);
    if (value === '') {
      inNestedBlock = true;
      continue;
    }
    if (inNestedBlock && indented) continue;
    inNestedBlock = false;
    current[key] = value;
  }
  return sections;
}

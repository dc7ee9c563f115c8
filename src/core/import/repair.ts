// Undoes what machine translation did to the markup of AWS's translated playbooks, line by line and never inside code
// blocks: `] (` and full-width `]（…）` links, `! [` images, `-item` list markers that lost their space, bold markers
// padded with spaces (`** 准备 **`), and code fences cut down to two backticks (` ``json `).

const FENCE = /^(\s*)(`{3,}|~{3,})/;
const SHORT_FENCE = /^(\s*)``(?!`)([\w-]*)\s*$/;
const LINK = /\]\s*[（(]\s*((?:https?:\/\/|\.{1,2}\s*\/|\/|#|mailto:)[^)）]*?)\s*[)）]/g;
const IMAGE = /!\s+\[/g;
const DASH_ITEM = /^(\s*)-(?=[^\s-])/;
const PADDED_BOLD = /(^|[^*])\*\*[ \t]+([^*\n]*?[^*\s])[ \t]*\*\*(?!\*)|(^|[^*])\*\*([^*\s][^*\n]*?)[ \t]+\*\*(?!\*)/g;

interface RepairResult {
  lines: string[];
  /** How many lines changed, for the import summary. */
  repaired: number;
}

function repairLine(line: string): string {
  let out = line
    .replace(LINK, (_m, target: string) => `](${target.replace(/\s+/g, '')})`)
    .replace(IMAGE, '![')
    .replace(PADDED_BOLD, (_m, a?: string, b?: string, c?: string, d?: string) =>
      a !== undefined ? `${a}**${b}**` : `${c}**${d}**`,
    );
  const dash = DASH_ITEM.exec(out);
  // "-x" starts a list item in the translated copies; "--x" (a flag, a rule) does not.
  if (dash && !/^\s*-\d/.test(out)) out = `${dash[1]}- ${out.slice(dash[0].length)}`;
  return out;
}

export function repairMarkup(text: string): RepairResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  let repaired = 0;
  let fence: string | undefined;
  let openedAt = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      const m = FENCE.exec(line);
      if (m && m[2][0] === fence[0] && m[2].length >= fence.length && line.trim() === m[2]) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[2];
      openedAt = i;
      continue;
    }
    const short = SHORT_FENCE.exec(line);
    if (short && short[2] && closesShortFence(lines, i)) {
      // ``json … `` : a fence that lost a backtick, opened with a language and closed by a lone ``.
      lines[i] = `${short[1]}\`\`\`${short[2]}`;
      fence = '```';
      openedAt = i;
      repaired++;
      continue;
    }
    const fixed = repairLine(line);
    if (fixed !== line) {
      lines[i] = fixed;
      repaired++;
    }
  }
  if (fence) {
    // A fence never closed would swallow the rest of the document: it ends before the next heading instead.
    const heading = lines.findIndex((l, k) => k > openedAt && /^#{1,6}\s/.test(l));
    lines.splice(heading < 0 ? lines.length : heading, 0, fence, '');
    repaired++;
    return repairAgain(lines, repaired);
  }
  return { lines, repaired };
}

/** After closing one fence, the lines below it are read again (they may hold more to repair). */
function repairAgain(lines: string[], repaired: number): RepairResult {
  const again = repairMarkup(lines.join('\n'));
  return { lines: again.lines, repaired: repaired + again.repaired };
}

/** Whether a lone `` closes the two-backtick fence opened at `start`, within a reasonable distance. */
function closesShortFence(lines: string[], start: number): boolean {
  for (let j = start + 1; j < Math.min(lines.length, start + 400); j++) {
    if (/^\s*```?\s*$/.test(lines[j])) {
      lines[j] = lines[j].replace(/`+/, '```');
      return true;
    }
    if (/^#{1,6}\s/.test(lines[j])) return false;
  }
  return false;
}

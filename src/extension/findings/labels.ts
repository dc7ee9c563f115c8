// Log data shown in the tree and in quick picks: control characters and bidi overrides are shown as escapes (one
// rule with the terminal's), line breaks as ⏎, codicon syntax "$(name)" is broken so it shows as text, and long text
// is cut.
import { terminalSafe } from '../../cli/terminalText';

export function plainLabel(text: string, max = 200): string {
  const shown = terminalSafe(text.replace(/\r?\n/g, '⏎')).replace(/\$\(/g, '$\u200b(');
  const chars = Array.from(shown);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : shown;
}

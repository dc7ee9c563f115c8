// Appendices such as "Appendix A — Useful Queries" hold queries and AWS CLI commands that the steps refer to. A
// reference section is read, not worked, so its queries could never run from the tree: each part of it that holds a
// query or a command becomes a step (of Detection and Analysis, where such lookups belong), titled after the section
// and the part; what holds none stays in the reference section.
import { headingLinks, outline, sectionMarkdown } from './outline';
import { holdsQueryOrCommand } from './stepBody';

interface AppendixSplit {
  /** The reference section's lines that stay (its `###` parts written again as `###`). */
  kept: string[];
  steps: { title: string; lines: string[] }[];
}

export function splitRunnableParts(title: string, lines: string[]): AppendixSplit {
  const root = outline(lines);
  const split: AppendixSplit = { kept: [], steps: [] };
  if (holdsQueryOrCommand(root.body)) split.steps.push({ title, lines: root.body });
  else split.kept.push(...root.body);
  for (const part of root.children) {
    const body = sectionMarkdown(part, 4);
    if (holdsQueryOrCommand(body)) {
      split.steps.push({ title: `${title}: ${part.title}`, lines: [...headingLinks(part.heading), ...body] });
    } else {
      split.kept.push(`### ${part.heading}`, ...body);
    }
  }
  return split;
}

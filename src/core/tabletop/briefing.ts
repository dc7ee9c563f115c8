// What the players see of a scenario: its title, the story, the questions for the team and the injects released so
// far. Built from those fields only, so the facilitator's notes and the expected findings cannot reach the players.
import { escapeHtml, renderInlineMarkdown, renderMarkdown } from '../report/export/markdown';
import type { ReleasedInject } from './exerciseSection';
import type { Scenario } from './model';

export interface PlayerInject {
  id: string;
  offsetText: string;
  title: string;
  body: string;
  releasedAt: string;
}

export interface PlayerView {
  title: string;
  storyText: string;
  questions: string[];
  /** Released injects in the order of the scenario. */
  injects: PlayerInject[];
  /** How many injects are still to come (the players see the count, not the content). */
  pending: number;
}

export function playerView(scenario: Scenario, released: ReleasedInject[]): PlayerView {
  const at = new Map(released.map(r => [r.id, r.at]));
  const injects = scenario.injects
    .filter(i => at.has(i.id))
    .map(i => ({ id: i.id, offsetText: i.offsetText, title: i.title, body: i.body, releasedAt: at.get(i.id) ?? '' }));
  return {
    title: scenario.title,
    storyText: scenario.storyText,
    questions: scenario.questions.map(q => q.text),
    injects,
    pending: scenario.injects.length - injects.length,
  };
}

/** The page's own words, translated by the caller (the core has no l10n). */
export interface BriefingLabels {
  injects: string;
  story: string;
  questions: string;
  noInjectYet: string;
  allOut: string;
  /** `{0}` is the time the inject was released. */
  releasedAt: string;
  /** `{0}` is the number of injects still to come. */
  pending: string;
}

const fill = (template: string, value: string | number) => template.replace('{0}', String(value));

/** The briefing page's body: markdown rendered without raw HTML, the newest inject first. */
export function briefingHtml(view: PlayerView, labels: BriefingLabels): string {
  const injects = [...view.injects].reverse().map(
    i => `<section class="inject" id="inject-${escapeHtml(i.id)}">
<h3><span class="offset">${escapeHtml(i.offsetText)}</span> ${renderInlineMarkdown(i.title)}</h3>
<p class="released">${escapeHtml(fill(labels.releasedAt, i.releasedAt))}</p>
${renderMarkdown(i.body)}</section>`,
  );
  const pending = view.pending === 0 ? labels.allOut : fill(labels.pending, view.pending);
  return `<h1>${renderInlineMarkdown(view.title)}</h1>
<h2>${escapeHtml(labels.injects)}</h2>
${injects.length ? injects.join('\n') : `<p class="empty">${escapeHtml(labels.noInjectYet)}</p>`}
<p class="pending">${escapeHtml(pending)}</p>
<h2>${escapeHtml(labels.story)}</h2>
${renderMarkdown(view.storyText)}
<h2>${escapeHtml(labels.questions)}</h2>
<ol>${view.questions.map(q => `<li>${renderInlineMarkdown(q)}</li>`).join('')}</ol>
`;
}

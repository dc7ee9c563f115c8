// Markdown to HTML for documents read outside VS Code (the exported report, the tabletop panels). Raw HTML in the
// source stays text (log data and team text are never markup), images become links (opening the file must not
// fetch anything), and task list items show as boxes instead of "[ ]".
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  const src = md.utils.escapeHtml(String(token.attrGet('src') ?? ''));
  return `<a href="${src}">${md.utils.escapeHtml(alt || src)}</a>`;
};

const TASK = /<li>(<p>)?\[([ xX])\] /g;

/** The HTML of a markdown text; safe to place inside an element of a page without scripts. */
export function renderMarkdown(text: string): string {
  return md
    .render(text)
    .replace(
      TASK,
      (_m, p: string | undefined, mark: string) =>
        `<li class="task">${p ?? ''}<span class="box">${mark === ' ' ? '\u2610' : '\u2611'}</span> `,
    );
}

/** One line of markdown (a title, a question) as inline HTML. */
export function renderInlineMarkdown(text: string): string {
  return md.renderInline(text);
}

export function escapeHtml(text: string): string {
  return md.utils.escapeHtml(text);
}

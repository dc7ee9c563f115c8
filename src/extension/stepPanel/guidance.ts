// Step guidance is rendered to HTML here, on the host, and the panel only inserts the result. Raw HTML in the
// playbook is shown as text, images are not loaded, and only web and mail links stay links.
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;

type Renderer = ReturnType<typeof MarkdownIt>;

let renderer: Renderer | undefined;

function markdown(): Renderer {
  if (!renderer) {
    renderer = new MarkdownIt({ html: false, linkify: true, typographer: false });
    // A link whose target fails this check is not parsed as a link at all: its text stays plain text.
    renderer.validateLink = url => SAFE_LINK.test(url.trim());
    renderer.disable('image');
    const defaultOpen =
      renderer.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
    renderer.renderer.rules.link_open = (tokens, i, options, env, self) => {
      tokens[i].attrSet('rel', 'noopener noreferrer');
      tokens[i].attrSet('title', tokens[i].attrGet('href') ?? '');
      return defaultOpen(tokens, i, options, env, self);
    };
  }
  return renderer;
}

/** Panels re-send their step on every report change; the guidance only changes with the playbook. */
const rendered = new Map<string, string>();
const CACHE_LIMIT = 200;

export function renderGuidance(text: string): string {
  let html = rendered.get(text);
  if (html === undefined) {
    html = markdown().render(text);
    if (rendered.size >= CACHE_LIMIT) rendered.delete(rendered.keys().next().value!);
    rendered.set(text, html);
  }
  return html;
}

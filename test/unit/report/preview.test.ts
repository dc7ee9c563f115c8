// What a markdown preview makes of a report full of hostile text: no HTML but the report's own markers, and the
// report's structure (headings, code blocks, tables) exactly as rendered, whatever the answers and logs contain.
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { renderReport, type ReportState, type RunRecord } from '../../../src/core/report';
import { filledState, playbook, run } from './fixtures';
import { HOSTILE } from './hostile';

// VS Code's preview allows raw HTML and turns bare URLs into links.
const md = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof md.parse>[number];

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap(t => [t, ...flatten(t.children ?? [])]);
}

function stateWith(h: string): ReportState {
  const state = filledState();
  const hostileRun: RunRecord = run({
    runId: 'r',
    queryText: h,
    context: { [h]: h },
    summary: { columns: [h, 'b'], rows: [[h, h]], truncated: false },
    evidence: [{ path: h, sha256: h, format: 'csv', bytes: 1 }],
    error: { message: h },
  });
  state.header = { ...state.header, title: h, parameters: { [h]: h }, dataSources: [h] };
  state.steps['review-sg'] = {
    ...state.steps['review-sg'],
    answers: { 'q-who': h, 'q-when': h + '\n' + h, [h]: h },
    notes: h,
    checklist: { [h]: true },
    runs: [hostileRun],
  };
  return state;
}

describe('report in a markdown preview', () => {
  HOSTILE.forEach((h, i) => {
    it(`renders hostile text #${i} ${JSON.stringify(h).slice(0, 30)} as text`, () => {
      const tokens = flatten(md.parse(renderReport(playbook(), stateWith(h)), {}));
      const html = tokens.filter(t => t.type === 'html_block' || t.type === 'html_inline').map(t => t.content.trim());
      for (const fragment of html)
        assert.match(fragment, /^<!-- \/?irp:[a-z]+[^\n]*-->$/, `HTML that is not a report marker: ${fragment}`);
      const count = (type: string, tag?: string) =>
        tokens.filter(t => t.type === type && (!tag || t.tag === tag)).length;
      assert.equal(count('heading_open', 'h1'), 1);
      // The document sections and the appendix; the four phases of the appendix; its six steps.
      assert.equal(count('heading_open', 'h2'), 10);
      // The four phases of the appendix, and the indicators under the timeline.
      assert.equal(count('heading_open', 'h3'), 5);
      assert.equal(count('heading_open', 'h4'), 6);
      assert.equal(count('fence'), 1, 'one code block for the one run');
      assert.equal(count('code_block'), 0);
      assert.equal(count('blockquote_open'), 1, 'only the exercise banner is a quote');
      assert.equal(count('table_open'), 2, 'one table for the one run, one for the timeline');
      assert.equal(count('hr'), 0);
      const out = md.render(renderReport(playbook(), stateWith(h)));
      assert.doesNotMatch(out, /<(script|img|details)\b/i);
    });
  });
});

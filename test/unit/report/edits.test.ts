import assert from 'node:assert/strict';
import {
  appendRun,
  applyEdits,
  createReport,
  emptyStepState,
  parseReport,
  renderReport,
  updateHeader,
  updateStep,
  type ReportState,
  type StepState,
  type TextEdit,
} from '../../../src/core/report';
import { scanReport, regionSpan, type Region } from '../../../src/core/report/markerRegions';
import { filledState, playbook, run } from './fixtures';
import { seeded } from '../../fixtures/seeded';
import { randomText } from './hostile';

const LEAVES = new Set(['header', 'status', 'checklist', 'answer', 'notes', 'runs']);

/** The report with every extension-owned region cut out: what must survive every update byte for byte. */
function outsideRegions(text: string): string {
  const doc = scanReport(text);
  const leaves: Region[] = [];
  const walk = (regions: Region[]) => regions.forEach(r => (LEAVES.has(r.kind) ? leaves.push(r) : walk(r.children)));
  walk(doc.regions);
  let out = '';
  let at = 0;
  for (const r of leaves) {
    const span = regionSpan(doc, r);
    out += text.slice(at, span.start) + `[${r.kind}]`;
    at = span.end;
  }
  return out + text.slice(at);
}

/** The text without one region of one step (the step itself when kind is 'step'). */
function cutRegion(text: string, stepId: string, kind: string): string {
  const doc = scanReport(text);
  const step = doc.regions.find(r => r.kind === 'step' && r.attrs.id === stepId) as Region;
  const region = kind === 'step' ? step : (step.children.find(c => c.kind === kind) as Region);
  const span = regionSpan(doc, region);
  return text.slice(0, span.start) + text.slice(span.end);
}

function apply(text: string, edits: TextEdit[]): string {
  return applyEdits(text, edits);
}

/** A report with a person's own text in every place outside the regions. */
function handEdited(): { text: string; state: ReportState; snippets: string[] } {
  const pb = playbook();
  const state = filledState();
  // Every step with notes and a run, so every region is there from the start: an update that inserts a missing
  // region also writes its section heading, which is not what this test looks at.
  for (const [id, step] of Object.entries(state.steps)) {
    if (step.notes === '') step.notes = `notes of ${id}`;
    if (step.runs.length === 0) step.runs.push(run({ runId: `first-${id}` }));
  }
  let text = renderReport(pb, state);
  const snippets = [
    'Personal preface, before anything.\n\n',
    '\n\n## Timeline (mine)\n\n- 12:00 paged   \n- 12:05 joined\n',
    '\nA remark under the Notes heading with trailing spaces   \n',
    '\n> Quote between answers | with pipes\n',
    '\n\nClosing words.\n',
  ];
  text = snippets[0] + text;
  text = text.replace(
    '<!-- irp:phase id="detection-analysis" -->',
    snippets[1] + '<!-- irp:phase id="detection-analysis" -->',
  );
  text = text.replace('##### Notes\n', '##### Notes\n' + snippets[2]);
  text = text.replace('**Question:** What about q-when?', snippets[3] + '**Question:** What about q-when?');
  text += snippets[4];
  return { text, state, snippets };
}

describe('report incremental edits', () => {
  it('keeps text outside the regions byte for byte through 20 successive updates', () => {
    const pb = playbook();
    const { text: start, state, snippets } = handEdited();
    const skeleton = outsideRegions(start);
    const next = seeded(7);
    const stepIds = Object.keys(state.steps);
    let text = start;
    for (let i = 0; i < 20; i++) {
      const id = stepIds[i % stepIds.length];
      const step: StepState = state.steps[id];
      if (i % 5 === 4) {
        state.header = {
          ...state.header,
          title: `Title ${randomText(next, 4)}`,
          parameters: { ...state.header.parameters, extra: randomText(next, 3) },
        };
        text = apply(text, updateHeader(text, state.header));
      } else if (i % 3 === 2) {
        const added = run({
          runId: `run-${i}`,
          summary: { columns: ['a'], rows: [[randomText(next, 5)]], truncated: false },
        });
        step.runs.push(added);
        text = apply(text, appendRun(text, pb, id, added));
      } else {
        step.status = i % 2 ? 'in-progress' : 'done';
        step.notes = randomText(next, 10);
        for (const q of Object.keys(step.answers)) step.answers[q] = randomText(next, 6);
        for (const c of Object.keys(step.checklist)) step.checklist[c] = next() < 0.5;
        text = apply(text, updateStep(text, pb, id, step));
      }
      assert.equal(outsideRegions(text), skeleton, `update ${i} changed text outside the regions`);
      const parsed = parseReport(text);
      assert.deepEqual(parsed.diagnostics, []);
      assert.deepStrictEqual(parsed.state, state, `update ${i}`);
    }
    for (const s of snippets) assert.ok(text.includes(s), `lost ${JSON.stringify(s)}`);
  });

  it('replaces only the answer region when one answer is recorded', () => {
    const pb = playbook();
    const { text, state } = handEdited();
    const step = {
      ...state.steps['review-sg'],
      answers: { ...state.steps['review-sg'].answers, 'q-when': 'Between 12:00 and 12:30 UTC' },
    };
    const edits = updateStep(text, pb, 'review-sg', step);
    assert.equal(edits.length, 1);
    const old = text.slice(edits[0].start, edits[0].end);
    assert.match(old, /^<!-- irp:answer id="q-when" -->/);
    assert.ok(edits[0].newText.length < 120);
    assert.deepEqual(updateStep(apply(text, edits), pb, 'review-sg', step), [], 'an unchanged step needs no edit');
  });

  it('reads back edits a person makes inside the regions', () => {
    const pb = playbook();
    let text = renderReport(pb, filledState());
    text = text.replace('- [ ] Do c2 {#c2}', '- [X] Do c2, done by hand {#c2}');
    text = text.replace('- [ ] Do r1 {#r1 unset}', '* [x] Do r1 {#r1 unset}');
    text = text.replace(
      '<!-- irp:answer id="q-nacl" unset -->\n',
      '<!-- irp:answer id="q-nacl" unset -->\nNo NACL changed. *Checked* at 12:40 & later <b>\n',
    );
    text = text.replace('- **Status:** skipped', '- **Status:** Done');
    text = text.replace('opened to 0.0.0.0/0\n', 'opened to 0.0.0.0/0\n\n- rule one\n- rule two\n');
    const { state, diagnostics } = parseReport(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(state.steps['prep-contacts'].checklist.c2, true);
    assert.equal(state.steps['review-routes'].checklist.r1, true);
    assert.equal(state.steps['review-routes'].status, 'done');
    // Decoding undoes only what the encoder writes: a person's `*` and `<b>` stay as typed.
    assert.equal(state.steps['review-nacl'].answers['q-nacl'], 'No NACL changed. *Checked* at 12:40 & later <b>');
    assert.equal(state.steps['review-sg'].notes, 'Two ingress rules\nopened to 0.0.0.0/0\n\n- rule one\n- rule two');
  });

  it('inserts a deleted step region back between its neighbours', () => {
    const pb = playbook();
    const text = cutRegion(renderReport(pb, filledState()), 'review-nacl', 'step');
    assert.equal(parseReport(text).state.steps['review-nacl'], undefined);
    const state: StepState = { ...emptyStepState(), status: 'done', answers: { 'q-nacl': 'none' } };
    const after = apply(text, updateStep(text, pb, 'review-nacl', state));
    assert.deepStrictEqual(parseReport(after).state.steps['review-nacl'], state);
    const order = scanReport(after)
      .regions.filter(r => r.kind === 'step')
      .map(r => r.attrs.id);
    assert.deepEqual(order, ['prep-contacts', 'review-sg', 'review-nacl', 'review-routes', 'contain', 'restore']);
  });

  it('inserts the first step of a phase under its phase heading, and the phase heading when it is gone too', () => {
    const pb = playbook();
    const full = renderReport(pb, filledState());
    const doc = scanReport(full);
    const contain = regionSpan(doc, doc.regions.find(r => r.attrs.id === 'contain' && r.kind === 'step') as Region);
    const withoutStep = full.slice(0, contain.start) + full.slice(contain.end);
    const after = apply(withoutStep, updateStep(withoutStep, pb, 'contain', emptyStepState()));
    assert.ok(after.indexOf('## Containment and Eradication') < after.indexOf('<!-- irp:step id="contain" -->'));
    assert.ok(after.indexOf('<!-- irp:step id="contain" -->') < after.indexOf('## Recovery'));
    const phase = full.indexOf('<!-- irp:phase id="containment-eradication" -->');
    const withoutPhase = full.slice(0, phase) + full.slice(contain.end);
    const restored = apply(withoutPhase, updateStep(withoutPhase, pb, 'contain', emptyStepState()));
    assert.ok(restored.indexOf('## Containment and Eradication') < restored.indexOf('<!-- irp:step id="contain" -->'));
    assert.ok(restored.indexOf('<!-- irp:step id="contain" -->') < restored.indexOf('## Recovery'));
  });

  it('inserts deleted answer, notes and runs regions back inside their step', () => {
    const pb = playbook();
    const state = filledState();
    let text = renderReport(pb, state);
    const cut = (re: RegExp) => {
      text = text.replace(re, '');
    };
    cut(/<!-- irp:answer id="q-who" -->[\s\S]*?<!-- \/irp:answer -->/);
    cut(/##### Runs\n\n<!-- irp:runs -->\n<!-- irp:run[\s\S]*?<!-- \/irp:runs -->/);
    const broken = parseReport(text).state.steps['review-sg'];
    assert.equal(broken.answers['q-who'], undefined);
    assert.deepEqual(broken.runs, []);
    text = apply(text, updateStep(text, pb, 'review-sg', state.steps['review-sg']));
    assert.deepStrictEqual(parseReport(text).state, state);
    const newRun = run({ runId: 'second' });
    text = cutRegion(text, 'review-sg', 'runs');
    text = apply(text, appendRun(text, pb, 'review-sg', newRun));
    assert.deepStrictEqual(parseReport(text).state.steps['review-sg'].runs, [newRun]);
  });

  it('puts the header back at the top when it was deleted', () => {
    const state = filledState();
    const full = renderReport(playbook(), state);
    const text = full.slice(full.indexOf('<!-- /irp:header -->') + '<!-- /irp:header -->'.length);
    assert.ok(parseReport(text).diagnostics.some(d => d.code === 'missing-header'));
    const after = apply(text, updateHeader(text, state.header));
    assert.deepStrictEqual(parseReport(after).state, state);
  });

  it('appends runs in order and removes runs the state no longer has', () => {
    const pb = playbook();
    const state = filledState();
    let text = renderReport(pb, state);
    for (const id of ['r2', 'r3']) {
      const r = run({ runId: id });
      state.steps['review-nacl'].runs.push(r);
      text = apply(text, appendRun(text, pb, 'review-nacl', r));
    }
    assert.deepStrictEqual(parseReport(text).state, state);
    state.steps['review-nacl'].runs = [state.steps['review-nacl'].runs[1]];
    text = apply(text, updateStep(text, pb, 'review-nacl', state.steps['review-nacl']));
    assert.deepStrictEqual(parseReport(text).state, state);
  });

  it('edits CRLF reports with CRLF text and reads them back', () => {
    const pb = playbook();
    const created = createReport(pb, {
      mode: 'live',
      playbookPath: 'p.md',
      now: new Date('2026-11-29T00:00:00Z'),
      incidentId: 'x1',
    });
    let text = created.text.replace(/\n/g, '\r\n');
    const state = created.state;
    // A new report has no step in its state yet: recording the first one replaces its "not started" line.
    assert.deepEqual(state.steps, {});
    state.steps['review-sg'] = {
      ...emptyStepState(),
      answers: { 'q-who': 'line one\r\nline two\nthree' },
      notes: 'n\r\n',
    };
    text = apply(text, updateStep(text, pb, 'review-sg', state.steps['review-sg']));
    const r = run();
    state.steps['review-sg'].runs.push(r);
    text = apply(text, appendRun(text, pb, 'review-sg', r));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    assert.deepStrictEqual(parseReport(text).state, state);
  });

  it('reports damaged regions with their line and still reads the rest', () => {
    const pb = playbook();
    const full = renderReport(pb, filledState());
    const lines = full.split('\n');
    const answerClose = lines.findIndex(
      (l, i) =>
        l === '<!-- /irp:answer -->' &&
        lines.slice(0, i).some(x => x.includes('id="q-who"')) &&
        i > lines.findIndex(x => x.includes('id="q-who"')),
    );
    const opener = lines.findIndex(x => x.includes('<!-- irp:answer id="q-who" -->'));
    const damaged = [...lines.slice(0, answerClose), ...lines.slice(answerClose + 1)];
    const statusAt = damaged.findIndex(l => l === '- **Status:** skipped');
    damaged[statusAt] = '- **Status:** finished-ish';
    damaged.splice(5, 0, '<!-- /irp:notes -->');
    const { state, diagnostics } = parseReport(damaged.join('\n'));
    const unclosed = diagnostics.find(d => d.code === 'unclosed-region');
    assert.equal(unclosed?.line, opener + 2, 'line of the unclosed answer (after the stray line inserted above it)');
    assert.ok(diagnostics.some(d => d.code === 'stray-close' && d.line === 6));
    assert.ok(
      diagnostics.some(d => d.code === 'bad-status' && d.line === statusAt + 2),
      'line of the bad status (shifted by the stray line)',
    );
    assert.equal(state.steps['review-sg'].answers['q-who'], undefined);
    assert.equal(state.steps['review-sg'].answers['q-when'], '');
    assert.equal(state.steps['review-sg'].runs.length, 1);
    assert.equal(state.steps['prep-contacts'].status, 'done');
    assert.equal(state.steps['review-routes'].status, 'not-started');
    // An update repairs the damaged answer.
    const fixedState = filledState().steps['review-sg'];
    const repaired = apply(damaged.join('\n'), updateStep(damaged.join('\n'), pb, 'review-sg', fixedState));
    const again = parseReport(repaired);
    assert.deepStrictEqual(again.state.steps['review-sg'], fixedState);
    assert.ok(!again.diagnostics.some(d => d.code === 'unclosed-region'));
  });

  it('rejects overlapping edits and applies insertions at one offset in order', () => {
    assert.equal(
      applyEdits('abc', [
        { start: 1, end: 1, newText: 'X' },
        { start: 1, end: 1, newText: 'Y' },
        { start: 2, end: 3, newText: 'Z' },
      ]),
      'aXYbZ',
    );
    assert.throws(
      () =>
        applyEdits('abc', [
          { start: 0, end: 2, newText: '' },
          { start: 1, end: 3, newText: '' },
        ]),
      /overlap/,
    );
  });
});

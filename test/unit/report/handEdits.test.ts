// Hostile hand edits of a report's markers and regions, then an update: the update either keeps every character the
// person typed and every earlier run record, or is refused (the text unchanged) with a line that exists.
import assert from 'node:assert/strict';
import {
  applyEdits,
  emptyStepState,
  parseReport,
  planHeaderUpdate,
  planRunAppend,
  planStepUpdate,
  renderReport,
  ReportUpdateRefused,
  type ReportState,
  type ReportUpdate,
  type StepStatus,
} from '../../../src/core/report';
import { damagedMarker, isMarkerLine } from '../../../src/core/report/markerRegions';
import { filledState, playbook, run } from './fixtures';
import { seeded } from '../../fixtures/seeded';
import { pick, randomText } from './hostile';

const SHA = 'ab'.repeat(32);

/** filledState with runs in three steps: the earlier records an update must never lose. */
function stateWithRuns(): ReportState {
  const state = filledState();
  state.steps['review-sg'].runs.push(run({ runId: 'run-2', queryText: 'SELECT 2' }));
  state.steps['review-nacl'].runs = [run({ runId: 'run-3' })];
  state.steps.contain.runs = [run({ runId: 'run-4', summary: { columns: [], rows: [], truncated: false } })];
  return state;
}

const RUN_IDS = ['run-1', 'run-2', 'run-3', 'run-4'];

function refusal(plan: () => ReportUpdate): ReportUpdateRefused {
  try {
    plan();
  } catch (e) {
    if (e instanceof ReportUpdateRefused) return e;
    throw e;
  }
  assert.fail('the update was not refused');
}

/** The report after a person's `edit` of the rendered text, and the update of review-sg as the session makes it. */
function updated(edit: (text: string) => string, change: (step: ReturnType<typeof emptyStepState>) => void) {
  const text = edit(renderReport(playbook(), stateWithRuns()));
  const step = structuredClone(parseReport(text).state.steps['review-sg']);
  change(step);
  const update = planStepUpdate(text, playbook(), 'review-sg', step);
  return { text, update, after: applyEdits(text, update.edits) };
}

const USER_PARAGRAPH = 'My own paragraph, after the notes.';
const NOTES_END = 'opened to 0.0.0.0/0\n\n<!-- /irp:notes -->\n';
/** review-sg's notes close marker (the first in the report belongs to an earlier step) changed by `edit`. */
const withParagraph = (text: string, edit = (close: string) => close) =>
  text.replace(NOTES_END, `opened to 0.0.0.0/0\n\n${edit('<!-- /irp:notes -->')}\n\n${USER_PARAGRAPH}\n`);

describe('hand edits of markers', () => {
  it('keeps every earlier run and its SHA-256 when <!-- /irp:runs --> was deleted (append and update)', () => {
    // review-sg is the first step with runs.
    const text = renderReport(playbook(), stateWithRuns()).replace(
      '<!-- /irp:run -->\n<!-- /irp:runs -->\n',
      '<!-- /irp:run -->\n',
    );
    assert.equal(parseReport(text).state.steps['review-sg'].runs.length, 0, 'the damaged runs region reads as empty');
    const appended = planRunAppend(text, playbook(), 'review-sg', run({ runId: 'run-new' }));
    const after = applyEdits(text, appended.edits);
    assert.deepEqual(
      parseReport(after).state.steps['review-sg'].runs.map(r => r.runId),
      ['run-1', 'run-2', 'run-new'],
    );
    assert.equal(after.split(SHA).length, text.split(SHA).length + 1, 'every SHA-256 is still there, and the new one');
    assert.match(appended.repairs[0].message, /runs region opened at line \d+ had no closing marker/);
    // The session's own update, with the state it read (no runs), keeps them too.
    const step = parseReport(text).state.steps['review-sg'];
    const done = planStepUpdate(text, playbook(), 'review-sg', { ...step, status: 'done' });
    const viaUpdate = applyEdits(text, done.edits);
    assert.deepEqual(
      parseReport(viaUpdate).state.steps['review-sg'].runs.map(r => r.runId),
      ['run-1', 'run-2'],
    );
    assert.equal(parseReport(viaUpdate).state.steps['review-sg'].status, 'done');
  });

  it('keeps the notes and the paragraph after them when the notes close marker was deleted', () => {
    const { update, after } = updated(
      t => withParagraph(t, () => ''),
      step => {
        step.status = 'done';
      },
    );
    assert.ok(after.includes('Two ingress rules\\\nopened to 0.0.0.0/0') && after.includes(USER_PARAGRAPH));
    assert.equal(parseReport(after).state.steps['review-sg'].status, 'done');
    assert.match(update.repairs[0].message, /notes region opened at line \d+ had no closing marker/);
    assert.deepEqual(parseReport(after).diagnostics, []);
  });

  it('repairs a notes close marker written in capitals instead of writing over the notes', () => {
    const { text, update, after } = updated(
      t => withParagraph(t, close => close.toUpperCase()),
      step => {
        step.answers['q-when'] = 'at noon';
      },
    );
    assert.equal(parseReport(after).state.steps['review-sg'].notes, 'Two ingress rules\nopened to 0.0.0.0/0');
    assert.ok(after.includes(USER_PARAGRAPH));
    const line = text.split('\n').indexOf('<!-- /IRP:NOTES -->') + 1;
    const message =
      `line ${line} was read as the marker <!-- /irp:notes --> ` +
      '(markers are lower case, at the start of their line).';
    assert.deepEqual(update.repairs, [{ line, message }]);
  });

  it('puts text typed after the notes close marker on a line of its own, outside the region', () => {
    const { after, update } = updated(
      t => withParagraph(t, close => `${close} more text`),
      step => {
        step.status = 'done';
      },
    );
    assert.ok(after.includes('opened to 0.0.0.0/0\n\n<!-- /irp:notes -->\nmore text\n'));
    assert.equal(parseReport(after).state.steps['review-sg'].notes, 'Two ingress rules\nopened to 0.0.0.0/0');
    assert.ok(after.includes(USER_PARAGRAPH));
    assert.match(update.repairs[0].message, /the text after it on that line now has a line of its own/);
  });

  it('moves notes the session never saw out of the region, unchanged, when it writes new notes there', () => {
    const { after } = updated(
      t => withParagraph(t, close => `${close} more text`),
      step => {
        step.notes = 'Replaced notes';
      },
    );
    assert.equal(parseReport(after).state.steps['review-sg'].notes, 'Replaced notes');
    assert.ok(
      after.includes(
        '<!-- /irp:notes -->\n\n> **IR Playbook:** the lines below were inside the notes region ' +
          'above, where the extension does not read them; the update moved them here unchanged.\n\n' +
          'Two ingress rules\\\nopened to 0.0.0.0/0\nmore text\n',
      ),
    );
  });

  it('keeps what follows a checklist whose close marker was deleted', () => {
    const item = '- [x] Do snap {#snap}\n';
    const { after, update } = updated(
      t => t.replace(`${item}<!-- /irp:checklist -->\n`, item),
      step => {
        step.checklist.snap = false;
        step.answers['q-who'] = 'someone';
      },
    );
    assert.ok(after.includes('**Question:** What about q-who?') && after.includes('**Question:** What about q-when?'));
    const read = parseReport(after);
    assert.deepEqual(read.state.steps['review-sg'].checklist, { snap: false });
    assert.equal(read.state.steps['review-sg'].answers['q-who'], 'someone');
    assert.equal(update.repairs.length, 1);
  });

  it('closes a run record that lost its close marker before the next run, and keeps both', () => {
    const text = renderReport(playbook(), stateWithRuns()).replace(
      /<!-- \/irp:run -->\n\n(<!-- irp:run id="run-2")/,
      '\n$1',
    );
    const update = planRunAppend(text, playbook(), 'review-sg', run({ runId: 'run-new' }));
    const after = applyEdits(text, update.edits);
    const runs = [...stateWithRuns().steps['review-sg'].runs, run({ runId: 'run-new' })];
    assert.deepEqual(parseReport(after).state.steps['review-sg'].runs, runs);
    assert.match(update.repairs[0].message, /run region opened at line \d+ had no closing marker/);
  });

  it('refuses to append after a run record that lost its close marker and has text inside it', () => {
    const text = renderReport(playbook(), stateWithRuns())
      .replace(/(\| RevokeSecurityGroupEgress \| 1 \|\n)\n<!-- \/irp:run -->\n\n(<!-- irp:run id="run-2")/, '$1\n$2')
      .replace('GROUP BY 1\n```\n\n| eventname', 'GROUP BY 1\n```\n\nMy remark on run 1.\n\n| eventname');
    const e = refusal(() => planRunAppend(text, playbook(), 'review-sg', run({ runId: 'run-new' })));
    const lines = text.split('\n');
    assert.equal(lines[e.line - 1], '<!-- irp:run id="run-1" -->');
    const before = lines.indexOf('<!-- irp:run id="run-2" -->') + 1;
    assert.equal(
      e.message,
      `The report was not changed. Line ${e.line}: the run region opened here has no closing ` +
        `marker <!-- /irp:run -->; put it on its own line where the region ends (before line ${before}), then repeat ` +
        'the change.',
    );
  });

  it('moves text typed into the status line out of the region when the status changes', () => {
    const typed = '- **Status:** in progress, waiting for Bob';
    const { after, update } = updated(
      t => t.replace('- **Status:** in progress', typed),
      step => {
        step.status = 'done';
      },
    );
    assert.equal(update.repairs.length, 0);
    assert.ok(after.includes('<!-- /irp:status -->\n\n> **IR Playbook:** the lines below were inside the status'));
    assert.ok(after.includes(`\n${typed}\n`));
    assert.equal(parseReport(after).state.steps['review-sg'].status, 'done');
  });

  it('keeps text typed inside a run record through updates of its step', () => {
    const remark = 'Checked these two rows with the network team.';
    const row = '| RevokeSecurityGroupEgress | 1 |\n';
    const { after } = updated(
      t => t.replace(row, `${row}\n${remark}\n`),
      step => {
        step.status = 'done';
        step.notes = 'new notes';
        step.runs.push(run({ runId: 'run-new' }));
      },
    );
    assert.ok(after.includes(`${row}\n${remark}\n`));
    assert.deepEqual(
      parseReport(after).state.steps['review-sg'].runs.map(r => r.runId),
      ['run-1', 'run-2', 'run-new'],
    );
  });

  it('refuses to write notes whose end is uncertain, naming the line and the marker to add', () => {
    const text = renderReport(playbook(), stateWithRuns()).replace(
      `${NOTES_END}\n##### Runs\n`,
      'opened to 0.0.0.0/0\n\n##### My runs\n',
    );
    const step = parseReport(text).state.steps['review-sg'];
    const e = refusal(() => planStepUpdate(text, playbook(), 'review-sg', { ...step, notes: 'typed in the panel' }));
    assert.equal(text.split('\n')[e.line - 1], '<!-- irp:notes -->');
    assert.match(e.message, /^The report was not changed\. Line \d+: the notes region opened here has no closing /);
    assert.match(e.message, /<!-- \/irp:notes -->; put it on its own line where the region ends \(before line \d+\)/);
    // An update that does not write the notes still goes through, and leaves them as they are.
    const done = planStepUpdate(text, playbook(), 'review-sg', { ...step, status: 'done' });
    assert.ok(applyEdits(text, done.edits).includes('opened to 0.0.0.0/0\n\n##### My runs\n'));
  });

  it('keeps a hand-typed answer line as typed when the answer grows in the panel', () => {
    const typed = 'mallory <b>via console</b> & *no MFA*';
    const { after } = updated(
      t => t.replace('arn:aws:iam::123456789012:user/mallory', typed),
      step => {
        step.answers['q-who'] += '\nconfirmed';
      },
    );
    assert.ok(after.includes(`\n${typed}\nconfirmed\n`));
    assert.equal(parseReport(after).state.steps['review-sg'].answers['q-who'], `${typed}\nconfirmed`);
  });

  it('updates other steps and the header while one step has damage it cannot repair', () => {
    const text = renderReport(playbook(), stateWithRuns())
      .replace(/(\| RevokeSecurityGroupEgress \| 1 \|\n)\n<!-- \/irp:run -->\n\n(<!-- irp:run id="run-2")/, '$1\n$2')
      .replace('GROUP BY 1\n```\n\n| eventname', 'GROUP BY 1\n```\n\nMy remark on run 1.\n\n| eventname')
      .replace('  - window: P7D\n  - access_key_id', '  - window: P7D\nMy note in the header.\n  - access_key_id');
    refusal(() => planRunAppend(text, playbook(), 'review-sg', run({ runId: 'run-new' })));
    const nacl = { ...parseReport(text).state.steps['review-nacl'], status: 'done' as const };
    const afterStep = applyEdits(text, planStepUpdate(text, playbook(), 'review-nacl', nacl).edits);
    assert.equal(parseReport(afterStep).state.steps['review-nacl'].status, 'done');
    const header = { ...parseReport(text).state.header, title: 'Renamed incident' };
    const update = planHeaderUpdate(afterStep, header);
    const after = applyEdits(afterStep, update.edits);
    assert.equal(parseReport(after).state.header.title, 'Renamed incident');
    assert.ok(
      after.includes(
        '<!-- /irp:header -->\n\n> **IR Playbook:** the lines below were inside the header ' +
          'region above, where the extension does not read them; the update moved them here unchanged.\n\n' +
          'My note in the header.\n',
      ),
    );
    assert.ok(after.includes('My remark on run 1.'));
  });

  it('keeps the record of a run the state no longer lists, as text', () => {
    const { after } = updated(
      t => t,
      step => {
        step.runs = step.runs.filter(r => r.runId !== 'run-1');
      },
    );
    assert.deepEqual(
      parseReport(after).state.steps['review-sg'].runs.map(r => r.runId),
      ['run-2'],
    );
    assert.ok(after.includes("run run-1 is no longer one of this step's runs; its record stays here as text."));
    assert.equal(after.split(SHA).length, renderReport(playbook(), stateWithRuns()).split(SHA).length);
  });
});

// ---- property test ----

type Op = 'delete' | 'duplicate' | 'move' | 'miscase' | 'insert' | 'append';
const OPS: Op[] = ['delete', 'duplicate', 'move', 'miscase', 'insert', 'insert', 'append', 'append'];
const STATUSES: StepStatus[] = ['not-started', 'in-progress', 'done', 'skipped'];

/** A person's edits of the report's lines; returns the text they typed (each piece unique, on one line). */
function handEdit(lines: string[], next: () => number, label: string): string[] {
  const typed: string[] = [];
  // Lines holding typed text are not picked: deleting them would be the person's own choice.
  const isMarker = (line: string) =>
    (isMarkerLine(line) || damagedMarker(line) !== undefined) && !line.includes('USER');
  const markers = () => lines.map((l, i) => (isMarker(l) ? i : -1)).filter(i => i >= 0);
  for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
    const op = pick(next, OPS);
    const at = pick(next, markers());
    const anywhere = Math.floor(next() * (lines.length + 1));
    const text = `USER${label}.${n} ${randomText(next, 4).replace(/[\r\n\u2028\u2029\u0085\uFEFF]/g, ' ')}`.trimEnd();
    if (op === 'delete') lines.splice(at, 1);
    else if (op === 'duplicate') lines.splice(next() < 0.5 ? at + 1 : anywhere, 0, lines[at]);
    else if (op === 'move') lines.splice(Math.min(anywhere, lines.length - 1), 0, ...lines.splice(at, 1));
    else if (op === 'miscase') lines[at] = lines[at].replace(/irp:[a-z-]+/, m => m.toUpperCase());
    else if (op === 'insert') {
      lines.splice(anywhere, 0, text);
      typed.push(text);
    } else {
      const target = next() < 0.6 ? at : Math.min(anywhere, lines.length - 1);
      lines[target] += ' ' + text;
      typed.push(text);
    }
  }
  return typed;
}

describe('hand edits of markers, then an update (500 seeded cases)', () => {
  it('either keeps every typed character and every earlier run, or refuses naming a line that exists', () => {
    const pb = playbook();
    const base = renderReport(pb, stateWithRuns());
    const stepIds = pb.phases.flatMap(p => p.steps.map(s => s.id));
    const next = seeded(7_2026);
    const counts = { refused: 0, repaired: 0, plain: 0 };
    for (let i = 0; i < 500; i++) {
      const lines = base.split('\n');
      const typed = handEdit(lines, next, String(i));
      let text = lines.join('\n');
      const ending = next();
      if (ending < 0.2) text = text.replace(/\n/g, '\r\n');
      else if (ending < 0.25) text = text.replace(/\n/g, '\r');
      if (next() < 0.2) text = '\uFEFF' + text;
      const id = pick(next, stepIds);
      const step = structuredClone(parseReport(text).state.steps[id] ?? emptyStepState());
      const action = next();
      const questions = pb.phases.flatMap(p => p.steps).find(s => s.id === id)?.questions ?? [];
      let expected: string;
      let plan: () => ReportUpdate;
      if (action < 0.35 && questions.length > 0) {
        const q = pick(next, questions).id;
        const before = step.answers[q];
        step.answers[q] = `${before ? before + '\n' : ''}answer ${i}`;
        expected = `answer ${i}`;
        plan = () => planStepUpdate(text, pb, id, step);
      } else if (action < 0.7) {
        step.status = pick(
          next,
          STATUSES.filter(s => s !== step.status),
        );
        expected = '';
        plan = () => planStepUpdate(text, pb, id, step);
      } else {
        expected = `new-run-${i}`;
        plan = () => planRunAppend(text, pb, id, run({ runId: expected }));
      }
      const label = `case ${i} (${JSON.stringify(typed)}, step ${id})`;
      let update: ReportUpdate;
      try {
        update = plan();
      } catch (e) {
        if (!(e instanceof ReportUpdateRefused)) throw e;
        counts.refused++;
        const lineCount = text.split(/\r\n|\r|\n/).length;
        assert.ok(e.line >= 1 && e.line <= lineCount, `${label}: refused at line ${e.line} of ${lineCount}`);
        assert.ok(e.message.includes(`Line ${e.line}: `), `${label}: the message names the line`);
        continue;
      }
      counts[update.repairs.length > 0 ? 'repaired' : 'plain']++;
      const after = applyEdits(text, update.edits);
      for (const t of typed) assert.ok(after.includes(t), `${label}: lost ${JSON.stringify(t)}`);
      for (const r of RUN_IDS) assert.ok(!text.includes(r) || after.includes(r), `${label}: lost run ${r}`);
      assert.ok(after.includes(expected), `${label}: the update itself (${expected}) is missing`);
      const once = text.split(`<!-- irp:step id="${id}"`).length === 2;
      if (once && expected === '') {
        assert.equal(parseReport(after).state.steps[id]?.status, step.status, `${label}: the status written`);
      }
    }
    // The edits are hostile enough to reach every outcome.
    assert.ok(counts.refused > 0 && counts.repaired > 0 && counts.plain > 0, JSON.stringify(counts));
  });
});

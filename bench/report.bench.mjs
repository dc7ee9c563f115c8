#!/usr/bin/env node
// Recording one answer in a report of at least 5,000 lines: median time of updateStep + applyEdits, and the size of
// the edit against the size of the file. Baseline, same run: a full renderReport of the same state (what rewriting
// the whole file would cost before even writing it).
import { performance } from 'node:perf_hooks';
import { loadCompiled, median, writeResults } from './lib.mjs';

const { renderReport, updateStep, applyEdits, parseReport, emptyStepState } = loadCompiled('src/core/report/index.js');

const MIN_LINES = 5000;
const RUNS = Number(process.env.RUNS ?? 31);
const PHASES = ['preparation', 'detection-analysis', 'containment-eradication', 'recovery', 'post-incident'];
const at = { line: 1, column: 1 };

function makeStep(n) {
  return {
    id: `step-${n}`,
    title: `Step ${n}: review security group changes`,
    phaseId: PHASES[n % 5],
    guidance: '',
    position: at,
    queries: [],
    checklist: Array.from({ length: 4 }, (_, i) => ({
      id: `c${i}`,
      text: `Check item ${i} of step ${n}`,
      position: at,
    })),
    questions: Array.from({ length: 3 }, (_, i) => ({
      id: `q${i}`,
      text: `Question ${i} of step ${n}?`,
      suggestions: [],
      position: at,
    })),
  };
}

function makeRun(n) {
  return {
    runId: `run-${n}`,
    queryId: `q-${n}`,
    engine: 'athena',
    startedAt: '2026-11-29T10:00:00.000Z',
    endedAt: '2026-11-29T10:00:04.000Z',
    rowCount: 1200,
    partial: false,
    queryText:
      'SELECT eventname, sourceipaddress, count(*) AS n\nFROM cloudtrail_logs\nWHERE eventtime BETWEEN ? AND ?\nGROUP BY 1, 2',
    parameters: { window: 'P7D' },
    context: { profile: 'ir', region: 'eu-west-1', workgroup: 'primary' },
    evidence: [
      {
        path: `r.evidence/step-${n}-q-${n}-20261129T100000000Z.csv`,
        sha256: 'ab'.repeat(32),
        format: 'csv',
        bytes: 123456,
      },
    ],
    summary: {
      columns: ['eventname', 'sourceipaddress', 'n'],
      rows: Array.from({ length: 10 }, (_, i) => ['AuthorizeSecurityGroupIngress', `203.0.113.${i}`, String(i * 3)]),
      truncated: true,
    },
  };
}

function makeState(steps) {
  return {
    header: {
      incidentId: 'bench1',
      title: 'Benchmark incident',
      playbookId: 'bench',
      playbookVersion: '1.0.0',
      playbookPath: 'playbooks/bench.md',
      createdAt: '2026-11-29T09:00:00.000Z',
      mode: 'exercise',
      defaultEngine: 'local',
      dataSources: ['sample'],
      parameters: { window: 'P7D' },
    },
    steps: Object.fromEntries(
      steps.map((s, n) => [
        s.id,
        {
          ...emptyStepState(),
          status: 'in-progress',
          startedAt: '2026-11-29T09:10:00Z',
          checklist: { c0: true, c1: false, c2: true, c3: false },
          answers: {
            q0: `Answer for step ${n}\nsecond line | with a pipe`,
            q1: 'arn:aws:iam::123456789012:user/someone',
            q2: '',
          },
          notes: `Notes of step ${n}.\n- first observation\n- second observation <b>not html</b>`,
          runs: [makeRun(n)],
        },
      ]),
    ),
  };
}

function makePlaybook(count) {
  const steps = Array.from({ length: count }, (_, n) => makeStep(n));
  return {
    playbook: {
      id: 'bench',
      title: 'Benchmark',
      version: '1.0.0',
      parameters: [],
      phases: PHASES.map(id => ({ id, title: id, position: at, steps: steps.filter(s => s.phaseId === id) })),
    },
    steps,
  };
}

let count = 20;
let built;
for (;;) {
  const { playbook, steps } = makePlaybook(count);
  const state = makeState(steps);
  const text = renderReport(playbook, state);
  if (text.split('\n').length >= MIN_LINES) {
    built = { playbook, state, text };
    break;
  }
  count += 5;
}
const { playbook, state } = built;
let text = built.text;
const target = `step-${Math.floor(count / 2)}`;

const updateMs = [];
const renderMs = [];
let editBytes = 0;
let replacedBytes = 0;
for (let i = 0; i < RUNS + 3; i++) {
  const stepState = {
    ...state.steps[target],
    answers: {
      ...state.steps[target].answers,
      q2: `Recorded answer ${i}: contained at 10:${String(i).padStart(2, '0')} UTC`,
    },
  };
  let t0 = performance.now();
  const edits = updateStep(text, playbook, target, stepState);
  const next = applyEdits(text, edits);
  const update = performance.now() - t0;
  t0 = performance.now();
  renderReport(playbook, { ...state, steps: { ...state.steps, [target]: stepState } });
  const render = performance.now() - t0;
  if (i >= 3) {
    updateMs.push(update);
    renderMs.push(render);
  }
  editBytes = edits.reduce((n, e) => n + Buffer.byteLength(e.newText), 0);
  replacedBytes = edits.reduce((n, e) => n + Buffer.byteLength(text.slice(e.start, e.end)), 0);
  if (edits.length !== 1) throw new Error(`expected one edit for one answer, got ${edits.length}`);
  text = next;
  state.steps[target] = stepState;
}
const check = parseReport(text);
if (check.diagnostics.length || check.state.steps[target].answers.q2 !== state.steps[target].answers.q2)
  throw new Error('the edited report does not read back');

const fileBytes = Buffer.byteLength(text);
const result = {
  lines: text.split('\n').length,
  steps: count,
  fileBytes,
  runs: RUNS,
  updateStepPlusApplyMedianMs: Number(median(updateMs).toFixed(3)),
  fullRenderMedianMs: Number(median(renderMs).toFixed(3)),
  timeRatioUpdateToRender: Number((median(updateMs) / median(renderMs)).toFixed(3)),
  editNewTextBytes: editBytes,
  editReplacedBytes: replacedBytes,
  editToFileRatio: Number((editBytes / fileBytes).toFixed(5)),
};
writeResults('report', result);
console.log(`report: ${result.lines} lines, ${fileBytes} bytes, ${count} steps`);
console.log(`  record one answer (updateStep + applyEdits): median ${result.updateStepPlusApplyMedianMs} ms`);
console.log(
  `  full renderReport of the same state:        median ${result.fullRenderMedianMs} ms (ratio ${result.timeRatioUpdateToRender})`,
);
console.log(
  `  edit: ${editBytes} bytes written over ${replacedBytes} bytes, ${(100 * result.editToFileRatio).toFixed(3)}% of the file`,
);

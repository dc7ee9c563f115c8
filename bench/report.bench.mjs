#!/usr/bin/env node
// A report of at least 20,000 lines in the document layout a real incident ends with: the header with the incident
// facts, the document sections, a Findings section with a few hundred findings, the Timeline generated from them and
// from many query runs, and the step-by-step appendix. Measured in one run, medians:
// - a full renderReport and a full parseReport of it;
// - the pure in-memory edit of one answer (planStepUpdate + applyEdits);
// - refreshTimeline alone on that edit (what every write adds: the generated timeline regenerated);
// - one answer recorded the way the CLI writes a report: updateReportFile (lock, read from disk, the change computed
//   as the extension computes it, i.e. parseReport + planStepUpdate, refreshTimeline, atomic write with fsync).
// Baselines, same run: a full render followed by an atomic write of the whole file (what rewriting the report from
// the state would cost), and a plain fs.writeFileSync of the same bytes (no lock, no fsync, nothing computed).
// Run with --expose-gc (bench/run.mjs does), garbage is collected before each timed part, so no figure pays for
// collecting what an earlier part left.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCompiled, median, writeResults } from './lib.mjs';

const { renderReport, planStepUpdate, applyEdits, parseReport, emptyStepState } =
  loadCompiled('src/core/report/index.js');
const { updateReportFile } = loadCompiled('src/core/report/reportFile.js');
const { refreshTimeline } = loadCompiled('src/core/findings/refreshTimeline.js');
const { PendingFile } = loadCompiled('src/core/fs/atomicWrite.js');

const MIN_LINES = 20000;
const FINDINGS = 300;
const RUNS = Number(process.env.RUNS ?? 21);
const WARMUP = 2;
const PHASES = ['preparation', 'detection-analysis', 'containment-eradication', 'recovery', 'post-incident'];
const KINDS = ['attacker-action', 'indicator', 'response-action', 'observation'];
const at = { line: 1, column: 1 };
const t0 = Date.parse('2026-11-29T09:00:00.000Z');
const iso = minutes => new Date(t0 + minutes * 60000).toISOString();

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

function makeRun(n, r) {
  const minute = n * 7 + r * 2;
  return {
    runId: `run-${n}-${r}`,
    queryId: `q-${r}`,
    engine: r % 2 ? 'athena' : 'cloudtrail',
    startedAt: iso(minute),
    endedAt: iso(minute + 1),
    rowCount: 1200 + r,
    partial: false,
    queryText:
      'SELECT eventname, sourceipaddress, count(*) AS n\nFROM cloudtrail_logs\nWHERE eventtime > ?\nGROUP BY 1, 2',
    resolvedQuery:
      "SELECT eventname, sourceipaddress, count(*) AS n\nFROM cloudtrail_logs\nWHERE eventtime > '2026-11-22'\nGROUP BY 1, 2",
    parameters: { window: 'P7D' },
    context: { region: 'eu-west-1', workgroup: 'primary' },
    evidence: [
      { path: `r.evidence/step-${n}-q-${r}-${minute}.csv`, sha256: 'ab'.repeat(32), format: 'csv', bytes: 123456 },
    ],
    manifest: { path: `r.evidence/step-${n}-q-${r}-${minute}.run.json`, sha256: 'cd'.repeat(32) },
    summary: {
      columns: ['eventname', 'sourceipaddress', 'n'],
      rows: Array.from({ length: 5 }, (_, i) => ['AuthorizeSecurityGroupIngress', `203.0.113.${i}`, String(i * 3)]),
      truncated: true,
    },
  };
}

function makeFinding(n) {
  const known = n % 4 !== 3;
  return {
    id: `f${n + 1}`,
    ...(known ? { eventTime: iso(n * 3 - 600) } : {}),
    recordedAt: iso(n * 5 + 30),
    kind: KINDS[n % 4],
    summary: `Security group sg-${String(n).padStart(8, '0')} opened to 0.0.0.0/0 | port ${n % 1000}`,
    indicators: [
      { type: 'ip', value: `198.51.100.${n % 200}` },
      { type: 'principal', value: `arn:aws:iam::123456789012:user/actor-${n % 17}` },
    ],
    ...(n % 2 ? { evidence: { path: `r.evidence/f${n}.csv`, row: String(n + 1), sha256: 'ef'.repeat(32) } } : {}),
    stepId: `step-${n % 40}`,
  };
}

function makeState(steps) {
  // Two in three steps were worked on (three runs each), the rest is untouched: one line each in the appendix.
  const worked = steps.filter((_, n) => n % 3 !== 2);
  return {
    header: {
      incidentId: 'bench1',
      title: 'Benchmark incident',
      playbookId: 'bench',
      playbookVersion: '1.0.0',
      playbookPath: 'playbooks/bench.md',
      createdAt: iso(0),
      mode: 'live',
      defaultEngine: 'athena',
      dataSources: [],
      parameters: { window: 'P7D' },
      facts: {
        status: 'contained',
        statusHistory: [
          { status: 'open', at: iso(0) },
          { status: 'contained', at: iso(400) },
        ],
        severity: 'high',
        detectedAt: iso(-30),
        containedAt: iso(400),
        lead: 'A. Responder',
        responders: ['B. Analyst', 'C. Engineer'],
        accounts: ['123456789012'],
        regions: ['eu-west-1', 'us-east-1'],
      },
    },
    findings: Array.from({ length: FINDINGS }, (_, n) => makeFinding(n)),
    steps: Object.fromEntries(
      worked.map(s => {
        const n = Number(s.id.slice(5));
        const done = n % 3 === 0;
        return [
          s.id,
          {
            ...emptyStepState(),
            status: done ? 'done' : 'in-progress',
            startedAt: iso(n * 7),
            ...(done ? { completedAt: iso(n * 7 + 6) } : {}),
            checklist: { c0: true, c1: false, c2: true, c3: false },
            answers: { q0: `Answer for step ${n}\nsecond line | with a pipe`, q1: 'arn:aws:iam::123456789012:user/x' },
            notes: `Notes of step ${n}.\n- first observation\n- second observation <b>not html</b>`,
            runs: [0, 1, 2].map(r => makeRun(n, r)),
          },
        ];
      }),
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

function build() {
  for (let count = 100; ; count += 10) {
    const { playbook, steps } = makePlaybook(count);
    const state = makeState(steps);
    const text = renderReport(playbook, state);
    if (text.split('\n').length >= MIN_LINES) return { playbook, state, text, count };
  }
}

const { playbook, state, text: rendered, count } = build();
// The state as a reader of the file sees it (the parse is what the write path starts from).
const target = `step-${3 * Math.floor(count / 6) + 1}`;
if (!state.steps[target]) throw new Error(`${target} is not a worked step`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-bench-report-'));
const reportPath = path.join(dir, 'report.md');
const plainPath = path.join(dir, 'plain.md');
const rewritePath = path.join(dir, 'rewrite.md');
fs.writeFileSync(reportPath, rendered);
fs.writeFileSync(rewritePath, rendered);

const answerOf = i => `Recorded answer ${i}: contained at 10:${String(i % 60).padStart(2, '0')} UTC`;
/** The change an answer makes, computed as the extension computes it: from the state parsed out of the text. */
const answerChange = i => current => {
  const step = parseReport(current).state.steps[target] ?? emptyStepState();
  return planStepUpdate(current, playbook, target, { ...step, answers: { ...step.answers, q2: answerOf(i) } }).edits;
};

async function atomicWrite(file, text) {
  const pending = await PendingFile.start(file);
  await pending.write(Buffer.from(text, 'utf8'));
  await pending.finish();
  await pending.commit();
}

const ms = { render: [], parse: [], edit: [], refresh: [], record: [], rewrite: [], plain: [] };
let editBytes = 0;
let replacedBytes = 0;
let memText = rendered;
let seq = 0;
for (let i = 0; i < RUNS + WARMUP; i++) {
  const keep = i >= WARMUP;
  const time = (name, fn) => {
    globalThis.gc?.();
    const began = performance.now();
    const value = fn();
    if (keep) ms[name].push(performance.now() - began);
    return value;
  };
  const timeAsync = async (name, fn) => {
    globalThis.gc?.();
    const began = performance.now();
    const value = await fn();
    if (keep) ms[name].push(performance.now() - began);
    return value;
  };
  const parsed = time('parse', () => parseReport(memText));
  const step = parsed.state.steps[target];
  const nextStep = { ...step, answers: { ...step.answers, q2: answerOf(seq++) } };
  const next = time('edit', () => {
    const { edits } = planStepUpdate(memText, playbook, target, nextStep);
    if (edits.length !== 1) throw new Error(`expected one edit for one answer, got ${edits.length}`);
    editBytes = edits.reduce((n, e) => n + Buffer.byteLength(e.newText), 0);
    replacedBytes = edits.reduce((n, e) => n + Buffer.byteLength(memText.slice(e.start, e.end)), 0);
    return applyEdits(memText, edits);
  });
  const refreshed = time('refresh', () => refreshTimeline(next, memText));
  if (refreshed !== next) throw new Error('an answer changed the generated timeline');
  memText = next;
  const full = time('render', () =>
    renderReport(playbook, { ...parsed.state, steps: { ...parsed.state.steps, [target]: nextStep } }),
  );
  await timeAsync('record', () => updateReportFile(reportPath, answerChange(seq++)));
  await timeAsync('rewrite', () =>
    atomicWrite(
      rewritePath,
      renderReport(playbook, { ...parsed.state, steps: { ...parsed.state.steps, [target]: nextStep } }),
    ),
  );
  time('plain', () => fs.writeFileSync(plainPath, full));
}

const onDisk = fs.readFileSync(reportPath, 'utf8');
const check = parseReport(onDisk);
if (check.diagnostics.length || check.state.steps[target].answers.q2 !== answerOf(seq - 1))
  throw new Error('the recorded report does not read back');
fs.rmSync(dir, { recursive: true, force: true });

const m = name => median(ms[name]);
const r3 = x => Number(x.toFixed(3));
const fileBytes = Buffer.byteLength(onDisk);
const result = {
  lines: onDisk.split('\n').length,
  fileBytes,
  steps: count,
  workedSteps: Object.keys(state.steps).length,
  queryRuns: Object.values(state.steps).reduce((n, s) => n + s.runs.length, 0),
  findings: FINDINGS,
  runs: RUNS,
  fullRenderMedianMs: r3(m('render')),
  fullParseMedianMs: r3(m('parse')),
  inMemoryEditMedianMs: r3(m('edit')),
  refreshTimelineMedianMs: r3(m('refresh')),
  recordOneAnswerMedianMs: r3(m('record')),
  baselineRenderAndAtomicWriteMedianMs: r3(m('rewrite')),
  baselinePlainWriteFileSyncMedianMs: r3(m('plain')),
  // What recording adds besides the in-memory work measured alone: lock, read, compare and the atomic write (fsync).
  recordIoAndLockMs: r3(m('record') - m('parse') - m('edit') - m('refresh')),
  ratioRecordToRenderAndWrite: r3(m('record') / m('rewrite')),
  ratioRecordToPlainWrite: r3(m('record') / m('plain')),
  ratioEditToRender: r3(m('edit') / m('render')),
  editNewTextBytes: editBytes,
  editReplacedBytes: replacedBytes,
  editToFileRatio: Number((editBytes / fileBytes).toFixed(6)),
};
writeResults('report', result);
const f = x => `${x.toFixed(1)} ms`;
console.log(
  `report: ${result.lines} lines, ${fileBytes} bytes; ${count} steps (${result.workedSteps} worked, ` +
    `${result.queryRuns} query runs), ${FINDINGS} findings; medians of ${RUNS}`,
);
console.log(`  full renderReport (in memory, no write):                 ${f(m('render'))}`);
console.log(`  full parseReport (in memory, no read):                   ${f(m('parse'))}`);
console.log(`  one answer, planStepUpdate + applyEdits (in memory):     ${f(m('edit'))}`);
console.log(`  refreshTimeline of that edit (in memory):                ${f(m('refresh'))}`);
console.log(
  `  one answer through updateReportFile (parse, plan, refresh, lock, read, atomic write): ${f(m('record'))}`,
);
console.log(`    of which lock, read, compare, atomic write (the rest):   ${f(result.recordIoAndLockMs)}`);
console.log(
  `  baseline: full render + atomic write of the file:        ${f(m('rewrite'))} ` +
    `(recording is ${result.ratioRecordToRenderAndWrite}x)`,
);
console.log(
  `  baseline: fs.writeFileSync of the same bytes (no fsync): ${f(m('plain'))} ` +
    `(recording is ${result.ratioRecordToPlainWrite}x)`,
);
console.log(
  `  edit: ${editBytes} bytes written over ${replacedBytes} bytes, ` +
    `${(100 * result.editToFileRatio).toFixed(4)}% of the file`,
);

#!/usr/bin/env node
// Parsing playbooks: median ms per 1,000 lines for the shipped playbook and for a generated 2,000-step playbook
// (ratio generated/shipped near 1 means parsing stays linear), warm (after warm-up parses), and the shipped
// playbook's first parse in this process, cold (modules loaded, nothing compiled by the JIT yet: what opening the
// first playbook costs). Baseline, same run: markdown-it's own full parse of the same text, cold and warm, so the
// parser's overhead over the markdown library it builds on is visible.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCompiled, median, ROOT, writeResults } from './lib.mjs';

const require = createRequire(import.meta.url);
const { parsePlaybook } = loadCompiled('src/core/playbook/parser.js');
const MarkdownIt = require('markdown-it');

const RUNS = Number(process.env.RUNS ?? 9);
const STEPS = 2000;
const { PHASE_TITLES } = loadCompiled('src/core/playbook/phaseNames.js');
const PHASES = Object.values(PHASE_TITLES);
const SHIPPED = path.join(ROOT, 'playbooks/unauthorized-network-changes.md');

/** One step in the shape real playbook steps have: prose, a checklist, a question with answers, query blocks. */
function generatedStep(n) {
  const lines = [
    `### Review network change ${n} [(docs)](https://docs.aws.amazon.com/) {#step-${n}}`,
    '',
    `Check which principal made change ${n}, from where, and whether a ticket covers it. Use **CloudTrail** first,`,
    'then the flow logs for traffic that reached the resource afterwards.',
    '',
    `- [ ] Note the security group ids touched by change ${n}`,
    `- [ ] Snapshot the affected instances {#snapshot-${n}}`,
    '- [x] Tell the incident lead',
    `- Question: Was change ${n} approved? {#approved-${n}}`,
    '  - Yes, with a change ticket',
    '  - No',
    '',
    `\`\`\`cloudtrail id=ct-${n} title="Changes ${n}"`,
    'attribute: EventName=AuthorizeSecurityGroupIngress',
    'start: {{window.start}}',
    'end: {{window.end}}',
    'regions: all',
    '```',
    '',
    `\`\`\`athena id=athena-${n} title="Traffic after change ${n}"`,
    'SELECT srcaddr, dstport, count(*) AS flows',
    'FROM vpc_flow_logs',
    "WHERE action = 'ACCEPT' AND srcaddr = {{source_ip}}",
    '  AND "start" >= to_unixtime(from_iso8601_timestamp({{window.start}}))',
    'GROUP BY srcaddr, dstport ORDER BY flows DESC LIMIT 50',
    '```',
    '',
  ];
  if (n % 4 === 0) {
    lines.push(
      `\`\`\`local id=local-${n} variant-of=athena-${n}`,
      'SELECT srcaddr, count(*) FROM vpc_flow_logs WHERE srcaddr = {{source_ip}} GROUP BY 1',
      '```',
      '',
    );
  }
  return lines;
}

function generatedPlaybook(steps) {
  const lines = [
    '---',
    'id: generated',
    'title: Generated playbook',
    'version: 1.0.0',
    'parameters:',
    '  window:',
    '    type: timeWindow',
    '    label: Window',
    '    default: P7D',
    '  source_ip:',
    '    type: ip',
    '    label: Source address',
    '---',
    '',
    '# Generated playbook',
    '',
    'Introduction.',
    '',
  ];
  const perPhase = Math.ceil(steps / PHASES.length);
  for (let n = 0; n < steps; n++) {
    if (n % perPhase === 0) lines.push(`## ${PHASES[n / perPhase]}`, '', 'What this phase is for.', '');
    lines.push(...generatedStep(n));
  }
  return lines.join('\n');
}

/**
 * Median ms per 1,000 lines of each subject. Runs take turns (one run of each subject per round) so that load from
 * other processes hits every subject alike and the ratios stay meaningful. Small inputs are parsed several times
 * per run so one run lasts long enough to time.
 */
function measureAll(subjects) {
  const prepared = subjects.map(({ name, text, parse }) => {
    const lines = text.split('\n').length;
    const repeat = Math.max(1, Math.round(20_000 / lines));
    for (let i = 0; i < repeat; i++) parse(text);
    return { name, text, parse, lines, repeat, samples: [] };
  });
  for (let r = 0; r < RUNS; r++) {
    for (const s of prepared) {
      globalThis.gc?.();
      const start = performance.now();
      for (let i = 0; i < s.repeat; i++) s.parse(s.text);
      s.samples.push((performance.now() - start) / s.repeat / (s.lines / 1000));
    }
  }
  return Object.fromEntries(prepared.map(s => [s.name, { lines: s.lines, msPer1000Lines: median(s.samples) }]));
}

const md = new MarkdownIt({ html: false });
const baseline = text => md.parse(text, {});

if (!existsSync(SHIPPED)) throw new Error(`${SHIPPED} is missing: the bench measures the shipped playbook`);
/** The first parse of the shipped playbook in this process, by each parser, in ms per 1,000 lines. */
function coldPer1000Lines(parse) {
  const text = readFileSync(SHIPPED, 'utf8');
  const start = performance.now();
  parse(text);
  return (performance.now() - start) / (text.split('\n').length / 1000);
}
const cold = {
  parserMsPer1000Lines: coldPer1000Lines(parsePlaybook),
  markdownItMsPer1000Lines: coldPer1000Lines(baseline),
};

const generatedText = generatedPlaybook(STEPS);
const generatedCheck = parsePlaybook(generatedText);
const stepCount = generatedCheck.playbook?.phases.reduce((n, p) => n + p.steps.length, 0) ?? 0;
if (generatedCheck.diagnostics.length || stepCount !== STEPS) {
  console.error('the generated playbook does not parse cleanly:', generatedCheck.diagnostics.slice(0, 5), stepCount);
  process.exit(1);
}
const subjects = [
  { name: 'generated', text: generatedText, parse: parsePlaybook },
  { name: 'generatedMarkdownIt', text: generatedText, parse: baseline },
];
const shippedText = readFileSync(SHIPPED, 'utf8');
subjects.push(
  { name: 'shipped', text: shippedText, parse: parsePlaybook },
  { name: 'shippedMarkdownIt', text: shippedText, parse: baseline },
);
const m = measureAll(subjects);

const generated = { ...m.generated, steps: STEPS, markdownItMsPer1000Lines: m.generatedMarkdownIt.msPer1000Lines };
const shipped = { ...m.shipped, markdownItMsPer1000Lines: m.shippedMarkdownIt.msPer1000Lines };

const results = {
  runs: RUNS,
  shipped,
  generated,
  ratioGeneratedToShipped: generated.msPer1000Lines / shipped.msPer1000Lines,
  shippedCold: cold,
  coldOverWarmShipped: cold.parserMsPer1000Lines / shipped.msPer1000Lines,
  overheadOverMarkdownIt: generated.msPer1000Lines / generated.markdownItMsPer1000Lines,
};
writeResults('playbook-parse', results);

const fmt = x => x.toFixed(2);
console.log(
  `shipped playbook, cold (first parse in the process): ${fmt(cold.parserMsPer1000Lines)} ms per 1,000 lines ` +
    `(markdown-it alone, cold: ${fmt(cold.markdownItMsPer1000Lines)}); ${fmt(results.coldOverWarmShipped)}x warm`,
);
console.log(
  `shipped playbook, warm: ${shipped.lines} lines, ${fmt(shipped.msPer1000Lines)} ms per 1,000 lines (markdown-it alone ${fmt(shipped.markdownItMsPer1000Lines)})`,
);
console.log(
  `generated playbook, warm: ${STEPS} steps, ${generated.lines} lines, ${fmt(generated.msPer1000Lines)} ms per 1,000 lines (markdown-it alone ${fmt(generated.markdownItMsPer1000Lines)})`,
);
console.log(`ratio generated/shipped: ${fmt(results.ratioGeneratedToShipped)}`);
console.log(`parser time / markdown-it full parse time (generated): ${fmt(results.overheadOverMarkdownIt)}`);

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { missingSecurityGroupCalls } from '../../../src/core/aws/api/eventPattern';
import { parseAwsBlock } from '../../../src/core/playbook/awsBlockSpec';
import { operationProblem } from '../../../src/core/playbook/awsOperations';
import { GUARDDUTY_FINDING_TYPES } from '../../../src/core/playbook/guardDutyFindingTypes';
import { ENGINE_IDS, PHASE_IDS, type Playbook, type Step } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { bindPlaceholders } from '../../../src/core/playbook/placeholders';
import { loadQueryFiles } from '../../../src/core/playbook/queryFiles';
import { allQueries, allSteps } from '../../../src/core/playbook/query';
import { brief, REPO_ROOT } from './helpers';

const SHIPPED = path.join(REPO_ROOT, 'playbooks', 'unauthorized-network-changes.md');

/** The 49 finding types of the playbook family, with the retired InstanceCredentialExfiltration as its two successors. */
const FINDING_TYPES = [...GUARDDUTY_FINDING_TYPES];

const shipped = (): Playbook => parsePlaybook(fs.readFileSync(SHIPPED, 'utf8')).playbook!;
const stepOf = (playbook: Playbook, id: string): Step => allSteps(playbook).find(s => s.id === id)!;

/** The finding types a step's GuardDuty blocks ask for (their `type` criterion). */
interface FindingsInput {
  FindingCriteria?: { Criterion?: Record<string, { Equals?: string[] }> };
}
const criterion = (text: string) =>
  (parseAwsBlock(text, 'read').spec.input as FindingsInput | undefined)?.FindingCriteria?.Criterion;
function typesAskedFor(step: Step): string[] {
  return step.queries.filter(q => q.engine === 'aws').flatMap(q => criterion(q.text)?.type?.Equals ?? []);
}

/** Finding types named in a step's guidance, in backticks. */
const typesNamed = (step: Step) => FINDING_TYPES.filter(t => step.guidance.includes(`\`${t}\``));

/** Every playbook shipped in playbooks/ (FORMAT.md documents the format and is not one). */
const SHIPPED_FILES = fs
  .readdirSync(path.join(REPO_ROOT, 'playbooks'))
  .filter(f => f.endsWith('.md') && f !== 'FORMAT.md')
  .sort();

describe('every playbook in playbooks/', () => {
  it('is there: the English and the Chinese edition of the shipped playbook', () => {
    assert.deepEqual(SHIPPED_FILES, ['unauthorized-network-changes.md', 'unauthorized-network-changes.zh-cn.md']);
  });

  for (const file of SHIPPED_FILES)
    it(`${file} validates as irp validate checks it: no error or warning, query files included`, () => {
      const full = path.join(REPO_ROOT, 'playbooks', file);
      const result = parsePlaybook(fs.readFileSync(full, 'utf8'));
      assert.ok(result.playbook, file);
      const diagnostics = [...result.diagnostics, ...loadQueryFiles(result.playbook, full)];
      assert.deepEqual(brief(diagnostics), [], file);
    });
});

describe('the shipped playbook, playbooks/unauthorized-network-changes.md', function () {
  before(() => {
    assert.ok(fs.existsSync(SHIPPED), `${SHIPPED} is missing: the shipped playbook's tests cannot run without it`);
  });

  it('parses without errors or warnings', () => {
    assert.deepEqual(brief(parsePlaybook(fs.readFileSync(SHIPPED, 'utf8')).diagnostics), []);
  });

  it('has the five NIST phases in order and at least 16 steps', () => {
    const playbook = parsePlaybook(fs.readFileSync(SHIPPED, 'utf8')).playbook!;
    assert.equal(playbook.id, 'unauthorized-network-changes');
    assert.deepEqual(
      playbook.phases.map(p => p.id),
      [...PHASE_IDS],
    );
    assert.ok(allSteps(playbook).length >= 16, `${allSteps(playbook).length} steps`);
    for (const step of allSteps(playbook))
      assert.ok(step.guidance || step.checklist.length || step.queries.length, `step ${step.id} has content`);
  });

  // The playbook needs no local blocks: in local mode the Athena SQL runs on DuckDB as written (the tabletop test runs
  // it); a local variant is only for SQL that cannot, and must then sit next to its Athena block.
  it('has query blocks for every engine but local, declared parameters only, local variants beside their Athena block', () => {
    const playbook = parsePlaybook(fs.readFileSync(SHIPPED, 'utf8')).playbook!;
    const queries = allQueries(playbook);
    assert.ok(queries.length > 0);
    const declared = new Set(playbook.parameters.map(p => p.name));
    for (const q of queries) {
      assert.ok(q.text.trim(), `${q.id} has a body`);
      for (const name of q.parameters) assert.ok(declared.has(name), `${q.id} uses declared parameter ${name}`);
    }
    assert.deepEqual([...new Set(queries.map(q => q.engine))].sort(), ENGINE_IDS.filter(e => e !== 'local').sort());
    for (const step of allSteps(playbook))
      for (const variant of step.queries.filter(q => q.variantOf !== undefined)) {
        const of = step.queries.find(q => q.id === variant.variantOf);
        assert.equal(of?.engine, 'athena', `${variant.id} is a variant of an Athena block of step ${step.id}`);
      }
  });

  it('every aws and action block names an allowed operation of its kind and parses', () => {
    const blocks = allQueries(shipped()).filter(q => q.engine === 'aws' || q.engine === 'action');
    assert.ok(blocks.filter(q => q.engine === 'aws').length >= 20, `${blocks.length} blocks`);
    for (const q of blocks) {
      const kind = q.engine === 'aws' ? 'read' : 'action';
      const { spec, problems } = parseAwsBlock(q.text, kind);
      assert.deepEqual(problems, [], q.id);
      assert.equal(operationProblem(spec.service!, spec.operation!, kind), undefined, q.id);
    }
    assert.deepEqual(
      blocks.filter(q => q.engine === 'action').map(q => parseAwsBlock(q.text, 'action').spec.operation),
      ['UpdateAccessKey', 'RevokeSecurityGroupIngress', 'CreateSnapshot', 'StopInstances'],
    );
    const actionSteps = new Set(
      allSteps(shipped())
        .filter(s => s.queries.some(q => q.engine === 'action'))
        .map(s => s.phaseId),
    );
    assert.deepEqual(
      [...actionSteps],
      ['containment-eradication'],
      'containment actions sit in containment steps only',
    );
  });

  it('names InstanceCredentialExfiltration only as its .OutsideAWS and .InsideAWS successors', () => {
    const text = fs.readFileSync(SHIPPED, 'utf8');
    const uses = [...text.matchAll(/InstanceCredentialExfiltration(\.\w+)?/g)].map(m => m[1]);
    assert.ok(uses.length >= 4);
    assert.deepEqual(
      uses.filter(suffix => suffix !== '.OutsideAWS' && suffix !== '.InsideAWS'),
      [],
    );
  });

  it('every one of the finding types is asked for by a GuardDuty block of some step, in every Region', () => {
    const playbook = shipped();
    assert.equal(FINDING_TYPES.length, 50, '49 types, one of them split in two');
    const asked = new Set(allSteps(playbook).flatMap(typesAskedFor));
    assert.deepEqual(
      FINDING_TYPES.filter(t => !asked.has(t)),
      [],
    );
    for (const q of allQueries(playbook).filter(b => b.engine === 'aws' && b.text.includes('service: guardduty'))) {
      assert.equal(parseAwsBlock(q.text, 'read').spec.regions, 'all', q.id);
    }
  });

  it('each analysis and containment step that names finding types has a GuardDuty block asking for exactly those', () => {
    const playbook = shipped();
    const naming = allSteps(playbook).filter(s => s.phaseId !== 'preparation' && typesNamed(s).length > 0);
    assert.ok(naming.length >= 6, naming.map(s => s.id).join(', '));
    for (const step of naming) {
      assert.deepEqual(typesNamed(step).sort(), [...new Set(typesAskedFor(step))].sort(), step.id);
      for (const q of step.queries.filter(b => criterion(b.text)?.type)) {
        assert.ok(
          Object.keys(criterion(q.text)!).some(k => k.startsWith('resource.')),
          `${q.id}: filtered by resource`,
        );
      }
    }
  });

  it('the EventBridge pattern shown delivers all five security group calls', () => {
    const step = stepOf(shipped(), 'review-cloudwatch');
    const json = /```json\n([\s\S]*?)```/.exec(step.guidance)?.[1];
    assert.ok(json, 'the step shows a pattern');
    assert.deepEqual(missingSecurityGroupCalls(json), []);
    assert.deepEqual(JSON.parse(json).detail.eventName.sort(), [
      'AuthorizeSecurityGroupEgress',
      'AuthorizeSecurityGroupIngress',
      'ModifySecurityGroupRules',
      'RevokeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
    ]);
  });

  it('Athena queries scoped by account_id run without a value: the default "all" reads every account', () => {
    const playbook = shipped();
    const account = playbook.parameters.find(p => p.name === 'account_id')!;
    assert.equal(account.default, 'all');
    const scoped = allQueries(playbook).filter(q => q.parameters.includes('account_id'));
    assert.deepEqual(
      scoped.map(q => q.id),
      ['ct-sg-open-to-world', 'ct-network-changes', 'ct-runinstances-by-principal'],
    );
    const values = { window: 'P7D', user_name: 'alice' };
    for (const q of scoped) {
      assert.match(q.text, /\(\{\{account_id\}\} = 'all' OR recipientaccountid = \{\{account_id\}\}\)/, q.id);
      const bound = bindPlaceholders(q.text, values, playbook.parameters);
      assert.ok(bound.values.filter(v => v.value === 'all').length === 2, q.id);
    }
  });

  it('VpcFlowLogsAdminPortTraffic counts only traffic on the administration ports', () => {
    const admin = allQueries(shipped()).find(q => q.id === 'vpc-flow-logs-admin-port-traffic')!;
    const filters = admin.text.match(/\(srcport IN \(22, 3389, 5985, 5986\) OR dstport IN \(22, 3389, 5985, 5986\)\)/g);
    assert.equal(filters?.length, 2, 'both halves of the union filter the ports');
  });
});

const SHIPPED_ZH = path.join(REPO_ROOT, 'playbooks', 'unauthorized-network-changes.zh-cn.md');

/** What a report or a run refers to in a step: ids, engines and bodies, never the wording. */
function skeleton(playbook: Playbook) {
  return playbook.phases.map(phase => ({
    phase: phase.id,
    steps: phase.steps.map(step => ({
      id: step.id,
      severity: step.severity,
      owner: step.owner,
      checklist: step.checklist.map(c => c.id),
      questions: step.questions.map(q => ({ id: q.id, suggestions: q.suggestions.length })),
      queries: step.queries.map(q => ({
        id: q.id,
        engine: q.engine,
        text: q.text,
        parameters: q.parameters,
        variantOf: q.variantOf,
        file: q.file,
      })),
    })),
  }));
}

describe('the Chinese edition, playbooks/unauthorized-network-changes.zh-cn.md', () => {
  const english = parsePlaybook(fs.readFileSync(SHIPPED, 'utf8')).playbook!;
  const parsed = parsePlaybook(fs.readFileSync(SHIPPED_ZH, 'utf8'));
  const chinese = parsed.playbook!;

  it('parses without errors or warnings, as its own playbook in zh-cn', () => {
    assert.deepEqual(brief(parsed.diagnostics), []);
    assert.equal(chinese.id, 'unauthorized-network-changes-zh-cn');
    assert.equal(chinese.language, 'zh-cn');
    assert.equal(english.language, undefined);
    assert.equal(chinese.version, english.version);
  });

  it("has the English edition's phases, steps, checklist, question and query ids, and the same query bodies", () => {
    assert.deepStrictEqual(skeleton(chinese), skeleton(english));
  });

  it('declares the same parameters with the same types, defaults and patterns', () => {
    const shape = (p: Playbook) =>
      p.parameters.map(d => ({
        name: d.name,
        type: d.type,
        default: d.default,
        required: d.required,
        pattern: d.pattern,
      }));
    assert.deepStrictEqual(shape(chinese), shape(english));
  });

  it('is written in Chinese: every step title, checklist item and question', () => {
    const han = /\p{Script=Han}/u;
    for (const step of allSteps(chinese)) {
      assert.match(step.title, han, step.id);
      for (const item of step.checklist) assert.match(item.text, han, `${step.id}/${item.id}`);
      for (const q of step.questions) assert.match(q.text, han, `${step.id}/${q.id}`);
    }
    assert.deepEqual(
      chinese.phases.map(p => p.title),
      ['准备', '检测与分析', '遏制和根除', '恢复', '事件后活动'],
    );
  });
});

// Reports follow the playbook's language for the words only people read (section headings, the question label);
// everything the parser reads back stays as it is, so a report in any language reads back to the state it was
// written from. An English report is byte for byte the golden file of the document layout, and the golden file of
// the layout before it (written by the code before languages) still reads back to the same state.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import {
  applyEdits,
  createReport,
  emptyStepState,
  parseReport,
  renderReport,
  updateStep,
  type ReportState,
} from '../../../src/core/report';
import { REPO_ROOT } from '../playbook/helpers';
import { filledState, playbook } from './fixtures';

const ENGLISH_HEADINGS = [
  '##### Checklist',
  '##### Questions',
  '**Question:**',
  '##### Notes',
  '##### Runs',
  '## Summary',
];
const CHINESE_HEADINGS = ['##### 检查清单', '##### 问题', '**问题：**', '##### 备注', '##### 查询记录', '## 摘要'];

/** The fixture state plus a step the playbook does not have, so the orphan section is written too. */
function stateWithOrphan(): ReportState {
  const state = filledState();
  state.steps['orphan-step'] = { ...state.steps['review-nacl'], notes: 'kept' };
  return state;
}

function assertReadsBack(text: string, state: ReportState): void {
  for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
    const parsed = parseReport(variant);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepStrictEqual(parsed.state, state);
  }
}

describe("report headings in the playbook's language", () => {
  it('writes an English report byte for byte as the golden file of the document layout', () => {
    const golden = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/report/english-document.md'), 'utf8');
    assert.equal(renderReport(playbook(), stateWithOrphan()), golden);
    assert.equal(renderReport({ ...playbook(), language: 'en' }, stateWithOrphan()), golden);
  });

  it('reads the golden file written before languages (and the document layout) back to the same state', () => {
    const old = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/report/english-before-languages.md'), 'utf8');
    assertReadsBack(old, stateWithOrphan());
  });

  it('writes Chinese headings for a zh-cn playbook and reads the report back to the same state', () => {
    const state = stateWithOrphan();
    const text = renderReport({ ...playbook(), language: 'zh-cn' }, state);
    for (const heading of CHINESE_HEADINGS) assert.ok(text.includes(heading), heading);
    for (const heading of ENGLISH_HEADINGS) assert.ok(!text.includes(heading), heading);
    assert.ok(text.includes('\n### 剧本中已不存在的步骤\n'));
    // Read back by the parser, so still English.
    assert.ok(text.includes('- **Status:** in progress'));
    assert.ok(text.includes('- **Incident ID:** a1b2c3'));
    assertReadsBack(text, state);
  });

  it('falls back to English headings for a language without its own table', () => {
    const golden = renderReport(playbook(), filledState());
    assert.equal(renderReport({ ...playbook(), language: 'fr' }, filledState()), golden);
  });

  describe('a report of the shipped zh-cn playbook', () => {
    const parsed = parsePlaybook(
      fs.readFileSync(path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.zh-cn.md'), 'utf8'),
    );
    const zh = parsed.playbook!;
    const created = createReport(zh, {
      mode: 'exercise',
      playbookPath: 'playbooks/unauthorized-network-changes.zh-cn.md',
      now: new Date('2026-11-29T12:00:00Z'),
      incidentId: 'abc123',
    });

    it('is created with Chinese headings and question labels, and reads back to its state', () => {
      assert.equal(zh.language, 'zh-cn');
      assert.equal(created.fileName, '2026-11-29-unauthorized-network-changes-zh-cn-abc123.md');
      for (const heading of [
        '## 摘要',
        '## 影响',
        '## 时间线',
        '## 发现',
        '## 经验教训',
        '## 行动项',
        '## 附录：逐步记录',
      ])
        assert.ok(created.text.includes(`\n${heading}\n`), heading);
      // Untouched steps take one line each, in Chinese.
      assert.ok(created.text.includes('\n- 制定、记录并演练升级流程 — 未开始\n'));
      assertReadsBack(created.text, created.state);
    });

    it('records an answer, a tick and notes in place, keeping the Chinese headings', () => {
      const step = {
        ...emptyStepState(),
        status: 'in-progress' as const,
        checklist: { 'esc-contacts': true },
        answers: { 'q-notified': '值班经理和安全负责人' },
        notes: '电话会议桥已建立。',
      };
      const edits = updateStep(created.text, zh, 'escalation-procedures', step);
      const text = applyEdits(created.text, edits);
      const state = { ...created.state, steps: { ...created.state.steps, 'escalation-procedures': step } };
      assertReadsBack(text, state);
      assert.ok(text.includes('**问题：** 告警触发时通知谁？\n\n<!-- irp:answer id="q-notified" -->'));
      assert.ok(text.includes('##### 检查清单\n\n<!-- irp:checklist -->'));
      assert.equal(text.split('##### 问题').length, created.text.split('##### 问题').length + 1);
      assert.deepEqual(updateStep(text, zh, 'escalation-procedures', step), []);
    });

    it('puts a deleted notes region back under its Chinese heading', () => {
      const started = { ...emptyStepState(), status: 'in-progress' as const, notes: '先写的备注' };
      const before = applyEdits(created.text, updateStep(created.text, zh, 'escalation-procedures', started));
      const start = before.indexOf('<!-- irp:step id="escalation-procedures"');
      const end = before.indexOf('<!-- /irp:step -->', start);
      const notes = '##### 备注\n\n<!-- irp:notes -->\n\n先写的备注\n\n<!-- /irp:notes -->\n\n';
      assert.ok(before.slice(start, end).includes(notes));
      const without = before.slice(0, start) + before.slice(start, end).replace(notes, '') + before.slice(end);
      assert.notEqual(without, before);
      const step = { ...started, notes: '补回的备注' };
      const text = applyEdits(without, updateStep(without, zh, 'escalation-procedures', step));
      assert.ok(text.includes('##### 备注\n\n<!-- irp:notes -->\n\n补回的备注\n\n<!-- /irp:notes -->'));
      assert.equal(parseReport(text).state.steps['escalation-procedures'].notes, '补回的备注');
    });
  });
});

// Reports follow the playbook's language for the words only people read (section headings, the question label);
// everything the parser reads back stays as it is, so a report in any language reads back to the state it was
// written from, and an English report is byte for byte what it was before languages existed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import {
  applyEdits,
  createReport,
  parseReport,
  renderReport,
  updateStep,
  type ReportState,
} from '../../../src/core/report';
import { REPO_ROOT } from '../playbook/helpers';
import { filledState, playbook } from './fixtures';

const ENGLISH_HEADINGS = ['#### Checklist', '#### Questions', '**Question:**', '#### Notes', '#### Runs'];
const CHINESE_HEADINGS = ['#### 检查清单', '#### 问题', '**问题：**', '#### 备注', '#### 查询记录'];

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
  it('writes an English report byte for byte as before (golden file written by the code before languages)', () => {
    const golden = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/report/english-before-languages.md'), 'utf8');
    assert.equal(renderReport(playbook(), stateWithOrphan()), golden);
    assert.equal(renderReport({ ...playbook(), language: 'en' }, stateWithOrphan()), golden);
  });

  it('writes Chinese headings for a zh-cn playbook and reads the report back to the same state', () => {
    const state = stateWithOrphan();
    const text = renderReport({ ...playbook(), language: 'zh-cn' }, state);
    for (const heading of CHINESE_HEADINGS) assert.ok(text.includes(heading), heading);
    for (const heading of ENGLISH_HEADINGS) assert.ok(!text.includes(heading), heading);
    assert.ok(text.includes('\n## 剧本中已不存在的步骤\n'));
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
      assert.ok(created.text.includes('**问题：** 告警触发时通知谁？\n\n<!-- irp:answer id="q-notified" unset -->'));
      assert.ok(created.text.includes('#### 检查清单\n\n<!-- irp:checklist -->'));
      assertReadsBack(created.text, created.state);
    });

    it('records an answer, a tick and notes in place, keeping the Chinese headings', () => {
      const step = {
        ...created.state.steps['escalation-procedures'],
        status: 'in-progress' as const,
        checklist: { 'esc-contacts': true },
        answers: { 'q-notified': '值班经理和安全负责人' },
        notes: '电话会议桥已建立。',
      };
      const edits = updateStep(created.text, zh, 'escalation-procedures', step);
      const text = applyEdits(created.text, edits);
      const state = { ...created.state, steps: { ...created.state.steps, 'escalation-procedures': step } };
      assertReadsBack(text, state);
      assert.equal(text.split('#### 问题').length, created.text.split('#### 问题').length);
      assert.deepEqual(updateStep(text, zh, 'escalation-procedures', step), []);
    });

    it('puts a deleted notes region back under its Chinese heading', () => {
      const start = created.text.indexOf('<!-- irp:step id="escalation-procedures"');
      const end = created.text.indexOf('<!-- /irp:step -->', start);
      const notes = '#### 备注\n\n<!-- irp:notes -->\n\n<!-- /irp:notes -->\n\n';
      assert.ok(created.text.slice(start, end).includes(notes));
      const without =
        created.text.slice(0, start) + created.text.slice(start, end).replace(notes, '') + created.text.slice(end);
      assert.notEqual(without, created.text);
      const step = { ...created.state.steps['escalation-procedures'], notes: '补回的备注' };
      const text = applyEdits(without, updateStep(without, zh, 'escalation-procedures', step));
      assert.ok(text.includes('#### 备注\n\n<!-- irp:notes -->\n\n补回的备注\n\n<!-- /irp:notes -->'));
      assert.equal(parseReport(text).state.steps['escalation-procedures'].notes, '补回的备注');
    });
  });
});

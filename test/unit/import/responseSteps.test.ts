import * as assert from 'node:assert/strict';
import { findResponseSteps, matchResponseSteps, titleSimilarity } from '../../../src/core/import/responseSteps';

describe('the framework\'s "Response Steps" list', () => {
  it('reads the step lines however translation bent them, and nothing else', () => {
    const steps = findResponseSteps([
      '1. [**PREPARATION**] Keep an inventory',
      '- [** 准备 **] 保留清单',
      '第11回。 [**検出と分析**] 履歴を確認する',
      '17だ 【**リカバリ**】 元に戻す',
      '12. [ERRADICATION] Quitar rutas [**DETECCIÓN**]',
      '13. [**UNKNOWN**] Not a phase',
      '- [Recovery](#recovery)',
      '- [ ] Not a step',
      '```',
      '2. [**RECOVERY**] Inside code',
      '```',
    ]);
    assert.deepEqual(
      steps.map(s => [s.number, s.phase, s.title]),
      [
        [1, 'preparation', 'Keep an inventory'],
        [2, 'preparation', '保留清单'],
        [11, 'detection-analysis', '履歴を確認する'],
        [17, 'recovery', '元に戻す'],
        [12, 'containment-eradication', 'Quitar rutas'],
      ],
    );
  });

  it('pairs steps with sections by title, then by phase for a step whose title matches nothing', () => {
    const steps = findResponseSteps([
      '1. [**DETECTION**] Review CloudTrail',
      '2. [**RECOVERY**] Revert the changes',
      '3. [**PREPARATION**] Setup Logging',
    ]);
    const matches = matchResponseSteps(steps, [
      { title: 'Setup Logging', phase: 'preparation' },
      { title: 'CloudTrail', phase: 'detection-analysis' },
      { title: 'Recovery', phase: 'recovery' },
    ]);
    assert.deepEqual(matches, [1, 2, 0]);
    assert.ok(
      titleSimilarity('Öffentlich exponierter Vermögensbestand', 'öffentlich exponiertes Asset-Bestand') > 0.35,
    );
    assert.equal(titleSimilarity('', 'x'), 0);
  });
});

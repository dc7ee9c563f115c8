import * as assert from 'node:assert/strict';
import { findResponseSteps, matchByPhase, matchByTitle, titleSimilarity } from '../../../src/core/import/responseSteps';

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
      '2. [**RECOVERY**] Put things back',
      '3. [**PREPARATION**] Setup Logging',
    ]);
    const candidates = [
      { title: 'Setup Logging', phase: 'preparation' as const },
      { title: 'CloudTrail', phase: 'detection-analysis' as const },
      { title: 'Recovery', phase: 'recovery' as const },
    ];
    const matches = matchByTitle(steps, candidates);
    assert.deepEqual(matches, [1, -1, 0]);
    matchByPhase(steps, candidates, matches, new Set());
    assert.deepEqual(matches, [1, 2, 0]);
    // A step settled otherwise (a #### part of a section) takes no section of its phase.
    const settled = matchByTitle(steps, candidates);
    matchByPhase(steps, candidates, settled, new Set([1]));
    assert.deepEqual(settled, [1, -1, 0]);
    // The part after a colon counts alone: a translated prefix cannot drown the section's name.
    const [extra] = findResponseSteps([
      '1. [**PREPARATION**] Zusätzliche vorbeugende Maßnahmen: Angriffsfläche reduzieren',
      '2. [**PREPARATION**] Schulung',
    ]);
    assert.deepEqual(matchByTitle([extra], [{ title: 'Angriffsfläche reduzieren' }]), [0]);
    assert.ok(
      titleSimilarity('Öffentlich exponierter Vermögensbestand', 'öffentlich exponiertes Asset-Bestand') > 0.35,
    );
    assert.equal(titleSimilarity('', 'x'), 0);
  });
});

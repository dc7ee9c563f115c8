import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ensureScenarioData, parseScenario, prepareSampleWorkspace } from '../../../src/core/tabletop/index';
import { minimalScenario, removeDir, REPO_ROOT, tempDir } from './helpers';

function snapshot(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.statSync(full).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

describe('sample workspace', () => {
  let target: string;
  beforeEach(() => {
    target = tempDir('sample');
  });
  afterEach(() => removeDir(target));

  it('lays out the playbook, the scenario, its data and the engine settings', async () => {
    const result = await prepareSampleWorkspace(target, { repoRoot: REPO_ROOT });
    assert.equal(
      fs.readFileSync(path.join(target, 'playbooks/unauthorized-network-changes.md'), 'utf8'),
      fs.readFileSync(path.join(REPO_ROOT, 'playbooks/unauthorized-network-changes.md'), 'utf8'),
    );
    assert.ok(fs.existsSync(path.join(target, 'tabletops/leaked-key-open-ssh/scenario.md')));
    assert.ok(result.generated && result.generated.cloudTrailEvents > 0);
    assert.ok(fs.existsSync(path.join(target, 'data/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/20')));
    assert.ok(fs.existsSync(path.join(target, 'data/AWSLogs/111122223333/vpcflowlogs/eu-west-1/2026/11/20')));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(target, '.vscode/settings.json'), 'utf8')), {
      'irPlaybook.engine.mode': 'local',
      'irPlaybook.local.dataSources': ['data'],
    });
    assert.equal(result.scenarioPath, path.join(target, 'tabletops/leaked-key-open-ssh/scenario.md'));
  });

  it('changes nothing when run again, keeps other settings, and regenerates when the scenario changes', async () => {
    fs.mkdirSync(path.join(target, '.vscode'));
    fs.writeFileSync(
      path.join(target, '.vscode/settings.json'),
      JSON.stringify({ 'editor.fontSize': 15, 'irPlaybook.engine.mode': 'aws' }),
    );
    await prepareSampleWorkspace(target, { repoRoot: REPO_ROOT });
    const before = snapshot(target);
    const second = await prepareSampleWorkspace(target, { repoRoot: REPO_ROOT });
    assert.equal(second.generated, undefined);
    assert.deepEqual(snapshot(target), before);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(target, '.vscode/settings.json'), 'utf8')), {
      'editor.fontSize': 15,
      'irPlaybook.engine.mode': 'local',
      'irPlaybook.local.dataSources': ['data'],
    });

    // A different scale (or an edited scenario) changes the stamp: the data is written again, replacing the old files.
    const third = await prepareSampleWorkspace(target, { repoRoot: REPO_ROOT, scale: 0.5 });
    assert.ok(third.generated);
    const dataFiles = [...snapshot(path.join(target, 'data')).keys()].filter(p => p.endsWith('.gz'));
    assert.equal(dataFiles.length, third.generated.files.length);
  });

  it('leaves settings it cannot read as JSON alone and says so', async () => {
    fs.mkdirSync(path.join(target, '.vscode'));
    const commented = '{\n  // mine\n  "a": 1\n}\n';
    fs.writeFileSync(path.join(target, '.vscode/settings.json'), commented);
    const result = await prepareSampleWorkspace(target, { repoRoot: REPO_ROOT, scale: 0.2 });
    assert.match(result.settingsProblem ?? '', /not plain JSON.*irPlaybook\.engine\.mode/);
    assert.equal(fs.readFileSync(path.join(target, '.vscode/settings.json'), 'utf8'), commented);
  });

  it('regenerates scenario data only when the data parameters change', () => {
    const scenario = parseScenario(minimalScenario()).scenario;
    assert.ok(scenario);
    const dir = path.join(target, 'data');
    assert.ok(ensureScenarioData(scenario, dir));
    assert.equal(ensureScenarioData({ ...scenario, storyText: 'Rewritten prose', title: 'New title' }, dir), undefined);
    assert.ok(ensureScenarioData({ ...scenario, story: { attackerIp: '198.51.100.99' } }, dir));
    assert.ok(ensureScenarioData({ ...scenario, story: { attackerIp: '198.51.100.99' } }, dir, { seed: 8 }));
    assert.equal(
      ensureScenarioData({ ...scenario, story: { attackerIp: '198.51.100.99' } }, dir, { seed: 8 }),
      undefined,
    );
  });

  it('names a broken or missing scenario', async () => {
    await assert.rejects(
      prepareSampleWorkspace(target, { repoRoot: REPO_ROOT, scenario: 'no-such-scenario' }),
      /Cannot read the scenario/,
    );
  });
});

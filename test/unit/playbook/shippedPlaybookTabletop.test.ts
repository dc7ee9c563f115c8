// The shipped playbooks worked offline: every block the local data mode offers runs on the bundled tabletop's
// generated logs, and the steps the scenario's expected findings score by their runs return the rows it asks for.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blocksForMode } from '../../../src/core/engine/resolve';
import type { RunMetadata } from '../../../src/core/engine/types';
import { LocalEngine } from '../../../src/core/local';
import type { Playbook } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { allSteps } from '../../../src/core/playbook/query';
import { generateScenarioData, loadScenario, type Matcher } from '../../../src/core/tabletop/index';
import { REPO_ROOT } from './helpers';

const WORKER = path.resolve(__dirname, '../../../src/core/local/worker.js');
const SCENARIO_DIR = path.join(REPO_ROOT, 'tabletops/leaked-key-open-ssh');
const EDITIONS = ['unauthorized-network-changes.md', 'unauthorized-network-changes.zh-cn.md'];
/** Blocks that read flow-log fields only the custom format has; the playbook says so, and they must say so too. */
const CUSTOM_FORMAT_ONLY = new Set([
  'vpc-flow-logs-top-talkers-packet-level',
  'vpc-flow-logs-top-talking-instances',
  'vpc-flow-logs-top-talking-subnets',
  'vpc-flow-logs-total-bytes-transferred-packet-level',
]);

/** The `run` matchers anywhere in a finding's matcher tree. */
function runMatchers(m: Matcher): Extract<Matcher, { kind: 'run' }>[] {
  if (m.kind === 'run') return [m];
  return m.kind === 'all' || m.kind === 'any' ? m.of.flatMap(runMatchers) : [];
}

interface Ran {
  stepId: string;
  rows: number;
  metadata: RunMetadata;
}

describe('the shipped playbooks on the bundled tabletop data (local engine)', function () {
  let dir: string;
  let engine: LocalEngine;
  let parameters: Record<string, string>;
  const scenario = loadScenario(SCENARIO_DIR).scenario;

  before(() => {
    assert.ok(scenario, `${SCENARIO_DIR} does not load`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-shipped-tabletop-'));
    const story = generateScenarioData(scenario, path.join(dir, 'data'), { scale: 0.3 }).story;
    engine = new LocalEngine({
      dataSources: [path.join(dir, 'data')],
      cacheDir: path.join(dir, 'cache'),
      workerScript: WORKER,
    });
    parameters = {
      window: '2026-11-20T08:00:00Z/2026-11-20T18:00:00Z',
      account_id: scenario.accountId,
      security_group_id: story.securityGroupId,
      instance_id: story.instanceIds[0],
      user_name: story.userName,
      access_key_id: story.accessKeyId,
      suspect_ip: story.attackerIp,
      internal_cidr: '10.0.0.0/8',
    };
  });
  after(async () => {
    await engine?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const edition of EDITIONS)
    describe(edition, () => {
      const ran = new Map<string, Ran>();
      let playbook: Playbook;
      before(async () => {
        const file = path.join(REPO_ROOT, 'playbooks', edition);
        assert.ok(fs.existsSync(file), `${file} is missing`);
        playbook = parsePlaybook(fs.readFileSync(file, 'utf8')).playbook!;
        assert.ok(playbook, `${edition} parses`);
        for (const step of allSteps(playbook))
          for (const block of blocksForMode(step, 'local')) {
            const handle = engine.run(
              {
                engine: block.engine,
                queryId: block.id,
                text: block.text,
                parameters,
                definitions: playbook.parameters,
              },
              new AbortController().signal,
            );
            let rows = 0;
            try {
              for await (const page of handle.pages) rows += page.rows.length;
            } catch {
              // The metadata holds the error; the tests below name it.
            }
            ran.set(block.id, { stepId: step.id, rows, metadata: await handle.metadata });
          }
      });

      it('runs every block the local data mode offers, without error (custom-format blocks say what is missing)', () => {
        assert.ok(ran.size >= 30, `${ran.size} blocks ran`);
        const failed = [...ran].filter(([id, r]) => r.metadata.error && !CUSTOM_FORMAT_ONLY.has(id));
        assert.deepEqual(
          failed.map(([id, r]) => `${id}: ${r.metadata.error?.message}`),
          [],
        );
        for (const id of CUSTOM_FORMAT_ONLY) {
          const r = ran.get(id);
          assert.ok(r, `${id} is offered in local mode`);
          if (r.metadata.error) assert.match(r.metadata.error.message, /column|field|format/i, id);
        }
      });

      it('returns rows in every step the expected findings score by a run, as many as they ask', () => {
        const wanted = scenario!.findings.flatMap(f => runMatchers(f.matcher).map(m => ({ finding: f.id, ...m })));
        assert.ok(wanted.length >= 2, `${wanted.length} run matchers`);
        for (const m of wanted) {
          const runs = [...ran].filter(([id, r]) => r.stepId === m.step && (m.query === undefined || id === m.query));
          assert.ok(runs.length > 0, `${m.finding}: step ${m.step} has blocks in local mode`);
          const best = Math.max(...runs.map(([, r]) => (r.metadata.error ? 0 : r.rows)));
          assert.ok(best >= m.minRows, `${m.finding}: step ${m.step} returned ${best} row(s), wants ${m.minRows}`);
        }
      });

      it('answers from the logs in most blocks: a playbook whose queries all come back empty teaches nothing', () => {
        const withRows = [...ran.values()].filter(r => r.rows > 0).length;
        assert.ok(withRows >= ran.size / 2, `${withRows} of ${ran.size} blocks returned rows`);
      });
    });
});

// End to end: the shipped playbook's own queries, run by the local engine over the bundled scenario's generated
// logs, lead to the facts its expected findings name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blocksForMode } from '../../../src/core/engine/resolve';
import type { QueryRequest } from '../../../src/core/engine/types';
import { LocalEngine } from '../../../src/core/local';
import type { Playbook, QueryBlock } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { generateScenarioData, type StoryFacts } from '../../../src/core/tabletop/index';
import { bundledScenario, removeDir, REPO_ROOT, tempDir } from './helpers';

/** The compiled worker beside the compiled tests. */
const WORKER = path.resolve(__dirname, '../../../src/core/local/worker.js');
/** Queries that need custom-format flow-log fields (instance-id, subnet-id, pkt-*); the playbook says they fail on the default format. */
const CUSTOM_FORMAT_ONLY = new Set([
  'vpc-flow-logs-top-talkers-packet-level',
  'vpc-flow-logs-top-talking-instances',
  'vpc-flow-logs-top-talking-subnets',
  'vpc-flow-logs-total-bytes-transferred-packet-level',
]);

type Obj = Record<string, unknown>;
/** The shipped playbook and its Chinese edition: the same queries, so the same facts from the same logs. */
const EDITIONS = ['playbooks/unauthorized-network-changes.md', 'playbooks/unauthorized-network-changes.zh-cn.md'];

describe("the bundled scenario worked with the playbook's queries on the local engine", function () {
  let dir: string;
  let engine: LocalEngine;
  let story: StoryFacts;
  let parameters: Record<string, string>;

  before(() => {
    const scenario = bundledScenario();
    dir = tempDir('queries');
    story = generateScenarioData(scenario, path.join(dir, 'data'), { scale: 0.3 }).story;
    engine = new LocalEngine({
      dataSources: [path.join(dir, 'data')],
      cacheDir: path.join(dir, 'cache'),
      workerScript: WORKER,
    });
    parameters = {
      window: '2026-11-20T08:00:00Z/2026-11-20T18:00:00Z',
      account_id: '111122223333',
      security_group_id: story.securityGroupId,
      instance_id: story.instanceIds[0],
      user_name: story.userName,
      access_key_id: story.accessKeyId,
      suspect_ip: story.attackerIp,
      internal_cidr: '10.0.0.0/8',
    };
  });
  // The engine's worker process would keep mocha alive.
  after(async () => {
    await engine?.dispose();
    removeDir(dir);
  });

  for (const edition of EDITIONS)
    describe(edition, () => {
      let playbook: Playbook;
      before(() => {
        const parsed = parsePlaybook(fs.readFileSync(path.join(REPO_ROOT, edition), 'utf8'));
        assert.ok(parsed.playbook);
        playbook = parsed.playbook;
      });

      const block = (id: string): QueryBlock => {
        const found = playbook.phases
          .flatMap(p => p.steps)
          .flatMap(s => s.queries)
          .find(q => q.id === id);
        assert.ok(found, `playbook has no query ${id}`);
        return found;
      };

      async function rows(q: QueryBlock, values: Record<string, string> = parameters): Promise<Obj[]> {
        const request: QueryRequest = {
          engine: q.engine,
          queryId: q.id,
          text: q.text,
          parameters: values,
          definitions: playbook.parameters,
        };
        const handle = engine.run(request, new AbortController().signal);
        const out: Obj[] = [];
        for await (const page of handle.pages) {
          out.push(...page.rows.map(r => Object.fromEntries(page.columns.map((c, i) => [c.name, r[i]]))));
        }
        await handle.metadata;
        return out;
      }

      it('runs every query of the playbook that the default flow-log format allows', async () => {
        const failures: string[] = [];
        // aws and action blocks need AWS: on local data they are not offered.
        for (const q of playbook.phases.flatMap(p => p.steps).flatMap(s => blocksForMode(s, 'local'))) {
          if (CUSTOM_FORMAT_ONLY.has(q.id)) continue;
          try {
            await rows(q);
          } catch (e) {
            failures.push(`${q.id}: ${(e as Error).message.split('\n')[0]}`);
          }
        }
        assert.deepEqual(failures, []);
      });

      it('account-scoped CloudTrail queries read every account while account_id keeps its default, "all"', async () => {
        const { account_id: _account, ...unscoped } = parameters;
        for (const id of ['ct-sg-open-to-world', 'ct-network-changes', 'ct-runinstances-by-principal']) {
          const scoped = await rows(block(id));
          assert.ok(scoped.length > 0, id);
          assert.deepEqual(await rows(block(id), unscoped), scoped, id);
          assert.deepEqual(await rows(block(id), { ...parameters, account_id: '999999999999' }), [], id);
        }
      });

      it('finds the rule opened to the world, and only that one', async () => {
        const lookup = await rows(block('sg-opened-to-world'));
        assert.equal(lookup.length, 1, JSON.stringify(lookup));
        const athena = await rows(block('ct-sg-open-to-world'));
        assert.equal(athena.length, 1);
        assert.equal(athena[0].access_key_id, story.accessKeyId);
        assert.equal(athena[0].sourceipaddress, story.attackerIp);
        assert.equal(athena[0].group_id, story.securityGroupId);
        const changes = await rows(block('ct-network-changes'));
        assert.deepEqual(
          changes.map(r => r.eventname),
          ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupIngress', 'CreateRoute'],
        );
      });

      it('leads from an instance to the key, and from the key to everything it created', async () => {
        const onInstance = await rows(block('instance-events'));
        assert.ok(onInstance.some(r => JSON.stringify(r).includes('RunInstances')));
        const launched = await rows(block('ct-runinstances-by-principal'));
        assert.equal(launched.length, 1);
        assert.equal(launched[0].first_instance_id, story.instanceIds[0]);
        assert.equal(Number(launched[0].instances_launched), 3);
        const writes = await rows(block('ct-access-key-write-summary'));
        assert.deepEqual(
          writes.map(r => r.eventname),
          ['ImportKeyPair', 'AuthorizeSecurityGroupIngress', 'RunInstances', 'CreateRoute'],
        );
        assert.ok(writes.every(r => r.sourceipaddress === story.attackerIp));
      });

      it('shows who came in over SSH and where the data went', async () => {
        const inbound = await rows(block('external-inbound-accepted'));
        const sshSources = new Set(
          inbound
            .filter(r => Number(r.dstport) === 22 && story.privateIps.includes(String(r.dstaddr)))
            .map(r => r.srcaddr),
        );
        for (const ip of [story.attackerIp, ...story.sshSources]) assert.ok(sshSources.has(ip), ip);
        const outbound = await rows(block('outbound-to-external'));
        assert.equal(outbound[0].dstaddr, story.exfilIp);
        assert.ok(Number(outbound[0].bytes) > 2e9);
        const fromAttacker = await rows(block('vpc-flow-logs-traffic-frm-src-addr'));
        assert.ok(fromAttacker.length > 0 && fromAttacker.every(r => r.srcaddr === story.attackerIp));
      });
    });
});

// Every Athena query the product ships runs on the local engine with the results Athena would give: the 16 predefined
// VPC flow-log queries and every query block of the shipped playbook, on generated data whose answers are computed
// here independently.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blocksForMode } from '../../../src/core/engine/resolve';
import type { LocalEngine } from '../../../src/core/local';
import type { Playbook } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import {
  ACCOUNT,
  CUSTOM_FIELDS,
  STORY,
  backgroundRecords,
  cloudTrailKey,
  flowLogKey,
  flowRows,
  storyRecords,
  writeCloudTrail,
  writeFlowLog,
} from '../../fixtures/local/generate';
import { Collected, REPO, engineFor, objects, param, request, rowsOf, tempDir } from './helpers';

type Flow = Record<string, string | number | null>;
const NUMERIC = new Set(['version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'tcp_flags']);

function toFlow(row: string[]): Flow {
  return Object.fromEntries(
    CUSTOM_FIELDS.map((f, i) => {
      const name = f.replace(/-/g, '_');
      return [name, NUMERIC.has(name) ? (row[i] === '-' ? null : Number(row[i])) : row[i]];
    }),
  );
}

/** Athena's sum: NULL when every value is NULL. */
function sumInto(map: Map<string, number | null>, key: string, v: number | null) {
  const prev = map.has(key) ? map.get(key)! : null;
  map.set(key, v === null ? prev : (prev ?? 0) + v);
}

function group(
  flows: Flow[],
  key: (f: Flow) => string,
  value: (f: Flow) => number | null,
  where: (f: Flow) => boolean = () => true,
) {
  const m = new Map<string, number | null>();
  for (const f of flows) if (where(f)) sumInto(m, key(f), value(f));
  return m;
}

/** Checks a top-N result: each row's value is right for its key, and the values are the N best in order (NULLs last). */
function assertTop(
  r: Collected,
  keys: string[],
  valueCol: string,
  expected: Map<string, number | null>,
  limit: number,
  order: 'asc' | 'desc',
) {
  const rows = objects(r);
  assert.equal(rows.length, Math.min(limit, expected.size));
  for (const row of rows)
    assert.equal(
      row[valueCol],
      expected.get(keys.map(k => String(row[k])).join('|')),
      `value of ${keys.map(k => row[k])}`,
    );
  const sorted = [...expected.values()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : order === 'asc' ? a - b : b - a,
  );
  assert.deepEqual(
    rows.map(x => x[valueCol]),
    sorted.slice(0, limit),
  );
}

function assertFirstByStart(r: Collected, flows: Flow[], where: (f: Flow) => boolean) {
  const rows = objects(r);
  assert.ok(rows.length > 0 && rows.every(x => where(x as Flow)));
  const starts = flows
    .filter(where)
    .map(f => f.start as number)
    .sort((a, b) => a - b)
    .slice(0, 50);
  assert.deepEqual(
    rows.map(x => x.start),
    starts,
  );
}

describe('local engine: Athena queries on generated data', function () {
  let engine: LocalEngine;
  let flows: Flow[];
  before(() => {
    const data = tempDir();
    const raw = flowRows(20000, 7);
    writeFlowLog(path.join(data, flowLogKey('a')), raw.slice(0, 12000), CUSTOM_FIELDS);
    writeFlowLog(path.join(data, flowLogKey('b')), raw.slice(12000), CUSTOM_FIELDS);
    writeCloudTrail(path.join(data, cloudTrailKey('a')), [...backgroundRecords(300, 3), ...storyRecords().slice(0, 5)]);
    writeCloudTrail(path.join(data, cloudTrailKey('b')), storyRecords().slice(5));
    flows = raw.map(toFlow);
    engine = engineFor([data]);
  });
  after(() => engine.dispose());

  describe('the 16 predefined VPC flow-log queries', () => {
    const dir = path.join(REPO, 'test/fixtures/local/vpc-predefined');
    const run = (name: string, ip?: string) => {
      const sql = fs.readFileSync(path.join(dir, `${name}.sql`), 'utf8').replace(/\?/g, '{{ip}}');
      return rowsOf(engine, request('athena', sql, ip ? { ip } : {}, [param('ip', 'ip')]));
    };
    const bothEnds = (pick: (f: Flow) => [unknown, unknown]) => {
      const m = new Map<string, number | null>();
      for (const f of flows) for (const ip of pick(f)) if (ip !== '-') sumInto(m, String(ip), f.bytes as number | null);
      return m;
    };

    it('has all 16', () => assert.equal(fs.readdirSync(dir).length, 16));

    it('VpcFlowLogsAcceptedTraffic', async () =>
      assertFirstByStart(
        await run('VpcFlowLogsAcceptedTraffic'),
        flows,
        f => f.action === 'ACCEPT' && f.protocol === 6,
      ));

    it('VpcFlowLogsAdminPortTraffic', async () => {
      const m = new Map<string, number | null>();
      for (const f of flows) {
        sumInto(m, String(f.srcaddr), f.bytes as number | null);
        sumInto(m, String(f.dstaddr), f.bytes as number | null);
      }
      assertTop(await run('VpcFlowLogsAdminPortTraffic'), ['ip'], 'total_bytes', m, 10, 'desc');
    });

    it('VpcFlowLogsIPv4Traffic and VpcFlowLogsIPv6Traffic', async () => {
      for (const type of ['IPv4', 'IPv6']) {
        const total = flows.filter(f => f.type === type).reduce((s, f) => s + (f.bytes as number), 0);
        assert.deepEqual((await run(`VpcFlowLogs${type}Traffic`)).rows, [[total]]);
      }
    });

    it('VpcFlowLogsRejectedTCPTraffic', async () => {
      const r = await run('VpcFlowLogsRejectedTCPTraffic');
      const where = (f: Flow) => f.action === 'REJECT' && f.protocol === 6;
      assertTop(
        r,
        ['srcaddr'],
        'rejected_flows',
        group(
          flows,
          f => String(f.srcaddr),
          () => 1,
          where,
        ),
        50,
        'desc',
      );
      const packets = group(
        flows,
        f => String(f.srcaddr),
        f => f.packets as number,
        where,
      );
      for (const row of objects(r)) assert.equal(row.packets, packets.get(String(row.srcaddr)));
    });

    it('VpcFlowLogsRejectedTraffic', async () => {
      const key = (f: Flow) => [f.srcaddr, f.dstaddr, f.dstport, f.protocol].join('|');
      assertTop(
        await run('VpcFlowLogsRejectedTraffic'),
        ['srcaddr', 'dstaddr', 'dstport', 'protocol'],
        'flows',
        group(
          flows,
          key,
          () => 1,
          f => f.action === 'REJECT',
        ),
        50,
        'desc',
      );
    });

    it('VpcFlowLogsSshRdpTraffic', async () => {
      const admin = (p: unknown) => p === 22 || p === 3389;
      assertFirstByStart(await run('VpcFlowLogsSshRdpTraffic'), flows, f => admin(f.srcport) || admin(f.dstport));
    });

    it('VpcFlowLogsTopTCPTraffic (bound source address)', async () => {
      const r = await run('VpcFlowLogsTopTCPTraffic', STORY.attackerIp);
      assertTop(
        r,
        ['dstaddr', 'dstport'],
        'bytes',
        group(
          flows,
          f => `${f.dstaddr}|${f.dstport}`,
          f => f.bytes as number,
          f => f.protocol === 6 && f.srcaddr === STORY.attackerIp,
        ),
        50,
        'desc',
      );
      assert.deepEqual(
        objects(r).map(x => x.dstaddr),
        [STORY.victimIp],
      );
    });

    it('VpcFlowLogsTopTalkers', async () => {
      const r = await run('VpcFlowLogsTopTalkers');
      assertTop(
        r,
        ['ip'],
        'total_bytes',
        bothEnds(f => [f.srcaddr, f.dstaddr]),
        50,
        'desc',
      );
      assert.equal(objects(r)[0].ip, STORY.victimIp);
    });

    it('VpcFlowLogsTopTalkersPacketLevel', async () =>
      assertTop(
        await run('VpcFlowLogsTopTalkersPacketLevel'),
        ['ip'],
        'total_bytes',
        bothEnds(f => [f.pkt_srcaddr, f.pkt_dstaddr]),
        50,
        'desc',
      ));

    it('VpcFlowLogsTopTalkingInstances and VpcFlowLogsTopTalkingSubnets', async () => {
      for (const [name, col] of [
        ['Instances', 'instance_id'],
        ['Subnets', 'subnet_id'],
      ]) {
        assertTop(
          await run(`VpcFlowLogsTopTalking${name}`),
          [col],
          'total_bytes',
          group(
            flows,
            f => String(f[col]),
            f => f.bytes as number | null,
            f => f[col] !== '-',
          ),
          50,
          'desc',
        );
      }
    });

    it('VpcFlowLogsTotalBytesTransferred (ascending, as published) and its packet-level twin', async () => {
      assertTop(
        await run('VpcFlowLogsTotalBytesTransferred'),
        ['srcaddr', 'dstaddr'],
        'totalbytes',
        group(
          flows,
          f => `${f.srcaddr}|${f.dstaddr}`,
          f => f.bytes as number | null,
        ),
        50,
        'asc',
      );
      assertTop(
        await run('VpcFlowLogsTotalBytesTransferredPacketLevel'),
        ['pkt_srcaddr', 'pkt_dstaddr'],
        'totalbytes',
        group(
          flows,
          f => `${f.pkt_srcaddr}|${f.pkt_dstaddr}`,
          f => f.bytes as number | null,
        ),
        50,
        'desc',
      );
    });

    it('VpcFlowLogsTrafficFrmSrcAddr and VpcFlowLogsTrafficToDstAddr (bound address)', async () => {
      assertFirstByStart(
        await run('VpcFlowLogsTrafficFrmSrcAddr', STORY.attackerIp),
        flows,
        f => f.srcaddr === STORY.attackerIp,
      );
      assertFirstByStart(
        await run('VpcFlowLogsTrafficToDstAddr', STORY.exfilIp),
        flows,
        f => f.dstaddr === STORY.exfilIp,
      );
    });
  });

  describe('Trino idioms common in IR queries', () => {
    const run = (sql: string, values: Record<string, string> = {}) =>
      rowsOf(
        engine,
        request('athena', sql, values, [param('ip', 'ip'), param('key', 'accessKeyId'), param('window', 'timeWindow')]),
      );

    it('CROSS JOIN UNNEST(CAST(json_extract(...) AS ARRAY(JSON))) with json_extract_scalar and from_iso8601_timestamp', async () => {
      const r = await run(
        `SELECT eventname, json_extract_scalar(perm, '$.fromPort') AS from_port, json_extract_scalar(rng, '$.cidrIp') AS cidr
        FROM cloudtrail_logs
        CROSS JOIN UNNEST(CAST(json_extract(requestparameters, '$.ipPermissions.items') AS ARRAY(JSON))) AS p(perm)
        CROSS JOIN UNNEST(CAST(json_extract(perm, '$.ipRanges.items') AS ARRAY(JSON))) AS r(rng)
        WHERE eventname IN ('AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress')
          AND from_iso8601_timestamp(eventtime) BETWEEN from_iso8601_timestamp({{window.start}}) AND from_iso8601_timestamp({{window.end}})
        ORDER BY eventtime`,
        { window: '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z' },
      );
      assert.deepEqual(r.rows, [
        ['AuthorizeSecurityGroupIngress', '22', '0.0.0.0/0'],
        ['AuthorizeSecurityGroupIngress', '5432', '10.20.0.0/16'],
        ['AuthorizeSecurityGroupIngress', '80', '0.0.0.0/0'],
        ['RevokeSecurityGroupIngress', '22', '0.0.0.0/0'],
      ]);
    });

    it('count_if, array_join(array_agg(DISTINCT ...)) and a bound access key', async () => {
      const r = objects(
        await run(
          `SELECT eventname, count(*) AS calls, count_if(errorcode IS NOT NULL) AS failed,
        array_join(array_agg(DISTINCT sourceipaddress), ',') AS source_ips
        FROM cloudtrail_logs WHERE useridentity.accesskeyid = {{key}} AND readonly = 'false'
        GROUP BY eventsource, eventname ORDER BY min(eventtime)`,
          { key: STORY.accessKeyId },
        ),
      );
      assert.equal(r.length, 6);
      assert.deepEqual(r[0], {
        eventname: 'AuthorizeSecurityGroupIngress',
        calls: 3,
        failed: 1,
        source_ips: STORY.attackerIp,
      });
    });

    it('format_datetime, date_trunc, from_unixtime, approx_distinct and the date partition', async () => {
      const r = objects(
        await run(`SELECT format_datetime(date_trunc('hour', from_unixtime("start")), 'yyyy-MM-dd HH:mm') AS hour,
        COUNT(*) AS flows, approx_distinct(srcaddr) AS sources, count_if(action = 'REJECT') AS rejected
        FROM vpc_flow_logs WHERE "date" = DATE '2026-11-20' GROUP BY 1 ORDER BY 1`),
      );
      assert.equal(r.length, 24);
      assert.equal(r[0].hour, '2026-11-20 00:00');
      assert.equal(
        r.reduce((n, x) => n + Number(x.flows), 0),
        flows.length,
      );
      assert.equal(
        r.reduce((n, x) => n + Number(x.rejected), 0),
        flows.filter(f => f.action === 'REJECT').length,
      );
    });

    it("Trino's bare VALUES list, || with CAST, date_diff and a qualified table name", async () => {
      const r = objects(
        await run(`WITH iocs AS (SELECT * FROM (VALUES '${STORY.attackerIp}', '${STORY.exfilIp}') AS t(threat_ip))
        SELECT vpc.srcaddr || ':' || CAST(vpc.srcport AS VARCHAR) AS source, 'INBOUND' AS direction,
          date_diff('second', from_unixtime(vpc."start"), from_unixtime(vpc."end")) AS sessionTime
        FROM "security_logs"."vpc_flow_logs" AS vpc WHERE vpc.srcaddr IN (SELECT threat_ip FROM iocs)
        ORDER BY vpc."start" LIMIT 5`),
      );
      assert.equal(r.length, 5);
      assert.ok(r.every(x => String(x.source).startsWith(`${STORY.attackerIp}:`) && x.sessiontime === 60));
    });

    it('contains(cidr, CAST(ip AS IPADDRESS)) for IPv4 and IPv6 networks', async () => {
      const r = objects(
        await run(`SELECT count_if(contains('10.0.0.0/8', CAST(srcaddr AS IPADDRESS))) AS v4,
        count_if(contains('2001:db8::/32', CAST(srcaddr AS IPADDRESS))) AS v6
        FROM vpc_flow_logs WHERE srcaddr <> '-'`),
      );
      assert.deepEqual(r, [
        {
          v4: flows.filter(f => String(f.srcaddr).startsWith('10.')).length,
          v6: flows.filter(f => String(f.srcaddr).startsWith('2001:db8:')).length,
        },
      ]);
    });

    it('array functions with lambdas and the smaller Trino helpers', async () => {
      const [row] = objects(
        await run(`SELECT transform(ARRAY[1, 2], x -> x * 10) AS t,
        any_match(ARRAY[1, 2], x -> x > 1) AS anym, all_match(ARRAY[1, 2], x -> x > 1) AS allm, none_match(ARRAY[1, 2], x -> x > 5) AS nonem,
        all_match(CAST(ARRAY[] AS ARRAY(INTEGER)), x -> x > 1) AS empty_all, cardinality(ARRAY[1, 2, 3]) AS n, element_at(ARRAY[5, 6], 2) AS e,
        array_max(ARRAY[1, 3]) AS mx, slice(ARRAY[1, 2, 3, 4], 2, 2) AS sl, regexp_count('a1b22', '[0-9]') AS rc,
        url_extract_host('https://ec2.eu-west-1.amazonaws.com/path') AS host,
        json_extract_scalar(json_array_get('["x", "y"]', 1), '$') AS second`),
      );
      assert.deepEqual(row, {
        t: '[10,20]',
        anym: true,
        allm: false,
        nonem: true,
        empty_all: true,
        n: 3,
        e: 6,
        mx: 3,
        sl: '[2,3]',
        rc: 3,
        host: 'ec2.eu-west-1.amazonaws.com',
        second: 'y',
      });
    });

    it('date_format with MySQL specifiers and integer division of bigints', async () => {
      const [row] = objects(
        await run(
          `SELECT SUM(bytes) / count(*) AS data_ratio,
        date_format(from_unixtime(min("start")), '%Y/%m/%d %H:%i:%s') AS first_seen
        FROM vpc_flow_logs WHERE (srcaddr = {{ip}} OR dstaddr = {{ip}})`,
          { ip: STORY.exfilIp },
        ),
      );
      const exfil = flows.filter(f => f.dstaddr === STORY.exfilIp);
      assert.equal(row.data_ratio, Math.floor(exfil.reduce((n, f) => n + (f.bytes as number), 0) / exfil.length));
      assert.match(String(row.first_seen), /^2026\/11\/20 \d{2}:\d{2}:\d{2}$/);
    });
  });

  describe('every query block of playbooks/unauthorized-network-changes.md', () => {
    const values: Record<string, string> = {
      window: '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z',
      account_id: ACCOUNT,
      security_group_id: STORY.securityGroupId,
      instance_id: STORY.launchedInstance,
      user_name: STORY.userName,
      access_key_id: STORY.accessKeyId,
      suspect_ip: STORY.attackerIp,
      internal_cidr: '10.0.0.0/8',
    };
    const results = new Map<string, Collected>();
    let playbook: Playbook;
    before(async () => {
      const parsed = parsePlaybook(
        fs.readFileSync(path.join(REPO, 'playbooks/unauthorized-network-changes.md'), 'utf8'),
      );
      assert.ok(parsed.playbook, 'the playbook parses');
      playbook = parsed.playbook;
      for (const step of playbook.phases.flatMap(p => p.steps)) {
        for (const block of blocksForMode(step, 'local')) {
          results.set(
            block.id,
            await rowsOf(engine, {
              ...request(block.engine, block.text, values, playbook.parameters),
              queryId: block.id,
            }),
          );
        }
      }
    });
    const ids = (id: string) => objects(results.get(id)!).map(x => Number(String(x.EventId).slice(-3)));
    const col = (id: string, name: string) => objects(results.get(id)!).map(x => x[name]);

    it('runs every block', () => {
      assert.ok(results.size >= 30, `ran ${results.size} blocks`);
      for (const [id, r] of results) assert.ok(!r.metadata.error, `${id}: ${r.metadata.error?.message}`);
    });

    it('finds the security group changes with CloudTrail lookups, newest first', () => {
      assert.deepEqual(ids('sg-rule-changes'), [9, 8, 7, 3, 2, 1]);
      assert.deepEqual(ids('sg-opened-to-world'), [9, 7, 3, 1]);
      assert.deepEqual(ids('sg-lookup-history'), [9, 8, 7, 3, 2, 1]);
      assert.deepEqual(ids('instance-events'), [6]);
      assert.deepEqual(ids('user-events'), [9, 7, 6, 5, 4, 3, 2, 1]);
      assert.deepEqual(ids('access-key-events'), [9, 7, 6, 5, 4, 3, 2, 1]);
    });

    it('finds the same changes with the Athena queries', () => {
      assert.deepEqual(col('ct-sg-open-to-world', 'group_id'), [
        STORY.securityGroupId,
        STORY.securityGroupId,
        STORY.securityGroupId,
      ]);
      assert.deepEqual(col('ct-sg-open-to-world', 'eventname'), [
        'AuthorizeSecurityGroupIngress',
        'ModifySecurityGroupRules',
        'AuthorizeSecurityGroupEgress',
      ]);
      assert.deepEqual(col('ct-network-changes', 'eventname'), [
        'AuthorizeSecurityGroupIngress',
        'AuthorizeSecurityGroupIngress',
        'ModifySecurityGroupRules',
        'AttachInternetGateway',
        'CreateRoute',
        'AuthorizeSecurityGroupIngress',
        'RevokeSecurityGroupIngress',
        'AuthorizeSecurityGroupEgress',
      ]);
      assert.equal(results.get('ct-sg-group-history')!.rows.length, 6);
      assert.deepEqual(
        objects(results.get('ct-runinstances-by-principal')!).map(x => [
          x.instance_type,
          x.first_instance_id,
          x.instances_launched,
        ]),
        [['c5.4xlarge', STORY.launchedInstance, 1]],
      );
      const summary = objects(results.get('ct-access-key-write-summary')!);
      assert.equal(summary.length, 6);
      const ingress = summary.find(x => x.eventname === 'AuthorizeSecurityGroupIngress');
      assert.deepEqual([ingress?.calls, ingress?.failed_calls, ingress?.first_seen], [3, 1, '2026-11-20T10:00:00Z']);
      assert.equal(results.get('ct-access-key-write-events')!.rows.length, 8);
    });

    it('sorts flows into internal and external with internal_cidr', () => {
      const inbound = objects(results.get('external-inbound-accepted')!);
      const ssh = flows.filter(f => f.srcaddr === STORY.attackerIp && f.action === 'ACCEPT');
      assert.deepEqual(
        inbound.map(x => [x.srcaddr, x.dstaddr, x.dstport, x.flows]),
        [[STORY.attackerIp, STORY.victimIp, 22, ssh.length]],
      );
      assert.equal(
        inbound[0].first_seen,
        new Date(Math.min(...ssh.map(f => f.start as number)) * 1000).toISOString().replace('.000Z', 'Z'),
      );
      const outbound = objects(results.get('outbound-to-external')!);
      const exfil = flows.filter(f => f.dstaddr === STORY.exfilIp);
      assert.deepEqual(
        outbound.map(x => [x.dstaddr, x.dstport, x.bytes]),
        [[STORY.exfilIp, 443, exfil.reduce((s, f) => s + (f.bytes as number), 0)]],
      );
    });

    it('gives the flow-log blocks the same answers as the predefined queries over the whole day', () => {
      assert.equal(col('vpc-flow-logs-top-talkers', 'ip')[0], STORY.victimIp);
      assert.deepEqual(col('vpc-flow-logs-top-tcp-traffic', 'dstaddr'), [STORY.victimIp]);
      const v6 = flows.filter(f => String(f.srcaddr).includes(':')).reduce((s, f) => s + (f.bytes as number), 0);
      assert.deepEqual(results.get('vpc-flow-logs-ipv6-traffic')!.rows, [[v6]]);
      // The suspect address (the attacker) only ever sends.
      assert.equal(results.get('vpc-flow-logs-traffic-to-dst-addr')!.rows.length, 0);
      for (const id of [...results.keys()].filter(
        k => k.startsWith('vpc-flow-logs-') && k !== 'vpc-flow-logs-traffic-to-dst-addr',
      )) {
        assert.ok(results.get(id)!.rows.length > 0, `${id} returned rows`);
      }
    });
  });
});

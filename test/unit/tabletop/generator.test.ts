import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  FLOW_LOG_HEADER,
  generateScenarioData,
  parseScenario,
  type GenerationSummary,
  type Scenario,
} from '../../../src/core/tabletop/index';
import { bundledScenario, minimalScenario, removeDir, tempDir } from './helpers';

type CtRecord = Record<string, unknown> & {
  userIdentity: Record<string, unknown>;
  eventName: string;
  eventTime: string;
};

/** A three-hour scenario with the story packed into it: quick to generate twice. */
function shortScenario(): Scenario {
  const { scenario, diagnostics } = parseScenario(
    minimalScenario({
      frontMatter: [
        'id: short',
        'title: Short',
        'playbook: unauthorized-network-changes',
        'seed: 99',
        'start: 2026-03-01T22:30:00Z',
        'duration: PT3H',
        "account: '444455556666'",
        'regions: [us-east-1, ap-southeast-2]',
        'story:',
        '  region: ap-southeast-2',
      ],
    }),
  );
  assert.deepEqual(
    diagnostics.filter(d => d.severity === 'error'),
    [],
  );
  assert.ok(scenario);
  return scenario;
}

function fileHashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function readRecords(dir: string, summary: GenerationSummary): CtRecord[] {
  return summary.files
    .filter(f => f.kind === 'cloudtrail')
    .flatMap(f => {
      const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, f.path))).toString('utf8')) as {
        Records: CtRecord[];
      };
      return doc.Records;
    });
}

describe('tabletop data generator', function () {
  const dirs: string[] = [];
  const dir = (label: string) => {
    const d = tempDir(label);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach(removeDir));

  describe('determinism', () => {
    it('writes byte-identical files for the same seed and different ones for another seed', () => {
      const scenario = shortScenario();
      const [a, b, c] = [dir('a'), dir('b'), dir('c')];
      const sa = generateScenarioData(scenario, a);
      const sb = generateScenarioData(scenario, b);
      const sc = generateScenarioData(scenario, c, { seed: 100 });
      assert.deepEqual(fileHashes(a), fileHashes(b));
      assert.deepEqual({ ...sa, outDir: '' }, { ...sb, outDir: '' });
      assert.ok(fileHashes(a).size > 50);
      // The scenario runs past midnight: files go to the folder of the day they are delivered.
      assert.ok(
        sa.files.some(f => f.path.includes('/2026/03/01/')) && sa.files.some(f => f.path.includes('/2026/03/02/')),
      );
      const shared = [...fileHashes(c)].filter(([p, h]) => fileHashes(a).get(p) === h);
      assert.equal(shared.length, 0);
      assert.notDeepEqual(sc.story.instanceIds, sa.story.instanceIds);
    });

    it('keeps the identifiers a scenario names whatever the seed', () => {
      const scenario = bundledScenario();
      const first = generateScenarioData({ ...scenario, duration: 'PT6H' }, dir('seed1'), { seed: 1 }).story;
      const second = generateScenarioData({ ...scenario, duration: 'PT6H' }, dir('seed2'), { seed: 2 }).story;
      for (const key of [
        'accessKeyId',
        'attackerIp',
        'securityGroupId',
        'routeTableId',
        'internetGatewayId',
        'instanceIds',
        'times',
      ] as const) {
        assert.deepEqual(first[key], second[key], key);
      }
    });

    it('multiplies the background with scale and leaves the story alone', () => {
      const scenario = shortScenario();
      const one = generateScenarioData(scenario, dir('s1'));
      const two = generateScenarioData(scenario, dir('s2'), { scale: 2 });
      assert.ok(
        two.cloudTrailEvents > one.cloudTrailEvents * 1.6,
        `${two.cloudTrailEvents} vs ${one.cloudTrailEvents}`,
      );
      assert.ok(two.flowRecords > one.flowRecords * 1.6, `${two.flowRecords} vs ${one.flowRecords}`);
      assert.deepEqual(two.story, one.story);
    });

    it('refuses to write over existing logs unless told to replace them', () => {
      const scenario = shortScenario();
      const d = dir('replace');
      generateScenarioData(scenario, d);
      assert.throws(() => generateScenarioData(scenario, d), /already holds logs.*--replace/);
      const again = generateScenarioData(scenario, d, { seed: 5, replace: true });
      assert.deepEqual([...fileHashes(d).keys()].sort(), again.files.map(f => f.path.split('/').join(path.sep)).sort());
    });

    it('rejects story times outside the range or out of order, and bad options', () => {
      const scenario = shortScenario();
      assert.throws(
        () => generateScenarioData({ ...scenario, story: { times: { openSsh: 'PT5H' } } }, dir('late')),
        /openSsh.*outside/,
      );
      assert.throws(
        () => generateScenarioData({ ...scenario, story: { times: { createRoute: 'PT1M' } } }, dir('order')),
        /must come after/,
      );
      assert.throws(() => generateScenarioData(scenario, dir('opts'), { scale: 0 }), /Scale/);
      assert.throws(() => generateScenarioData(scenario, dir('opts2'), { seed: -1 }), /Seed/);
    });
  });

  describe('the bundled scenario', () => {
    let out: string;
    let summary: GenerationSummary;
    let records: CtRecord[];
    const scenario = bundledScenario();

    before(() => {
      out = dir('bundled');
      summary = generateScenarioData(scenario, out);
      records = readRecords(out, summary);
    });

    it('has the volume of a quick start', () => {
      assert.ok(summary.cloudTrailEvents >= 2000 && summary.cloudTrailEvents <= 6000, String(summary.cloudTrailEvents));
      assert.ok(summary.flowRecords >= 70000 && summary.flowRecords <= 150000, String(summary.flowRecords));
      assert.equal(records.length, summary.cloudTrailEvents);
    });

    it('names files the way CloudTrail, VPC Flow Logs, GuardDuty and Config deliver them to S3', () => {
      for (const f of summary.files) {
        if (f.kind === 'cloudtrail') {
          assert.match(
            f.path,
            /^AWSLogs\/111122223333\/CloudTrail\/(eu-west-1|us-east-1)\/2026\/11\/20\/111122223333_CloudTrail_\1_20261120T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
          );
        } else if (f.kind === 'guardduty') {
          assert.match(
            f.path,
            /^AWSLogs\/111122223333\/GuardDuty\/eu-west-1\/2026\/11\/2\d\/[0-9a-f-]{36}\.jsonl\.gz$/,
          );
        } else if (f.kind === 'config') {
          assert.match(
            f.path,
            /^AWSLogs\/111122223333\/Config\/eu-west-1\/2026\/11\/20\/(ConfigSnapshot\/111122223333_Config_eu-west-1_ConfigSnapshot_20261120T\d{4}Z_[0-9a-f-]{36}|ConfigHistory\/111122223333_Config_eu-west-1_ConfigHistory_AWS_EC2_(SecurityGroup|Instance)_20261120T\d{4}Z_20261120T\d{4}Z_1)\.json\.gz$/,
          );
        } else {
          assert.match(
            f.path,
            /^AWSLogs\/111122223333\/vpcflowlogs\/(eu-west-1|us-east-1)\/2026\/11\/20\/111122223333_vpcflowlogs_\1_fl-[0-9a-f]{17}_20261120T\d{3}[05]Z_[0-9a-f]{8}\.log\.gz$/,
          );
        }
      }
    });

    it('writes complete CloudTrail records', () => {
      const required = [
        'eventVersion',
        'userIdentity',
        'eventTime',
        'eventSource',
        'eventName',
        'awsRegion',
        'sourceIPAddress',
        'userAgent',
        'requestParameters',
        'responseElements',
        'requestID',
        'eventID',
        'readOnly',
        'eventType',
        'managementEvent',
        'recipientAccountId',
        'eventCategory',
      ];
      const ids = new Set<string>();
      for (const r of records) {
        for (const k of required) assert.ok(k in r, `${r.eventName} lacks ${k}`);
        assert.ok(['1.08', '1.09'].includes(r.eventVersion as string));
        assert.match(r.eventTime, /^2026-11-20T(0[89]|1[0-7]):\d{2}:\d{2}Z$/);
        assert.match(r.eventID as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(r.recipientAccountId, '111122223333');
        assert.equal(typeof r.readOnly, 'boolean');
        assert.equal(r.eventCategory, r.managementEvent ? 'Management' : 'Data');
        assert.equal(r.eventType, r.eventName === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall');
        if (r.userIdentity.type !== 'AWSService') assert.ok(r.tlsDetails, `${r.eventName} lacks tlsDetails`);
        ids.add(r.eventID as string);
      }
      assert.equal(ids.size, records.length, 'event ids are unique');
      const assumed = records.find(r => r.userIdentity.type === 'AssumedRole');
      const context = assumed?.userIdentity.sessionContext as {
        sessionIssuer: { type: string; arn: string };
        attributes: { creationDate: string };
      };
      assert.equal(context.sessionIssuer.type, 'Role');
      assert.match(context.sessionIssuer.arn, /^arn:aws:iam::111122223333:role\//);
      assert.match(context.attributes.creationDate, /Z$/);
      const kinds = new Set(records.map(r => r.eventName));
      for (const name of [
        'DescribeInstances',
        'AssumeRole',
        'ConsoleLogin',
        'GetObject',
        'ListBuckets',
        'UpdateInstanceInformation',
      ])
        assert.ok(kinds.has(name), name);
      assert.ok(records.some(r => r.readOnly === false && r.userIdentity.accessKeyId !== 'AKIAWX3N7QGT5LKE2HVR'));
    });

    it('gives every role session one key, issued by the AssumeRole call that started it', () => {
      const issued = new Map<string, string>();
      for (const r of records.filter(x => x.eventName === 'AssumeRole')) {
        const response = r.responseElements as {
          credentials: { accessKeyId: string };
          assumedRoleUser: { arn: string };
        };
        issued.set(response.credentials.accessKeyId, response.assumedRoleUser.arn);
      }
      const used = records.filter(
        r => r.userIdentity.type === 'AssumedRole' && (r.userIdentity.arn as string).includes('/app-server-role/'),
      );
      assert.ok(used.length > 500);
      for (const r of used) {
        const created = (r.userIdentity.sessionContext as { attributes: { creationDate: string } }).attributes
          .creationDate;
        if (created < '2026-11-20T08:00:00Z') continue;
        assert.equal(
          issued.get(r.userIdentity.accessKeyId as string),
          r.userIdentity.arn,
          `${r.eventName} at ${r.eventTime}`,
        );
      }
    });

    it('holds each story event exactly once, at its time and in order', () => {
      const key = 'AKIAWX3N7QGT5LKE2HVR';
      const one = (pred: (r: CtRecord) => boolean, what: string): CtRecord => {
        const found = records.filter(pred);
        assert.equal(found.length, 1, `${what}: ${found.length} records`);
        return found[0];
      };
      const byKey = (name: string) => (r: CtRecord) => r.eventName === name && r.userIdentity.accessKeyId === key;
      const ingress = one(byKey('AuthorizeSecurityGroupIngress'), 'AuthorizeSecurityGroupIngress');
      const run = one(byKey('RunInstances'), 'RunInstances');
      const route = one(byKey('CreateRoute'), 'CreateRoute');
      const importKey = one(byKey('ImportKeyPair'), 'ImportKeyPair');
      const deleted = one(r => r.eventName === 'DeleteAccessKey', 'DeleteAccessKey');
      const disabled = one(r => r.eventName === 'UpdateAccessKey', 'UpdateAccessKey');
      one(
        r =>
          r.eventName === 'AuthorizeSecurityGroupIngress' && JSON.stringify(r.requestParameters).includes('0.0.0.0/0'),
        'world-open rule',
      );

      assert.deepEqual(
        [importKey, ingress, run, route, disabled, deleted].map(r => r.eventTime),
        [
          '2026-11-20T09:21:33Z',
          '2026-11-20T09:23:10Z',
          '2026-11-20T09:26:48Z',
          '2026-11-20T09:31:02Z',
          '2026-11-20T12:40:12Z',
          '2026-11-20T12:47:55Z',
        ],
      );
      for (const r of [ingress, run, route, importKey]) {
        assert.equal(r.sourceIPAddress, '203.0.113.77');
        assert.equal(r.userIdentity.type, 'IAMUser');
        assert.equal(r.userIdentity.userName, 'ci-deploy');
        assert.equal(r.eventSource, 'ec2.amazonaws.com');
        assert.equal(r.awsRegion, 'eu-west-1');
      }
      const perm = ingress.requestParameters as {
        groupId: string;
        ipPermissions: {
          items: { ipProtocol: string; fromPort: number; toPort: number; ipRanges: { items: { cidrIp: string }[] } }[];
        };
      };
      assert.equal(perm.groupId, 'sg-0c3f9a12e4b7d6850');
      assert.deepEqual(
        [
          perm.ipPermissions.items[0].ipProtocol,
          perm.ipPermissions.items[0].fromPort,
          perm.ipPermissions.items[0].toPort,
        ],
        ['tcp', 22, 22],
      );
      assert.equal(perm.ipPermissions.items[0].ipRanges.items[0].cidrIp, '0.0.0.0/0');
      const launched = (
        run.responseElements as { instancesSet: { items: { instanceId: string }[] } }
      ).instancesSet.items.map(i => i.instanceId);
      assert.deepEqual(launched, ['i-0e5a1f93c7d2b4086', 'i-03c9d7e15b8a2f4e1', 'i-0b7f2c4e9a1d83656']);
      assert.equal((run.responseElements as { requestId: string }).requestId, run.requestID);
      assert.deepEqual(route.requestParameters, {
        routeTableId: 'rtb-0a7e21c94f3b58d16',
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: 'igw-05d8b3e1f27a9c640',
      });
      assert.equal(deleted.eventSource, 'iam.amazonaws.com');
      assert.deepEqual(deleted.requestParameters, { userName: 'ci-deploy', accessKeyId: key });
      assert.equal(deleted.userIdentity.type, 'AssumedRole');
      assert.match(
        deleted.userIdentity.arn as string,
        /assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/maria\.lopez$/,
      );
      // The pipeline's own use of the key comes from elsewhere and stops while the key is disabled.
      const ci = records.filter(r => r.userIdentity.accessKeyId === key && r.sourceIPAddress !== '203.0.113.77');
      assert.ok(ci.length > 20);
      assert.ok(ci.every(r => r.readOnly === true && r.eventTime < '2026-11-20T12:40:12Z'));
    });

    it('writes default-format flow logs with the header and 14 fields', () => {
      const flowFiles = summary.files.filter(f => f.kind === 'vpcflowlogs');
      assert.ok(flowFiles.length >= 120);
      let rejects = 0;
      let noData = 0;
      let ipv6 = 0;
      for (const f of flowFiles) {
        const lines = zlib
          .gunzipSync(fs.readFileSync(path.join(out, f.path)))
          .toString('utf8')
          .split('\n');
        assert.equal(lines[0], FLOW_LOG_HEADER);
        assert.equal(lines.pop(), '');
        assert.equal(lines.length - 1, f.records);
        for (const line of lines.slice(1)) {
          const fields = line.split(' ');
          assert.equal(fields.length, 14, line);
          assert.equal(fields[0], '2');
          assert.equal(fields[1], '111122223333');
          assert.match(fields[2], /^eni-[0-9a-f]{17}$/);
          assert.ok(Number(fields[11]) >= Number(fields[10]) && Number(fields[11]) - Number(fields[10]) <= 600, line);
          if (fields[3].includes(':')) ipv6++;
          if (fields[13] === 'NODATA') noData++;
          else {
            assert.equal(fields[13], 'OK');
            assert.ok(['ACCEPT', 'REJECT'].includes(fields[12]), line);
            if (fields[12] === 'REJECT') rejects++;
          }
        }
      }
      assert.ok(rejects > 3000, `rejects ${rejects}`);
      assert.ok(noData > 0);
      assert.ok(ipv6 > 100, `IPv6 rows ${ipv6}`);
    });

    it('shows the SSH access and the transfer out in the flow logs', () => {
      const story = summary.story;
      const rows = summary.files
        .filter(f => f.kind === 'vpcflowlogs' && f.path.includes('/eu-west-1/'))
        .flatMap(f =>
          zlib
            .gunzipSync(fs.readFileSync(path.join(out, f.path)))
            .toString('utf8')
            .trim()
            .split('\n')
            .slice(1)
            .map(l => l.split(' ')),
        );
      const sshIn = rows.filter(r => r[6] === '22' && r[12] === 'ACCEPT' && story.privateIps.includes(r[4]));
      const sources = new Set(sshIn.map(r => r[3]));
      for (const ip of ['203.0.113.77', ...story.sshSources]) assert.ok(sources.has(ip), ip);
      const firstSsh = Math.min(...sshIn.map(r => Number(r[10]))) * 1000;
      assert.ok(firstSsh >= Date.parse('2026-11-20T09:31:02Z'), 'no SSH before the route exists');
      const out443 = rows.filter(r => r[4] === '203.0.113.190' && r[12] === 'ACCEPT');
      const bytes = out443.reduce((s, r) => s + Number(r[9]), 0);
      assert.ok(bytes > 2e9, `exfiltrated ${bytes}`);
      assert.ok(
        out443.every(
          r =>
            Number(r[10]) * 1000 >= Date.parse('2026-11-20T10:05:00Z') &&
            Number(r[10]) * 1000 < Date.parse('2026-11-20T11:34:00Z'),
        ),
      );
    });
  });
});

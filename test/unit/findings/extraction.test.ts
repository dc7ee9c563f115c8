// Indicators and the prefilled summary, from whole records and from result rows of each engine's shape.
import assert from 'node:assert/strict';
import { CLOUDTRAIL_COLUMNS, cloudTrailRow } from '../../../src/core/aws/cloudtrailRows';
import { indicatorsOfRecord, indicatorsOfRow } from '../../../src/core/findings/indicators';
import { prefillFromRecord, prefillFromRow } from '../../../src/core/findings/prefill';
import type { Indicator } from '../../../src/core/findings/model';
import * as ev from './events';

const has = (list: Indicator[], type: Indicator['type'], value: string) =>
  assert.ok(
    list.some(i => i.type === type && i.value === value),
    `expected ${type} ${value} in ${JSON.stringify(list)}`,
  );
const lacks = (list: Indicator[], value: string) =>
  assert.ok(!list.some(i => i.value === value), `did not expect ${value} in ${JSON.stringify(list)}`);

/** A LookupEvents-shaped row (the CloudTrail engine's columns), as text cells the way the results grid holds them. */
function lookupRow(event: Record<string, unknown>): { columns: string[]; values: string[] } {
  const row = cloudTrailRow(event, JSON.stringify(event));
  return { columns: CLOUDTRAIL_COLUMNS.map(c => c.name), values: row.map(v => (v === null ? '' : String(v))) };
}

describe('findings: indicators from CloudTrail events', () => {
  it('IAM user: the address, key, user ARN, account and group; not the 0.0.0.0/0 range', () => {
    const found = indicatorsOfRecord(ev.iamUserIngress);
    has(found, 'ip', '203.0.113.77');
    has(found, 'access-key', 'AKIAWX3N7QGT5LKE2HVR');
    has(found, 'principal', `arn:aws:iam::${ev.ACCOUNT}:user/ci-deploy`);
    has(found, 'account', ev.ACCOUNT);
    has(found, 'security-group', 'sg-0c3f9a12e4b7d6850');
    has(found, 'resource', 'sgr-0a1b2c3d4e5f60718');
    lacks(found, '0.0.0.0/0');
    lacks(found, '0.0.0.0');
    // Listed in the indicators table's order: addresses first.
    assert.equal(found[0].type, 'ip');
  });

  it('assumed role: the session ARN and the role behind it (sessionContext), the temporary key, IPv6, the instance', () => {
    const found = indicatorsOfRecord(ev.assumedRoleRunInstances);
    has(found, 'principal', `arn:aws:sts::${ev.ACCOUNT}:assumed-role/DeployRole/build-42`);
    has(found, 'principal', `arn:aws:iam::${ev.ACCOUNT}:role/DeployRole`);
    has(found, 'access-key', 'ASIAWX3N7QGT5LKE9ZZQ');
    has(found, 'ip', '2001:db8:4006:812::200e');
    has(found, 'instance', 'i-03c9d7e15b8a2f4e1');
    has(found, 'resource', 'ami-0d41c7e2b9a35f186');
    has(found, 'resource', 'subnet-09b4e7d1a2c36f580');
    // The instance's private address names our own host, not anyone's indicator.
    lacks(found, '10.0.1.23');
  });

  it('root: the root ARN and the account', () => {
    const found = indicatorsOfRecord(ev.rootConsoleLogin);
    has(found, 'principal', `arn:aws:iam::${ev.ACCOUNT}:root`);
    has(found, 'account', ev.ACCOUNT);
    has(found, 'ip', '198.51.100.23');
  });

  it('AWS service: the service name in sourceIPAddress is not an address, nor a domain indicator', () => {
    const found = indicatorsOfRecord(ev.serviceCall);
    assert.ok(!found.some(i => i.type === 'ip' || i.type === 'domain'), JSON.stringify(found));
    lacks(found, 'autoscaling.amazonaws.com');
    has(found, 'instance', 'i-0e5a1f93c7d2b4086');
  });

  it('failed call: the caller is still extracted, from the event and the error message', () => {
    const found = indicatorsOfRecord(ev.failedDescribe);
    has(found, 'principal', `arn:aws:iam::${ev.ACCOUNT}:user/ci-deploy`);
    has(found, 'ip', '203.0.113.77');
  });

  it('cross-account: both accounts and the role asked for', () => {
    const found = indicatorsOfRecord(ev.crossAccountAssumeRole);
    has(found, 'account', ev.OTHER_ACCOUNT);
    has(found, 'account', ev.ACCOUNT);
    has(found, 'principal', `arn:aws:iam::${ev.ACCOUNT}:role/AuditRole`);
    has(found, 'ip', '192.0.2.10');
  });

  it('GuardDuty finding and Config item', () => {
    const gd = indicatorsOfRecord(ev.guardDutyFinding);
    has(gd, 'ip', '198.51.100.9');
    has(gd, 'instance', 'i-0b7f2c4e9a1d83656');
    has(gd, 'resource', ev.guardDutyFinding.arn);
    const config = indicatorsOfRecord(ev.configItem);
    has(config, 'security-group', 'sg-0c3f9a12e4b7d6850');
    has(config, 'resource', 'vpc-0f12e8a4c6b39d275');
    has(config, 'account', ev.ACCOUNT);
    // The group's ARN says no more than its id.
    lacks(config, ev.configItem.arn);
  });

  it('private, loopback, link-local and unspecified addresses are left out; a /32 is a host', () => {
    const found = indicatorsOfRow(
      ['srcaddr', 'dstaddr', 'pkt_srcaddr', 'remote_ip', 'cidrIp', 'ip'],
      ['10.0.0.5', '172.16.3.4', '192.168.1.1', '127.0.0.1', '198.51.100.77/32', 'fe80::1'],
    );
    assert.deepEqual(found, [{ type: 'ip', value: '198.51.100.77' }]);
  });

  it('a 12-digit number is an account only under an account key', () => {
    assert.deepEqual(indicatorsOfRow(['bytes'], ['111122223333']), []);
    assert.deepEqual(indicatorsOfRow(['account_id'], ['111122223333']), [{ type: 'account', value: '111122223333' }]);
  });

  it('hostile cells stay bounded: a deep or huge JSON cell does not run away', () => {
    const deep = '{"a":'.repeat(3000) + '{"sourceIPAddress":"203.0.113.1"}' + '}'.repeat(3000);
    assert.deepEqual(indicatorsOfRow(['deep'], [deep]), [], 'too deep to reach, and no crash');
    const tooDeepToParse = '['.repeat(200_000) + ']'.repeat(200_000);
    assert.deepEqual(indicatorsOfRow(['raw'], [tooDeepToParse]), []);
    const ids = Array.from({ length: 5000 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    const found = indicatorsOfRecord({ ids });
    assert.equal(found.length, 100, 'at most 100 indicators');
  });
});

describe('findings: prefilled summary', () => {
  it('IAM user opening a port (the issue example), as a whole record and from a lookup row', () => {
    const expected = 'AuthorizeSecurityGroupIngress by ci-deploy from 203.0.113.77 opened tcp/22 to 0.0.0.0/0';
    const fromRecord = prefillFromRecord(ev.iamUserIngress);
    assert.equal(fromRecord?.summary, expected);
    assert.equal(fromRecord?.kind, 'attacker-action');
    assert.equal(fromRecord?.eventTime, '2026-11-29T10:02:11.000Z');
    assert.equal(fromRecord?.eventId, ev.iamUserIngress.eventID);
    const { columns, values } = lookupRow(ev.iamUserIngress);
    const fromRow = prefillFromRow(columns, values);
    assert.equal(fromRow.summary, expected);
    has(fromRow.indicators, 'ip', '203.0.113.77');
  });

  it('assumed role, root, AWS service, failed call, cross-account', () => {
    assert.equal(
      prefillFromRecord(ev.assumedRoleRunInstances)?.summary,
      'RunInstances by DeployRole/build-42 from 2001:db8:4006:812::200e',
    );
    assert.equal(
      prefillFromRecord(ev.rootConsoleLogin)?.summary,
      `ConsoleLogin by root (account ${ev.ACCOUNT}) from 198.51.100.23`,
    );
    assert.equal(
      prefillFromRecord(ev.serviceCall)?.summary,
      'StopInstances by autoscaling.amazonaws.com on i-0e5a1f93c7d2b4086',
    );
    const failed = prefillFromRecord(ev.failedDescribe);
    assert.equal(failed?.summary, 'ListUsers by ci-deploy from 203.0.113.77 (failed: AccessDenied)');
    assert.equal(failed?.kind, 'observation');
    assert.equal(
      prefillFromRecord(ev.crossAccountAssumeRole)?.summary,
      `AssumeRole by account ${ev.OTHER_ACCOUNT} from 192.0.2.10 in account ${ev.ACCOUNT}`,
    );
  });

  it('Athena-style columns (lower-case, user identity and request parameters as JSON text)', () => {
    const e = ev.iamUserIngress;
    const p = prefillFromRow(
      ['eventtime', 'eventname', 'useridentity', 'sourceipaddress', 'requestparameters', 'eventid'],
      [
        '2026-11-29 10:02:11.000',
        e.eventName,
        JSON.stringify(e.userIdentity),
        e.sourceIPAddress,
        JSON.stringify(e.requestParameters),
        e.eventID,
      ],
    );
    assert.equal(p.summary, 'AuthorizeSecurityGroupIngress by ci-deploy from 203.0.113.77 opened tcp/22 to 0.0.0.0/0');
    assert.equal(p.eventTime, '2026-11-29T10:02:11.000Z', 'a time without a zone is UTC');
    assert.equal(p.eventId, e.eventID);
  });

  it("the shipped playbook's Athena columns (principal, access_key_id) for an assumed role", () => {
    const e = ev.assumedRoleRunInstances;
    const p = prefillFromRow(
      ['eventtime', 'eventname', 'principal', 'access_key_id', 'sourceipaddress', 'requestparameters'],
      [
        e.eventTime,
        e.eventName,
        e.userIdentity.arn,
        e.userIdentity.accessKeyId,
        '198.51.100.4',
        '{"groupId":"sg-0c3f9a12e4b7d6850"}',
      ],
    );
    assert.equal(p.summary, 'RunInstances by DeployRole/build-42 from 198.51.100.4 on sg-0c3f9a12e4b7d6850');
    has(p.indicators, 'access-key', e.userIdentity.accessKeyId);
    has(p.indicators, 'principal', e.userIdentity.arn);
  });

  it('flow-log row, GuardDuty row and finding, Config item', () => {
    const flow = prefillFromRow(
      ['start', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'action'],
      ['1795946400', '198.51.100.9', '10.0.1.23', '51234', '22', '6', '12', '3400', 'ACCEPT'],
    );
    assert.equal(flow.summary, 'ACCEPT tcp 198.51.100.9:51234 → 10.0.1.23:22 (12 packets, 3400 bytes)');
    assert.equal(flow.eventTime, new Date(1795946400 * 1000).toISOString());
    assert.deepEqual(flow.indicators, [{ type: 'ip', value: '198.51.100.9' }]);
    const gdRow = prefillFromRow(
      ['id', 'type', 'severity', 'instance_id', 'remote_ip', 'created_at'],
      ['abc', 'Recon:EC2/PortProbeUnprotectedPort', '2', 'i-0b7f2c4e9a1d83656', '198.51.100.9', '2026-11-29T10:00:00Z'],
    );
    assert.equal(
      gdRow.summary,
      'Recon:EC2/PortProbeUnprotectedPort (severity 2) on i-0b7f2c4e9a1d83656 from 198.51.100.9',
    );
    assert.equal(gdRow.kind, 'indicator');
    const gd = prefillFromRecord({ 'detail-type': 'GuardDuty Finding', detail: ev.guardDutyFinding });
    assert.equal(
      gd?.summary,
      'UnauthorizedAccess:EC2/SSHBruteForce (severity 5) on i-0b7f2c4e9a1d83656 from 198.51.100.9',
    );
    assert.equal(gd?.eventTime, '2026-11-29T10:20:00.000Z');
    const config = prefillFromRow(['resource_id', 'item'], ['sg-0c3f9a12e4b7d6850', JSON.stringify(ev.configItem)]);
    assert.equal(config.summary, 'AWS::EC2::SecurityGroup sg-0c3f9a12e4b7d6850 ok');
    assert.equal(config.eventTime, '2026-11-29T10:03:00.000Z');
  });

  it('keeps hostile text as it is (renderers escape it) but on one line and bounded', () => {
    const hostile = {
      ...ev.iamUserIngress,
      userIdentity: { type: 'IAMUser', userName: '<b>x</b>\n# <!-- irp:step -->' },
    };
    const p = prefillFromRecord(hostile);
    assert.ok(p?.summary.includes('<b>x</b> # <!-- irp:step -->'), p?.summary);
    const long = prefillFromRow(['note'], ['x'.repeat(5000)]);
    assert.ok(Array.from(long.summary).length <= 300);
  });
});

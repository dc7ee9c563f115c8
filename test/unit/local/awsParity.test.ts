// The same account read live (the real SDK against the emulator) and offline (its findings and Config items as files):
// an aws block gives the same columns and the same rows either way.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AwsApiEngine } from '../../../src/core/aws/api/awsApiEngine';
import type { LocalEngine } from '../../../src/core/local';
import { regionSeed, SG_ID } from '../aws/inventory';
import { collect as collectRun, startEmulatorSession } from '../aws/helpers';
import type { Emulator } from '../../emulator';
import type { AwsSession } from '../../../src/core/aws/session';
import { engineFor, request, rowsOf, tempDir } from './helpers';

type Wire = Record<string, unknown>;

/** The emulator's security group (EC2 wire names) as AWS Config records it: EC2's camelCase, CIDRs also as text. */
function configItemOf(group: Wire): Wire {
  const perms = (list: unknown) =>
    (list as Wire[]).map(p => ({
      ipProtocol: p.ipProtocol,
      fromPort: p.fromPort,
      toPort: p.toPort,
      userIdGroupPairs: p.groups ?? [],
      ipv6Ranges: p.ipv6Ranges ?? [],
      prefixListIds: p.prefixListIds ?? [],
      ipRanges: (p.ipRanges as Wire[]).map(r => r.cidrIp),
      ipv4Ranges: p.ipRanges,
    }));
  return {
    configurationItemCaptureTime: '2026-11-21T00:00:00.000Z',
    configurationStateId: 1,
    awsAccountId: group.ownerId,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: group.groupId,
    awsRegion: 'eu-west-1',
    relationships: [],
    relatedEvents: [],
    tags: {},
    configuration: {
      ownerId: group.ownerId,
      groupName: group.groupName,
      groupId: group.groupId,
      description: group.groupDescription,
      vpcId: group.vpcId,
      ipPermissions: perms(group.ipPermissions),
      ipPermissionsEgress: perms(group.ipPermissionsEgress),
      tags: [],
    },
  };
}

describe('aws blocks live and on local data give the same rows', function () {
  let emulator: Emulator;
  let session: AwsSession;
  let close: () => Promise<void>;
  let local: LocalEngine;

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession('eu-west-1'));
    const seed = regionSeed('eu-west-1');
    emulator.seedInventory(seed);
    const dir = tempDir();
    const findings = (seed.guardduty?.findings ?? []) as Wire[];
    fs.writeFileSync(path.join(dir, 'findings.jsonl'), findings.map(f => JSON.stringify(f)).join('\n') + '\n');
    const groups = ((seed.ec2 as Wire).securityGroupInfo as Wire[]).map(configItemOf);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ fileVersion: '1.0', configurationItems: groups }));
    local = engineFor([dir]);
  });
  after(async () => {
    await local.dispose();
    await close();
  });

  const both = async (text: string) => {
    const live = await collectRun(new AwsApiEngine(session).run(request('aws', text), new AbortController().signal));
    if (live.error) throw new Error(live.error.message);
    return { live, offline: await rowsOf(local, request('aws', text)) };
  };
  const sorted = (rows: unknown[][]) => rows.map(r => JSON.stringify(r)).sort();

  it('GuardDuty GetFindings', async () => {
    const { live, offline } = await both('service: guardduty\noperation: GetFindings\nregions: eu-west-1');
    assert.deepEqual(offline.columns, live.columns);
    assert.equal(live.rows.length, 2);
    assert.deepEqual(sorted(offline.rows), sorted(live.rows));
  });

  it('GuardDuty ListFindings with a severity criterion', async () => {
    const { live, offline } = await both(
      'service: guardduty\noperation: ListFindings\nregions: eu-west-1\n' +
        'input: { DetectorId: 12abc34d567e8fa901bc2d34e56789f0, FindingCriteria: { Criterion: { severity: { Gte: 4 } } } }',
    );
    assert.deepEqual(offline.columns, live.columns);
    assert.deepEqual(offline.rows, live.rows);
    assert.equal(offline.rows.length, 1);
  });

  it('EC2 DescribeSecurityGroups', async () => {
    const { live, offline } = await both(
      `service: ec2\noperation: DescribeSecurityGroups\nregions: eu-west-1\n` + `input: { GroupIds: [${SG_ID}] }`,
    );
    assert.deepEqual(offline.columns, live.columns);
    assert.equal(live.rows.length, 3);
    assert.deepEqual(offline.rows, live.rows);
  });
});

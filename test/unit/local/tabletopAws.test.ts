// The tabletop's generated GuardDuty findings and Config items answer aws blocks on local data, and agree with the
// story's CloudTrail events.
import assert from 'node:assert/strict';
import { generateScenarioData, type GenerationSummary } from '../../../src/core/tabletop/index';
import type { LocalEngine } from '../../../src/core/local';
import { bundledScenario } from '../tabletop/helpers';
import { engineFor, objects, request, rowsOf, tempDir } from './helpers';

describe('tabletop data: GuardDuty findings and Config items answer aws blocks', function () {
  let engine: LocalEngine;
  let summary: GenerationSummary;
  before(() => {
    const dir = tempDir();
    // The background volume does not matter here; the story is the same at any scale.
    summary = generateScenarioData(bundledScenario(), dir, { scale: 0.05 });
    engine = engineFor([dir]);
  });
  after(() => engine.dispose());

  const aws = async (text: string) => objects(await rowsOf(engine, request('aws', text)));

  it("finds the leaked key's reconnaissance from the attacker's address, when CloudTrail shows it", async () => {
    const story = summary.story;
    const [recon] = await aws(
      'service: guardduty\noperation: GetFindings\nregions: all\ninput:\n  FindingCriteria:\n' +
        '    Criterion:\n      type: { Equals: ["UnauthorizedAccess:IAMUser/MaliciousIPCaller"] }',
    );
    assert.deepEqual(
      [recon.region, recon.access_key_id, recon.user_name, recon.remote_ip, recon.action_type],
      [story.region, story.accessKeyId, story.userName, story.attackerIp, 'AWS_API_CALL'],
    );
    // GuardDuty first saw the key in use with the attacker's first listing call (DescribeRegions).
    const first = objects(
      await rowsOf(
        engine,
        request(
          'local',
          `SELECT min(eventtime) AS t FROM cloudtrail
      WHERE eventname = 'DescribeRegions' AND sourceipaddress = '${story.attackerIp}'`,
        ),
      ),
    )[0];
    assert.equal(String(recon.first_seen).replace('.000Z', 'Z'), first.t);
  });

  it('finds SSH brute force against the instance behind the opened group, as the inject hands it over', async () => {
    const story = summary.story;
    const rows = await aws(
      'service: guardduty\noperation: GetFindings\ninput:\n  FindingCriteria:\n    Criterion:\n' +
        `      resource.instanceDetails.instanceId: { Equals: [${story.instanceIds[1]}] }\n      severity: { Gte: 4 }`,
    );
    assert.deepEqual(
      rows.map(r => [r.type, r.severity, r.instance_id, r.remote_ip]),
      [['UnauthorizedAccess:EC2/SSHBruteForce', 5, 'i-03c9d7e15b8a2f4e1', story.sshSources[0]]],
    );
    const created = objects(
      await rowsOf(
        engine,
        request(
          'local',
          'SELECT created_at FROM guardduty_findings ' + "WHERE type = 'UnauthorizedAccess:EC2/SSHBruteForce'",
        ),
      ),
    );
    assert.match(String(created[0].created_at), /^2026-11-20T10:02:/);
  });

  it('shows the security group before and after the attacker opened it, tied to the CloudTrail event', async () => {
    const story = summary.story;
    const history = await aws(
      `service: config\noperation: GetResourceConfigHistory\ninput:\n` +
        `  resourceType: AWS::EC2::SecurityGroup\n  resourceId: ${story.securityGroupId}`,
    );
    assert.equal(history.length, 2);
    const opened = objects(
      await rowsOf(
        engine,
        request(
          'local',
          `SELECT eventid FROM cloudtrail
      WHERE eventname = 'AuthorizeSecurityGroupIngress' AND requestparameters LIKE '%0.0.0.0/0%'`,
        ),
      ),
    );
    assert.equal(history[0].related_events, opened[0].eventid);
    assert.match(String(history[0].configuration), /"ipRanges":\["10\.\d+\.0\.0\/16","0\.0\.0\.0\/0"\]/);
    assert.match(String(history[1].configuration), /"ipRanges":\["10\.\d+\.0\.0\/16"\]/);
    const open = await aws(
      'service: ec2\noperation: DescribeSecurityGroups\n' +
        'input: { Filters: [{ Name: ip-permission.cidr, Values: ["0.0.0.0/0"] }] }',
    );
    assert.ok(
      open.some(
        r =>
          r.group_id === story.securityGroupId &&
          r.direction === 'ingress' &&
          r.peer === '0.0.0.0/0' &&
          r.from_port === 22,
      ),
    );
  });

  it("lists the attacker's instances with their addresses and the opened group", async () => {
    const story = summary.story;
    const rows = await aws('service: ec2\noperation: DescribeInstances');
    assert.deepEqual(rows.map(r => r.instance_id).sort(), [...story.instanceIds].sort());
    for (const r of rows) {
      assert.equal(r.security_groups, story.securityGroupId);
      assert.equal(r.private_ip, story.privateIps[story.instanceIds.indexOf(String(r.instance_id))]);
      assert.equal(r.launch_time, story.times.runInstances.replace('Z', '.000Z'));
    }
  });
});

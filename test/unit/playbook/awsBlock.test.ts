import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAwsBlock } from '../../../src/core/playbook/awsBlockSpec';
import type { ParameterDefinition } from '../../../src/core/playbook/model';
import { parsePlaybook } from '../../../src/core/playbook/parser';
import { runCli } from '../runCli';
import { brief, FIRST_BODY_LINE, playbookWith, REPO_ROOT } from './helpers';

const def = (name: string, type: ParameterDefinition['type']): ParameterDefinition => ({
  name,
  type,
  label: name,
  required: false,
  position: { line: 1, column: 1 },
});

describe('aws and action blocks', () => {
  it('parses service, operation, regions and the SDK input, keeping placeholders when validating', () => {
    const { spec, problems } = parseAwsBlock(
      [
        'service: ec2',
        'operation: DescribeSecurityGroups',
        'regions: us-east-1, eu-west-1',
        'input:',
        '  GroupIds: [{{sg}}]',
        '  Filters: [{ Name: vpc-id, Values: ["{{ vpc }}"] }]',
      ].join('\n'),
      'read',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(spec, {
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      regions: ['us-east-1', 'eu-west-1'],
      input: { GroupIds: ['{{sg}}'], Filters: [{ Name: 'vpc-id', Values: ['{{ vpc }}'] }] },
    });
  });

  it('resolves placeholders to typed values when running: integers as numbers, times as Dates', () => {
    const body =
      'service: cloudwatch\noperation: DescribeAlarmHistory\nregions: all\n' +
      'input: { AlarmName: "{{name}}", StartDate: "{{window.start}}", MaxRecords: {{n}} }';
    const defs = [def('name', 'string'), def('window', 'timeWindow'), def('n', 'integer')];
    const { spec, problems } = parseAwsBlock(
      body,
      'read',
      { name: 'nat-bytes', window: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z', n: '25' },
      defs,
    );
    assert.deepEqual(problems, []);
    assert.equal(spec.regions, 'all');
    assert.equal(spec.input.AlarmName, 'nat-bytes');
    assert.equal(spec.input.MaxRecords, 25);
    assert.deepEqual(spec.input.StartDate, new Date('2026-11-01T00:00:00Z'));
  });

  it('refuses a placeholder inside a longer text, and a value that fails its type at run time', () => {
    const defs = [def('sg', 'securityGroupId')];
    const partial = parseAwsBlock(
      'service: ec2\noperation: DescribeSecurityGroups\ninput: { GroupIds: ["x-{{sg}}"] }',
      'read',
    );
    assert.match(partial.problems[0].message, /placeholder must be the whole value/);
    assert.equal(partial.problems[0].line, 2);
    const bad = parseAwsBlock(
      'service: ec2\noperation: DescribeSecurityGroups\ninput: { GroupIds: [{{sg}}] }',
      'read',
      { sg: 'not-a-group' },
      defs,
    );
    assert.match(bad.problems[0].message, /sg/);
  });

  it('names an operation that is not a read, and says where an action belongs', () => {
    const write = parseAwsBlock('service: ec2\noperation: RevokeSecurityGroupIngress', 'read');
    assert.deepEqual(
      write.problems.map(p => [p.line, p.message.split(';')[0]]),
      [[1, 'ec2:RevokeSecurityGroupIngress is not a read (it changes the account: write it as an `action` block)']],
    );
    const unknown = parseAwsBlock('service: ec2\noperation: TerminateInstances', 'read');
    assert.match(
      unknown.problems[0].message,
      /^ec2:TerminateInstances is not a read .*allowed reads of ec2: DescribeSecurityGroups/,
    );
    const service = parseAwsBlock('service: dynamodb\noperation: ListTables', 'read');
    assert.match(service.problems[0].message, /unknown AWS service "dynamodb"; known: guardduty, config, ec2/);
  });

  it('holds an action to one resource, one region and the containment direction', () => {
    const ok = parseAwsBlock(
      'service: iam\noperation: UpdateAccessKey\n' +
        'input: { UserName: alice, AccessKeyId: "{{key}}", Status: Inactive }',
      'action',
    );
    assert.deepEqual(ok.problems, []);
    const reactivate = parseAwsBlock(
      'service: iam\noperation: UpdateAccessKey\n' + 'input: { UserName: alice, AccessKeyId: AKIA, Status: Active }',
      'action',
    );
    assert.match(reactivate.problems[0].message, /may only set Status to Inactive/);
    const many = parseAwsBlock(
      'service: ec2\noperation: StopInstances\nregions: all\ninput: { InstanceIds: [i-1, i-2] }',
      'action',
    );
    assert.deepEqual(
      many.problems.map(p => p.message.split(':')[0]),
      ['an action runs in one region', 'ec2'],
    );
    assert.match(many.problems[1].message, /exactly one item/);
    const missing = parseAwsBlock('service: iam\noperation: DetachRolePolicy\ninput: { RoleName: web }', 'action');
    assert.match(missing.problems[0].message, /iam:DetachRolePolicy needs input.PolicyArn/);
    const read = parseAwsBlock('service: ec2\noperation: DescribeInstances', 'action');
    assert.match(read.problems[0].message, /not an allowed action \(it only reads: write it as an `aws` block\)/);
  });

  it('reports YAML errors and unknown keys with their line', () => {
    const { problems } = parseAwsBlock('service: ec2\noperation: DescribeVpcs\nfilter: x\ninput: [1, 2]', 'read');
    assert.deepEqual(
      problems.map(p => p.line),
      [2, 3],
    );
    assert.match(problems[0].message, /unknown key "filter"/);
    assert.match(problems[1].message, /input is a mapping/);
  });

  it('reports block problems in the playbook with the file line and column of the operation', () => {
    const text = playbookWith(
      '## Containment',
      '### Close the rule {#close}',
      '```aws id=sg title="Security groups"',
      'service: ec2',
      'operation: AuthorizeSecurityGroupIngress',
      '```',
      '```action id=revoke',
      'service: ec2',
      'operation: RevokeSecurityGroupIngress',
      'input: { GroupId: sg-1, SecurityGroupRuleIds: [sgr-1] }',
      '```',
    );
    const { playbook, diagnostics } = parsePlaybook(text);
    assert.deepEqual(brief(diagnostics), [`${FIRST_BODY_LINE + 4}:12 error bad-aws-block`]);
    assert.match(diagnostics[0].message, /^aws block "sg": ec2:AuthorizeSecurityGroupIngress is not a read/);
    assert.deepEqual(
      playbook?.phases[0].steps[0].queries.map(q => [q.id, q.engine, q.title]),
      [
        ['sg', 'aws', 'Security groups'],
        ['revoke', 'action', 'revoke'],
      ],
    );
  });

  it('irp validate exits 1 naming the operation that is not a read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irp-aws-validate-'));
    try {
      const file = path.join(dir, 'p.md');
      fs.writeFileSync(
        file,
        playbookWith(
          '## Detection',
          '### Look {#look}',
          '```aws id=del',
          'service: iam',
          'operation: DeleteUser',
          '```',
        ),
      );
      const run = await runCli(['validate', file], REPO_ROOT);
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        new RegExp(`:${FIRST_BODY_LINE + 4}:12: error: aws block "del": iam:DeleteUser is not a read`),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

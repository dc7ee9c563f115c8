import * as assert from 'node:assert/strict';
import { mapAwsCommand } from '../../../src/core/import/awsCli';
import { ParameterSet } from '../../../src/core/import/parameterSet';
import { parseAwsBlock } from '../../../src/core/playbook/awsBlockSpec';
import { policyDocumentText } from '../../../src/core/playbook/denyOnlyPolicy';
import { importPlaybook } from '../../../src/core/import';
import { allSteps } from '../../../src/core/playbook/parser';
import { importFixture, parsed, roundTripErrors } from './helpers';

const DENY_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
const REVOKE_SESSIONS =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",' +
  '"Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-21T04:00:00Z"}}}]}';

describe('irp import: the containment calls of a credential-compromise playbook', () => {
  const imported = importFixture('compromise-containment.md');

  it('imports deny-all, console-password removal and isolation as actions, the policy listing as an aws block', () => {
    assert.deepEqual([imported.counts.aws, imported.counts.action], [2, 5]);
    const queries = allSteps(parsed(imported.markdown)).flatMap(s =>
      s.queries.map(q => [q.engine, q.text.replace(/\n\s*/g, ' ').trim()]),
    );
    assert.deepEqual(queries.slice(0, 5), [
      ['aws', 'service: iam operation: ListAttachedUserPolicies input: UserName: X'],
      ['aws', 'service: iam operation: ListSAMLProviders'],
      [
        'action',
        'service: iam operation: AttachUserPolicy input: UserName: X PolicyArn: arn:aws:iam::aws:policy/AWSDenyAll',
      ],
      ['action', 'service: iam operation: DeleteLoginProfile input: UserName: X'],
      [
        'action',
        'service: ec2 operation: ModifyInstanceAttribute ' +
          'input: InstanceId: "{{instance_id}}" Groups: - sg-0150a7ed0150a7ed0',
      ],
    ]);
    assert.deepEqual(roundTripErrors(imported.markdown), []);
  });

  it('imports the two inline deny policies as actions whose document is sent as the playbook wrote it', () => {
    const puts = allSteps(parsed(imported.markdown))
      .flatMap(s => s.queries)
      .filter(q => /operation: Put(?:User|Role)Policy/.test(q.text));
    const specs = puts.map(q => {
      const { spec, problems } = parseAwsBlock(q.text, 'action', {});
      assert.deepEqual(problems, [], q.text);
      return { ...spec.input, PolicyDocument: policyDocumentText(spec.input.PolicyDocument) };
    });
    assert.deepEqual(
      puts.map(q => q.engine),
      ['action', 'action'],
    );
    // The title keeps the options readable; the policy document is in the block.
    assert.equal(
      puts[0].title,
      'aws iam put-user-policy --user-name X --policy-name EmergencyDenyAll --policy-document …',
    );
    assert.deepEqual(specs, [
      { UserName: 'X', PolicyName: 'EmergencyDenyAll', PolicyDocument: DENY_ALL },
      { RoleName: 'X', PolicyName: 'RevokeOlderSessions', PolicyDocument: REVOKE_SESSIONS },
    ]);
  });

  it('maps --groups to the Groups list and --policy-arn to PolicyArn', () => {
    const input = (command: string) => {
      const mapped = mapAwsCommand(command, new ParameterSet());
      assert.ok('call' in mapped, command);
      return mapped.call.input;
    };
    assert.deepEqual(input('aws ec2 modify-instance-attribute --instance-id i-0aaa --groups sg-0bbb'), {
      InstanceId: 'i-0aaa',
      Groups: ['sg-0bbb'],
    });
    assert.deepEqual(
      input('aws iam attach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/AWSDenyAll'),
      { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AWSDenyAll' },
    );
  });

  it('keeps as guidance, listed with the reason, the calls the containment rules refuse', () => {
    assert.deepEqual(
      imported.unmapped.map(u => [u.kind, u.text, u.reason]),
      [
        [
          'aws-command',
          'aws ec2 modify-instance-attribute --instance-id i-0123456789abcdef0 --attribute userData --value ZWNobw==',
          'ec2:ModifyInstanceAttribute needs input.Groups; ec2:ModifyInstanceAttribute may only be given InstanceId ' +
            'and Groups here (containment), not Attribute, Value',
        ],
        [
          'aws-command',
          'aws iam attach-user-policy --user-name X --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
          'iam:AttachUserPolicy may only set PolicyArn to arn:aws:iam::aws:policy/AWSDenyAll here (containment), ' +
            'not arn:aws:iam::aws:policy/AdministratorAccess',
        ],
        [
          'aws-command',
          'aws iam put-user-policy --user-name X --policy-name s3-backup-write --policy-document ' +
            '\'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}\'',
          'iam:PutUserPolicy here is containment: input.PolicyDocument may only deny: statement 1 has ' +
            'Effect "Allow" (every statement needs "Effect": "Deny")',
        ],
      ],
    );
    assert.match(
      imported.markdown,
      /```\n\s*aws iam attach-user-policy --user-name X --policy-arn [^\n]*AdministratorAccess\n/,
    );
    assert.match(imported.markdown, /```\n\s*aws iam put-user-policy [^\n]*"Effect":"Allow"[^\n]*\n\s*```\n/);
    assert.doesNotMatch(imported.markdown, /operation: PutUserPolicy\n(?:.*\n){1,3}\s*PolicyName: s3-backup-write/);
  });

  it('reads a policy document written over several lines inside quotes as one command', () => {
    const result = importPlaybook(
      [
        '# Revoke sessions',
        '## Part 3 — Contain',
        '### 3.1 Revoke the sessions',
        '```bash',
        '# Deny everything issued before now',
        'aws iam put-role-policy --role-name web-app \\',
        '  --policy-name RevokeOlderSessions \\',
        "  --policy-document '{",
        '    "Version": "2012-10-17",',
        '    "Statement": [{ "Effect": "Deny", "Action": "*", "Resource": "*",',
        '      "Condition": { "DateLessThan": { "aws:TokenIssueTime": "2026-11-21T04:00:00Z" } } }]',
        "  }'",
        '```',
        '## Part 4 — Recover',
        '### 4.1 Check',
        '- [ ] Sessions are refused',
      ].join('\n'),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.unmapped, []);
    const put = allSteps(parsed(result.markdown))
      .flatMap(s => s.queries)
      .find(q => q.engine === 'action')!;
    const { spec, problems } = parseAwsBlock(put.text, 'action', {});
    assert.deepEqual(problems, []);
    assert.deepEqual(
      { ...spec.input, PolicyDocument: policyDocumentText(spec.input.PolicyDocument) },
      { RoleName: 'web-app', PolicyName: 'RevokeOlderSessions', PolicyDocument: REVOKE_SESSIONS },
    );
  });
});

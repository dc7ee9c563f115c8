import * as assert from 'node:assert/strict';
import { awsBlock, mapAwsCommand, shellWords } from '../../../src/core/import/awsCli';
import { ParameterSet } from '../../../src/core/import/parameterSet';

function map(command: string) {
  const params = new ParameterSet();
  const result = mapAwsCommand(command, params);
  return { result, params: params.list().map(p => `${p.name}:${p.type}`) };
}

describe('AWS CLI commands as aws / action blocks', () => {
  it('maps the service to the SDK client and the kebab-case command to the SDK command name', () => {
    const cases: [string, string, string, 'aws' | 'action'][] = [
      ['aws ec2 describe-security-groups', 'ec2', 'DescribeSecurityGroups', 'aws'],
      ['aws s3api get-bucket-policy --bucket b', 's3', 'GetBucketPolicy', 'aws'],
      ['aws logs filter-log-events --log-group-name g', 'cloudwatchlogs', 'FilterLogEvents', 'aws'],
      ['aws rds describe-db-instances', 'rds', 'DescribeDBInstances', 'aws'],
      ['aws iam list-mfa-devices --user-name alice', 'iam', 'ListMFADevices', 'aws'],
      ['aws iam list-open-id-connect-providers', 'iam', 'ListOpenIDConnectProviders', 'aws'],
      ['aws iam list-ssh-public-keys --user-name alice', 'iam', 'ListSSHPublicKeys', 'aws'],
      ['aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE', 'iam', 'DeleteAccessKey', 'action'],
      ['aws sts get-caller-identity', 'sts', 'GetCallerIdentity', 'aws'],
    ];
    for (const [command, service, operation, kind] of cases) {
      const { result } = map(command);
      assert.ok('call' in result, command);
      assert.deepEqual(
        [result.call.service, result.call.operation, result.call.kind],
        [service, operation, kind],
        command,
      );
    }
  });

  it('maps options to input members: lists, numbers, flags, shorthand, JSON and sample values as parameters', () => {
    const { result, params } = map(
      'aws ec2 describe-instances --instance-ids i-0123456789abcdef0 i-0abc --max-results 5 ' +
        '--dry-run --filters Name=instance-state-name,Values=running --profile ir --region eu-west-1 --output json',
    );
    assert.ok('call' in result);
    assert.deepEqual(result.call.input, {
      InstanceIds: ['{{instance_id}}', 'i-0abc'],
      MaxResults: 5,
      DryRun: true,
      Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
    });
    assert.equal(result.call.regions, 'eu-west-1');
    assert.deepEqual(params, ['instance_id:instanceId']);
    const json = map(
      `aws iam put-user-policy --user-name USER --policy-name deny --policy-document '{"Version":"2012-10-17"}'`,
    );
    assert.ok('call' in json.result);
    assert.deepEqual(json.result.call.input, {
      UserName: '{{user_name}}',
      PolicyName: 'deny',
      PolicyDocument: { Version: '2012-10-17' },
    });
  });

  it('leaves as guidance what is no single API call', () => {
    for (const command of [
      'aws s3 cp a s3://b/a',
      'aws ec2 describe-instances --x $(cat f)',
      'aws ec2 describe-instances; rm -rf x',
      'aws iam list-access-keys | xargs aws iam delete-access-key',
      'aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE | tee out',
      'aws configure',
    ]) {
      assert.ok('problem' in map(command).result, command);
    }
  });

  it('maps a read piped into jq or grep to the read alone (the grid filters), a pipe inside quotes included', () => {
    const { result } = map(
      `aws ec2 describe-instances --query 'Reservations[].Instances[].{ip: PublicIpAddress}' ` +
        `--filters 'Name=tag:Name,Values=web|api' | jq 'sort_by(.tm) | reverse | .[0]'`,
    );
    assert.ok('call' in result);
    assert.deepEqual(
      [result.call.operation, result.call.input],
      ['DescribeInstances', { Filters: [{ Name: 'tag:Name', Values: ['web|api'] }] }],
    );
    const grep = map('aws lambda list-functions | grep "LastModified"').result;
    assert.ok('call' in grep && grep.call.operation === 'ListFunctions' && grep.call.kind === 'aws');
  });

  it('splits command words like a shell for the quoted cases playbooks use', () => {
    assert.deepEqual(shellWords(`aws x y --a 'b c' --d "e f" g`), ['aws', 'x', 'y', '--a', 'b c', '--d', 'e f', 'g']);
  });
});

describe('AWS CLI commands the playbook format refuses', () => {
  it('keeps as guidance a call outside the allow-list or an action that names no single resource, saying why', () => {
    const refused = (command: string) => {
      const { result } = map(command);
      assert.ok('call' in result, command);
      const block = awsBlock(result.call, 'x');
      return 'problem' in block ? block.problem : '';
    };
    assert.match(refused('aws iam list-virtual-mfa-devices'), /iam:ListVirtualMFADevices is not a read/);
    assert.match(
      refused(
        'aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0',
      ),
      /SecurityGroupRuleIds/,
    );
    assert.equal(refused('aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0'), '');
  });

  it('maps the CLI-only --protocol/--port/--cidr options to an IpPermissions entry', () => {
    const { result } = map(
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 20-22 --cidr 0.0.0.0/0',
    );
    assert.ok('call' in result);
    assert.deepEqual(result.call.input.IpPermissions, [
      { IpProtocol: 'tcp', FromPort: 20, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]);
  });
});

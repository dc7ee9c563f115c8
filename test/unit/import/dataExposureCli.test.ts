import * as assert from 'node:assert/strict';
import { mapAwsCommand } from '../../../src/core/import/awsCli';
import { ParameterSet } from '../../../src/core/import/parameterSet';
import { allSteps } from '../../../src/core/playbook/parser';
import { importFixture, parsed, roundTripErrors } from './helpers';

const input = (command: string) => {
  const mapped = mapAwsCommand(command, new ParameterSet());
  assert.ok('call' in mapped, command);
  return mapped.call.input;
};

describe('irp import: the S3 and RDS calls of a data-exposure playbook', () => {
  const imported = importFixture('data-exposure-containment.md');

  it('imports the bucket and database reads as aws blocks, the containment calls as actions, and validates', () => {
    assert.deepEqual([imported.counts.aws, imported.counts.action], [6, 3]);
    const queries = allSteps(parsed(imported.markdown)).flatMap(s =>
      s.queries.map(q => [q.engine, q.text.replace(/\n\s*/g, ' ').trim()]),
    );
    assert.deepEqual(queries, [
      ['aws', 'service: s3 operation: GetBucketPolicy input: Bucket: "{{bucket}}"'],
      ['aws', 'service: s3 operation: GetBucketPolicyStatus input: Bucket: "{{bucket}}"'],
      ['aws', 'service: s3 operation: GetPublicAccessBlock input: Bucket: "{{bucket}}"'],
      ['aws', 'service: s3 operation: GetBucketLogging input: Bucket: "{{bucket}}"'],
      ['aws', 'service: rds operation: DescribeDBInstances input: DBInstanceIdentifier: orders-db'],
      ['aws', 'service: rds operation: DescribeDBSnapshotAttributes input: DBSnapshotIdentifier: orders-db-2026-11-30'],
      [
        'action',
        'service: s3 operation: PutPublicAccessBlock input: Bucket: "{{bucket}}" PublicAccessBlockConfiguration: ' +
          'BlockPublicAcls: true IgnorePublicAcls: true BlockPublicPolicy: true RestrictPublicBuckets: true',
      ],
      [
        'action',
        'service: rds operation: CreateDBSnapshot ' +
          'input: DBInstanceIdentifier: orders-db DBSnapshotIdentifier: orders-db-ir-evidence',
      ],
      [
        'action',
        'service: rds operation: ModifyDBInstance ' +
          'input: DBInstanceIdentifier: orders-db PubliclyAccessible: false ApplyImmediately: true',
      ],
    ]);
    assert.deepEqual(roundTripErrors(imported.markdown), []);
  });

  it('maps the shorthand settings to booleans, and --no-publicly-accessible to false', () => {
    assert.deepEqual(
      input(
        'aws s3api put-public-access-block --bucket b --public-access-block-configuration ' +
          'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      ),
      {
        Bucket: 'b',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
    );
    assert.deepEqual(input('aws rds modify-db-instance --db-instance-identifier db1 --no-publicly-accessible'), {
      DBInstanceIdentifier: 'db1',
      PubliclyAccessible: false,
    });
    assert.deepEqual(input('aws ec2 describe-images --filters Name=is-public,Values=true'), {
      Filters: [{ Name: 'is-public', Values: ['true'] }],
    });
  });

  it('keeps as guidance, with the reason, the call that would open the bucket again', () => {
    assert.deepEqual(
      imported.unmapped.map(u => [u.kind, u.reason]),
      [
        [
          'aws-command',
          's3:PutPublicAccessBlock may only set PublicAccessBlockConfiguration to {"BlockPublicAcls":true,' +
            '"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true} here (containment), not ' +
            '{"BlockPublicAcls":false,"IgnorePublicAcls":false,' +
            '"BlockPublicPolicy":false,"RestrictPublicBuckets":false}',
        ],
      ],
    );
  });
});

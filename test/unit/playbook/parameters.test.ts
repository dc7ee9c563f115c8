import * as assert from 'node:assert/strict';
import type { ParameterDefinition, ParameterType } from '../../../src/core/playbook/model';
import { PARAMETER_TYPES } from '../../../src/core/playbook/model';
import {
  isParameterType,
  parseDuration,
  resolveTimeWindow,
  validateParameter,
} from '../../../src/core/playbook/parameters';

function definition(type: ParameterType, extra: Partial<ParameterDefinition> = {}): ParameterDefinition {
  return { name: 'p', type, label: 'Value', required: true, position: { line: 1, column: 1 }, ...extra };
}

/** Valid and invalid values per type; every declared type must appear here. */
const CASES: Record<ParameterType, { valid: string[]; invalid: string[] }> = {
  string: { valid: ['anything at all', 'x'], invalid: [] },
  integer: { valid: ['0', '42', '-7', ' 12 '], invalid: ['1.5', '1e3', 'ten', '--1', '0x10'] },
  isoTime: {
    valid: [
      '2026-11-20T14:05:00Z',
      '2026-11-20T14:05Z',
      '2026-11-20T14:05:00.123Z',
      '2026-11-20T14:05:00+02:00',
      '2024-02-29T00:00:00Z',
      '2026-12-31T23:59:59-05:30',
    ],
    invalid: [
      '2026-11-20T14:05:00',
      '2026-11-20',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-20T24:00:00Z',
      '2026-11-20T14:60:00Z',
      '2026-11-20 14:05:00Z',
      'yesterday',
    ],
  },
  timeWindow: {
    valid: ['P7D', 'PT6H', 'P1W', 'P1DT12H', 'PT90M', 'PT30S', '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z'],
    invalid: [
      'P',
      'PT',
      '7D',
      'P1Y',
      '2026-11-21T00:00:00Z/2026-11-20T00:00:00Z',
      '2026-11-20T00:00:00Z',
      '2026-11-20/2026-11-21',
      '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z/2026-11-22T00:00:00Z',
    ],
  },
  ipv4: {
    valid: ['0.0.0.0', '10.0.0.1', '255.255.255.255', '198.51.100.77'],
    invalid: ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '1.2.3.a', '::1', ''.padEnd(3, '.')],
  },
  ipv6: {
    valid: [
      '::',
      '::1',
      '1::',
      '2001:db8::1',
      '2001:DB8:0:0:0:0:0:1',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7::',
      'fe80::abcd:1',
      '::ffff:192.0.2.1',
      '1:2:3:4:5:6:192.0.2.1',
      '64:ff9b::198.51.100.77',
    ],
    invalid: [
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      ':1:2:3:4:5:6:7',
      '12345::',
      'g::1',
      'fe80::1%eth0',
      '::ffff:1.2.3.256',
      '1:2:3:4:5:6:7:1.2.3.4',
      '1.2.3.4',
      '2001:db8::/32',
    ],
  },
  ip: { valid: ['10.0.0.1', '2001:db8::1', '::'], invalid: ['10.0.0', 'localhost', '2001:db8:::1'] },
  cidr: {
    valid: [
      '0.0.0.0/0',
      '10.0.0.0/8',
      '203.0.113.0/24',
      '198.51.100.77/32',
      '::/0',
      '2001:db8::/32',
      '2001:db8::1/128',
      '::ffff:192.0.2.0/120',
    ],
    invalid: [
      '10.0.0.0',
      '10.0.0.0/',
      '/24',
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/24/1',
      '10.0.0/24',
      '2001:db8::/129',
      '2001:db8::',
      '::/1000',
      'any/0',
    ],
  },
  accessKeyId: {
    valid: ['AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE'],
    invalid: ['AKIA123', 'akiaiosfodnn7example', 'AKIDIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE1'],
  },
  instanceId: {
    valid: ['i-1234abcd', 'i-0123456789abcdef0'],
    invalid: ['i-1234567', 'i-0123456789ABCDEF0', 'i-123456789', 'sg-1234abcd'],
  },
  securityGroupId: { valid: ['sg-1234abcd', 'sg-0123456789abcdef0'], invalid: ['sg-xyz', 'sg-1234abc', 'i-1234abcd'] },
  accountId: { valid: ['123456789012', '000000000000'], invalid: ['12345678901', '1234567890123', '12345678901a'] },
  region: {
    valid: [
      'eu-west-1',
      'us-east-1',
      'ap-southeast-3',
      'us-gov-west-1',
      'cn-north-1',
      'us-iso-east-1',
      'us-isob-east-1',
      'il-central-1',
      'eusc-de-east-1',
    ],
    invalid: ['EU-WEST-1', 'eu-west', 'euwest1', 'eu-west-one', 'global'],
  },
  arn: {
    valid: [
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:s3:::my-bucket',
      'arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1234abcd',
      'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1234abcd',
    ],
    invalid: [
      'arn:aws:iam::123:user/alice',
      'aws:iam::123456789012:user/alice',
      'arn:aws:iam::123456789012:',
      'arn:gcp:iam::123456789012:x',
    ],
  },
  eventName: {
    valid: ['RunInstances', 'AuthorizeSecurityGroupIngress', 'PutBucketPolicy', 'CreateNetworkAclEntry'],
    invalid: ['runInstances', 'Run Instances', 'ec2:RunInstances', 'R'],
  },
  guardDutyFindingType: {
    valid: [
      'Recon:EC2/PortProbeUnprotectedPort',
      'Backdoor:EC2/C&CActivity.B!DNS',
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    ],
    // The translated copies' garbled names, retired types and a near miss in case.
    invalid: [
      'Backdoor: EC2/C&CActivity.B',
      'RERecon:EC2/PortProbeUnprotectedPort',
      'UnauthorizedAccess:EC2/TorIPCaller',
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration',
      'recon:ec2/portprobeunprotectedport',
    ],
  },
};

describe('validateParameter', () => {
  it('has cases for every declared type, and knows each type', () => {
    assert.deepEqual(Object.keys(CASES).sort(), [...PARAMETER_TYPES].sort());
    for (const t of PARAMETER_TYPES) assert.ok(isParameterType(t));
    assert.equal(isParameterType('ipaddress'), false);
    assert.equal(isParameterType('toString'), false);
  });

  for (const type of PARAMETER_TYPES) {
    it(`accepts valid and rejects invalid ${type} values`, () => {
      for (const value of CASES[type].valid)
        assert.equal(validateParameter(definition(type), value), undefined, `${type} "${value}"`);
      for (const value of CASES[type].invalid) {
        const problem = validateParameter(definition(type), value);
        assert.ok(problem, `${type} "${value}" should be rejected`);
        assert.match(problem, /^Value \(p\) /);
      }
    });
  }

  it('checks a string against its pattern, in full', () => {
    const def = definition('string', { pattern: '[a-z]+' });
    assert.equal(validateParameter(def, 'abc'), undefined);
    assert.match(validateParameter(def, 'abc1') ?? '', /must match \[a-z\]\+/);
    assert.ok(validateParameter(definition('string', { pattern: 'a|b' }), 'ab'));
  });

  it('requires a value only when the parameter is required', () => {
    assert.match(validateParameter(definition('ip'), '  ') ?? '', /Value \(p\) is required/);
    assert.equal(validateParameter(definition('ip', { required: false }), undefined), undefined);
    assert.equal(validateParameter(definition('ip', { required: false }), ''), undefined);
  });

  it('quotes the rejected value in the message', () => {
    assert.equal(validateParameter(definition('accountId'), '123'), 'Value (p) must be a 12-digit account id: "123"');
  });
});

describe('time windows', () => {
  const now = new Date('2026-11-20T12:00:00Z');

  it('parses ISO 8601 durations of weeks, days, hours, minutes and seconds', () => {
    assert.equal(parseDuration('P7D'), 7 * 86_400_000);
    assert.equal(parseDuration('P1W2DT3H4M5S'), ((9 * 24 + 3) * 60 + 4) * 60_000 + 5000);
    assert.equal(parseDuration('P'), undefined);
    assert.equal(parseDuration('PT'), undefined);
    assert.equal(parseDuration('P1M'), undefined);
  });

  it('resolves a duration as ending now, and start/end as written', () => {
    assert.deepEqual(resolveTimeWindow('PT6H', now), { start: new Date('2026-11-20T06:00:00Z'), end: now });
    assert.deepEqual(resolveTimeWindow(' 2026-11-19T00:00:00+01:00/2026-11-20T00:00:00Z ', now), {
      start: new Date('2026-11-18T23:00:00Z'),
      end: new Date('2026-11-20T00:00:00Z'),
    });
    assert.equal(resolveTimeWindow('2026-02-30T00:00:00Z/2026-03-01T00:00:00Z', now), undefined);
    assert.equal(resolveTimeWindow('soon', now), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { rulesOnlyIn, securityGroupRules } from '../../../src/core/aws/api/configDiff';

/** A security group as AWS Config records it (`configuration` is a JSON string). */
const group = (
  ingress: unknown[],
  egress: unknown[] = [{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }],
) => JSON.stringify({ groupId: 'sg-0123456789abcdef0', ipPermissions: ingress, ipPermissionsEgress: egress });

describe('Config history: the rules a security group change added and removed', () => {
  const approved = group([
    { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }], ipRanges: ['10.0.0.0/8'] },
  ]);
  const opened = group([
    {
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }, { cidrIp: '0.0.0.0/0' }],
      ipv6Ranges: [{ cidrIpv6: '::/0' }],
    },
    {
      ipProtocol: 'tcp',
      fromPort: 3389,
      toPort: 3390,
      userIdGroupPairs: [{ groupId: 'sg-0fffffffffffffff0' }],
      prefixListIds: [{ prefixListId: 'pl-0aaa' }],
    },
  ]);

  it('writes each rule as direction, protocol, ports and peer, IPv4 written either way counted once', () => {
    assert.deepEqual(securityGroupRules(approved), ['egress all all 0.0.0.0/0', 'ingress tcp 22 10.0.0.0/8']);
    assert.deepEqual(securityGroupRules(opened), [
      'egress all all 0.0.0.0/0',
      'ingress tcp 22 0.0.0.0/0',
      'ingress tcp 22 10.0.0.0/8',
      'ingress tcp 22 ::/0',
      'ingress tcp 3389-3390 pl-0aaa',
      'ingress tcp 3389-3390 sg-0fffffffffffffff0',
    ]);
  });

  it('names what the change added, and what reverting it removed', () => {
    assert.deepEqual(rulesOnlyIn(opened, approved), [
      'ingress tcp 22 0.0.0.0/0',
      'ingress tcp 22 ::/0',
      'ingress tcp 3389-3390 pl-0aaa',
      'ingress tcp 3389-3390 sg-0fffffffffffffff0',
    ]);
    assert.deepEqual(rulesOnlyIn(approved, opened), []);
    assert.deepEqual(rulesOnlyIn(approved, approved), []);
  });

  it('says nothing (undefined) without an earlier item, for another resource type, or for text that is not JSON', () => {
    assert.equal(rulesOnlyIn(opened, undefined), undefined);
    assert.equal(rulesOnlyIn(JSON.stringify({ instanceId: 'i-0123456789abcdef0' }), approved), undefined);
    assert.equal(securityGroupRules('{not json'), undefined);
    assert.equal(securityGroupRules(null), undefined);
  });
});

import assert from 'node:assert/strict';
import { cidrContains, parseNetwork } from '../../../src/core/local/cidr';

describe('cidr_contains', () => {
  it('matches IPv4 networks', () => {
    assert.equal(cidrContains('10.0.0.0/8', '10.255.3.4'), true);
    assert.equal(cidrContains('10.0.0.0/8', '11.0.0.1'), false);
    assert.equal(cidrContains('192.168.1.0/24', '192.168.1.255'), true);
    assert.equal(cidrContains('0.0.0.0/0', '203.0.113.9'), true);
    assert.equal(cidrContains('203.0.113.9', '203.0.113.9'), true);
  });

  it('matches IPv6 networks, with :: and embedded IPv4 forms', () => {
    assert.equal(cidrContains('2001:db8::/32', '2001:db8:1::5'), true);
    assert.equal(cidrContains('2001:db8::/32', '2001:db9::5'), false);
    assert.equal(cidrContains('2600:1f18:abcd:ee00::/56', '2600:1f18:abcd:eeff:1:2:3:4'), true);
    assert.equal(cidrContains('::/0', '::1'), true);
    assert.equal(cidrContains('::ffff:0:0/96', '::ffff:10.0.0.1'), true);
  });

  it('is false across families and NULL for text that is not an address', () => {
    assert.equal(cidrContains('10.0.0.0/8', '2001:db8::1'), false);
    assert.equal(cidrContains('::/0', '10.0.0.1'), false);
    assert.equal(cidrContains('10.0.0.0/8', '-'), undefined);
    assert.equal(cidrContains('10.0.0.0/33', '10.0.0.1'), undefined);
    assert.equal(cidrContains('10.0.0.0/8', '10.0.0.256'), undefined);
    assert.equal(parseNetwork('1:2:3:4:5:6:7:8:9/64'), undefined);
  });
});

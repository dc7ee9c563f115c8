import * as assert from 'node:assert/strict';
import {
  matchesPattern,
  missingSecurityGroupCalls,
  SECURITY_GROUP_CALLS,
} from '../../../src/core/aws/api/eventPattern';

const p = (pattern: unknown) => JSON.stringify(pattern);

describe('EventBridge pattern check for the security-group calls', () => {
  it('a pattern listing the five calls, or matching them by prefix, covers them', () => {
    assert.deepEqual(
      missingSecurityGroupCalls(p({ source: ['aws.ec2'], detail: { eventName: [...SECURITY_GROUP_CALLS] } })),
      [],
    );
    assert.deepEqual(
      missingSecurityGroupCalls(
        p({
          detail: {
            eventName: [
              { prefix: 'Authorize' },
              { prefix: 'Revoke' },
              { 'equals-ignore-case': 'modifysecuritygrouprules' },
            ],
          },
        }),
      ),
      [],
    );
    assert.deepEqual(missingSecurityGroupCalls(p({ detail: { eventName: [{ wildcard: '*SecurityGroup*' }] } })), []);
  });

  it('names the calls a narrower pattern misses', () => {
    assert.deepEqual(
      missingSecurityGroupCalls(p({ detail: { eventName: [{ 'anything-but': { prefix: 'Revoke' } }] } })),
      ['RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress'],
    );
    assert.deepEqual(missingSecurityGroupCalls(p({ source: ['aws.s3'] })), [...SECURITY_GROUP_CALLS]);
  });

  it('a pattern that also filters on something else (a user, a parameter) does not cover the calls in general', () => {
    assert.equal(
      missingSecurityGroupCalls(
        p({ detail: { eventName: [...SECURITY_GROUP_CALLS], userIdentity: { type: ['Root'] } } }),
      ).length,
      5,
    );
    assert.deepEqual(
      missingSecurityGroupCalls(
        p({ detail: { eventName: [...SECURITY_GROUP_CALLS], errorCode: [{ exists: false }] } }),
      ),
      [],
    );
  });

  it('$or alternatives, and a pattern that is not JSON', () => {
    assert.deepEqual(
      missingSecurityGroupCalls(
        p({
          $or: [
            { detail: { eventName: ['AuthorizeSecurityGroupIngress'] } },
            { detail: { eventName: [{ suffix: 'Egress' }] } },
          ],
        }),
      ),
      ['RevokeSecurityGroupIngress', 'ModifySecurityGroupRules'],
    );
    assert.equal(missingSecurityGroupCalls('{not json').length, 5);
    assert.equal(matchesPattern({ a: [1] }, { a: [2, 1] }), true, 'a list-valued field matches when any element does');
  });
});

// Request summaries over requestParameters as CloudTrail logs them (EC2's `items` lists, IAM's flat fields).
import assert from 'node:assert/strict';
import { requestSummarySource, summariseEvent, summariseRequest } from '../../../src/core/results/requestSummary';
import { iamUserIngress } from '../findings/events';

const SSH_FROM_ANYWHERE = iamUserIngress.requestParameters;

describe('CloudTrail request summaries', () => {
  it('reads a security group ingress rule as port, source and group', () => {
    assert.equal(
      summariseRequest('AuthorizeSecurityGroupIngress', SSH_FROM_ANYWHERE),
      'tcp/22 from 0.0.0.0/0 on sg-0c3f9a12e4b7d6850',
    );
  });

  it('reads several permissions, port ranges, IPv6, other groups, all traffic and egress', () => {
    const params = {
      groupId: 'sg-1',
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 1024,
            toPort: 65535,
            ipRanges: { items: [{ cidrIp: '10.0.0.0/8', description: 'vpn' }] },
            ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] },
          },
          { ipProtocol: '-1', groups: { items: [{ groupId: 'sg-2', userId: '123456789012' }] } },
          { ipProtocol: 'icmp', fromPort: -1, toPort: -1, ipRanges: { items: [{ cidrIp: '198.51.100.0/24' }] } },
        ],
      },
    };
    assert.equal(
      summariseRequest('AuthorizeSecurityGroupIngress', params),
      'tcp/1024-65535 from 10.0.0.0/8, ::/0; all traffic from sg-2; icmp from 198.51.100.0/24 on sg-1',
    );
    assert.equal(
      summariseRequest('AuthorizeSecurityGroupEgress', {
        groupId: 'sg-9',
        ipPermissions: {
          items: [{ ipProtocol: '6', fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
        },
      }),
      'tcp/443 to 0.0.0.0/0 on sg-9',
    );
    assert.equal(
      summariseRequest('RevokeSecurityGroupIngress', {
        groupId: 'sg-1',
        securityGroupRuleIds: { items: [{ securityGroupRuleId: 'sgr-0123' }] },
      }),
      'sgr-0123 on sg-1',
    );
  });

  it('reads routes, network ACL entries, gateways, peering and launches', () => {
    assert.equal(
      summariseRequest('CreateRoute', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' }),
      '0.0.0.0/0 via igw-1 in rtb-1',
    );
    assert.equal(
      summariseRequest('CreateNetworkAclEntry', {
        networkAclId: 'acl-1',
        ruleNumber: 90,
        egress: false,
        ruleAction: 'allow',
        protocol: '6',
        cidrBlock: '0.0.0.0/0',
        portRange: { from: 3389, to: 3389 },
      }),
      'allow ingress tcp/3389 from 0.0.0.0/0 rule 90 on acl-1',
    );
    assert.equal(
      summariseRequest('AttachInternetGateway', { internetGatewayId: 'igw-1', vpcId: 'vpc-1' }),
      'igw-1 to vpc-1',
    );
    assert.equal(
      summariseRequest('CreateVpcPeeringConnection', {
        vpcId: 'vpc-1',
        peerVpcId: 'vpc-2',
        peerOwnerId: '210987654321',
      }),
      'vpc-1 to vpc-2 in account 210987654321',
    );
    assert.equal(
      summariseRequest('RunInstances', {
        instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 1, maxCount: 3 }] },
        instanceType: 'c5.4xlarge',
        groupSet: { items: [{ groupId: 'sg-1' }] },
      }),
      '3 × c5.4xlarge from ami-0abc in sg-1',
    );
  });

  it('reads the common IAM calls', () => {
    assert.equal(summariseRequest('CreateAccessKey', { userName: 'ci-deploy' }), 'for ci-deploy');
    assert.equal(summariseRequest('CreateAccessKey', {}), 'for the caller');
    assert.equal(
      summariseRequest('AttachUserPolicy', {
        userName: 'backdoor',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
      'arn:aws:iam::aws:policy/AdministratorAccess to user backdoor',
    );
    assert.equal(
      summariseRequest('AssumeRole', {
        roleArn: 'arn:aws:iam::123456789012:role/Admin',
        roleSessionName: 'x',
        durationSeconds: 3600,
      }),
      'arn:aws:iam::123456789012:role/Admin as x',
    );
  });

  it('falls back to scalar fields for other calls, and says nothing without parameters', () => {
    assert.equal(
      summariseRequest('DescribeInstances', { maxResults: 5, filterSet: { items: [] }, dryRun: false }),
      'maxResults=5 dryRun=false',
    );
    assert.equal(summariseRequest('ConsoleLogin', null), '');
    assert.equal(summariseRequest('GetCallerIdentity', 'not json'), '');
  });

  it('keeps hostile values as one bounded line of text', () => {
    const summary = summariseRequest('CreateUser', { userName: `evil\n<script>${'x'.repeat(500)}` });
    assert.ok(!summary.includes('\n'));
    assert.ok(summary.length <= 200);
    assert.ok(summary.startsWith('evil <script>'));
    // A prototype name as an event name picks no summariser from the object's prototype.
    assert.equal(summariseRequest('constructor', { a: 1 }), 'a=1');
  });

  it('summarises whole events and picks its source from the result columns', () => {
    const event = JSON.stringify({
      eventVersion: '1.09',
      eventName: 'AuthorizeSecurityGroupIngress',
      requestParameters: SSH_FROM_ANYWHERE,
    });
    assert.equal(summariseEvent(event), 'tcp/22 from 0.0.0.0/0 on sg-0c3f9a12e4b7d6850');
    assert.equal(summariseEvent('{broken'), '');
    const lookup = requestSummarySource(['EventId', 'EventName', 'CloudTrailEvent']);
    assert.equal(
      lookup?.(['id', 'AuthorizeSecurityGroupIngress', event]),
      'tcp/22 from 0.0.0.0/0 on sg-0c3f9a12e4b7d6850',
    );
    const athena = requestSummarySource(['eventtime', 'eventname', 'requestparameters']);
    assert.equal(athena?.(['t', 'CreateAccessKey', '{"userName":"ci-deploy"}']), 'for ci-deploy');
    assert.equal(requestSummarySource(['srcaddr', 'bytes']), undefined);
  });
});

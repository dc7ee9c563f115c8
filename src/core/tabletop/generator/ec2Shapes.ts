// Request and response bodies of the EC2 API calls in the story, shaped the way CloudTrail records them (the EC2
// Query API's `items` lists, `_return` flags, the request id repeated inside the response).
import type { Eni } from './environment';
import { privateDnsName, resourceId } from './ids';
import type { Rng } from './rng';

/** Empty request parameters of the common Describe calls, as CloudTrail shows them when no filter is given. */
export const DESCRIBE_PARAMETERS: Record<string, unknown> = {
  DescribeInstances: { instancesSet: {}, filterSet: {} },
  DescribeSecurityGroups: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
  DescribeVpcs: { vpcSet: {}, filterSet: {} },
  DescribeSubnets: { subnetSet: {}, filterSet: {} },
  DescribeRouteTables: { routeTableIdSet: {}, filterSet: {} },
  DescribeVolumes: { volumeSet: {}, filterSet: {} },
  DescribeNetworkInterfaces: { networkInterfaceIdSet: {}, filterSet: {} },
  DescribeInternetGateways: { internetGatewaySet: {}, filterSet: {} },
  DescribeKeyPairs: { keySet: {} },
  DescribeRegions: { regionSet: {} },
  DescribeLaunchTemplates: { launchTemplateIdSet: {}, launchTemplateNameSet: {} },
  DescribeTags: { filterSet: { items: [{ name: 'resource-type', valueSet: { items: [{ value: 'instance' }] } }] } },
  DescribeImages: {
    executableBySet: {},
    imagesSet: {},
    ownersSet: { items: [{ owner: 'amazon' }] },
    filterSet: { items: [{ name: 'name', valueSet: { items: [{ value: 'al2023-ami-2023.*-x86_64' }] } }] },
  },
};

export function authorizeIngress(groupId: string, cidr: string, port: number, accountId: string, ruleId: string) {
  return {
    request: {
      groupId,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            groups: {},
            ipRanges: { items: [{ cidrIp: cidr }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    response: (requestId: string) => ({
      requestId,
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupOwnerId: accountId,
            groupId,
            securityGroupRuleId: ruleId,
            isEgress: false,
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            cidrIpv4: cidr,
          },
        ],
      },
    }),
  };
}

export function createRoute(routeTableId: string, destinationCidrBlock: string, gatewayId: string) {
  return {
    request: { routeTableId, destinationCidrBlock, gatewayId },
    response: (requestId: string) => ({ requestId, _return: true }),
  };
}

export function importKeyPair(keyName: string, rng: Rng) {
  const fingerprint = Array.from({ length: 16 }, () => rng.hex(2)).join(':');
  const keyPairId = resourceId(rng, 'key');
  return {
    request: { keyName, publicKeyMaterial: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    response: (requestId: string) => ({ requestId, keyName, keyFingerprint: fingerprint, keyPairId }),
  };
}

interface LaunchSpec {
  accountId: string;
  region: string;
  az: string;
  imageId: string;
  instanceType: string;
  keyName: string;
  subnetId: string;
  vpcId: string;
  groupId: string;
  groupName: string;
  enis: Eni[];
  launchMs: number;
}

export function runInstances(spec: LaunchSpec, rng: Rng) {
  const clientToken = rng.uuid();
  const reservationId = resourceId(rng, 'r');
  const group = { items: [{ groupId: spec.groupId, groupName: spec.groupName }] };
  const attachments = spec.enis.map(() => resourceId(rng, 'eni-attach'));
  return {
    request: {
      instancesSet: {
        items: [
          { imageId: spec.imageId, minCount: spec.enis.length, maxCount: spec.enis.length, keyName: spec.keyName },
        ],
      },
      instanceType: spec.instanceType,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      disableApiTermination: false,
      disableApiStop: false,
      clientToken,
      networkInterfaceSet: {
        items: [
          {
            deviceIndex: 0,
            subnetId: spec.subnetId,
            associatePublicIpAddress: true,
            groupSet: { items: [{ groupId: spec.groupId }] },
          },
        ],
      },
    },
    response: (requestId: string) => ({
      requestId,
      reservationId,
      ownerId: spec.accountId,
      groupSet: {},
      instancesSet: {
        items: spec.enis.map((eni, i) => ({
          instanceId: eni.instanceId,
          imageId: spec.imageId,
          currentInstanceBootMode: 'legacy-bios',
          instanceState: { code: 0, name: 'pending' },
          privateDnsName: privateDnsName(eni.ip, spec.region),
          keyName: spec.keyName,
          amiLaunchIndex: i,
          productCodes: {},
          instanceType: spec.instanceType,
          launchTime: spec.launchMs,
          placement: { availabilityZone: spec.az, tenancy: 'default' },
          monitoring: { state: 'disabled' },
          subnetId: spec.subnetId,
          vpcId: spec.vpcId,
          privateIpAddress: eni.ip,
          stateReason: { code: 'pending', message: 'pending' },
          architecture: 'x86_64',
          rootDeviceType: 'ebs',
          rootDeviceName: '/dev/xvda',
          blockDeviceMapping: {},
          virtualizationType: 'hvm',
          hypervisor: 'xen',
          clientToken,
          groupSet: group,
          sourceDestCheck: true,
          networkInterfaceSet: {
            items: [
              {
                networkInterfaceId: eni.id,
                subnetId: spec.subnetId,
                vpcId: spec.vpcId,
                ownerId: spec.accountId,
                status: 'in-use',
                macAddress: eni.mac,
                privateIpAddress: eni.ip,
                privateDnsName: privateDnsName(eni.ip, spec.region),
                sourceDestCheck: true,
                interfaceType: 'interface',
                groupSet: group,
                attachment: {
                  attachmentId: attachments[i],
                  deviceIndex: 0,
                  networkCardIndex: 0,
                  status: 'attaching',
                  attachTime: spec.launchMs,
                  deleteOnTermination: true,
                },
                privateIpAddressesSet: {
                  item: [
                    { privateIpAddress: eni.ip, privateDnsName: privateDnsName(eni.ip, spec.region), primary: true },
                  ],
                },
                ipv6AddressesSet: {},
                tagSet: {},
              },
            ],
          },
          ebsOptimized: false,
          enaSupport: true,
          cpuOptions: { coreCount: 8, threadsPerCore: 2 },
          capacityReservationSpecification: { capacityReservationPreference: 'open' },
          enclaveOptions: { enabled: false },
          metadataOptions: {
            state: 'pending',
            httpTokens: 'optional',
            httpPutResponseHopLimit: 1,
            httpEndpoint: 'enabled',
            httpProtocolIpv4: 'enabled',
            httpProtocolIpv6: 'disabled',
            instanceMetadataTags: 'disabled',
          },
          maintenanceOptions: { autoRecovery: 'default' },
          privateDnsNameOptions: {
            hostnameType: 'ip-name',
            enableResourceNameDnsARecord: false,
            enableResourceNameDnsAAAARecord: false,
          },
        })),
      },
    }),
  };
}

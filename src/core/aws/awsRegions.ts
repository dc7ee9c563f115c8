// Which regions "all regions" means. Calling EC2 DescribeRegions first would load the EC2 client (a large bundle) for
// every all-regions lookup, so we try every commercial region we know: the ones every account has, plus the opt-in
// ones. An opt-in region the account has not enabled rejects the (already verified) keys as unrecognised; the
// CloudTrail engine skips such a region and records it as not enabled. A setting (`enabledRegions`) replaces the list for accounts that know better.

/** Enabled by default in every AWS account. */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** Enabled only when the account opts in. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

export const ALL_KNOWN_REGIONS = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];

/** Errors with which a region that is not enabled for the account answers valid keys. */
export const REGION_NOT_ENABLED_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'OptInRequired',
  'AuthFailure',
]);

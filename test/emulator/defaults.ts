// Defaults chosen to look like a fresh, real account.
import type { EmulatorCredentials } from './types';

/** The principal every emulator knows unless `credentials` is given. Not a real key. */
export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  accessKeyId: 'AKIAEMULATOR00000001',
  secretAccessKey: 'emulator-secret-key-not-a-real-one',
  account: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/ir-analyst',
};

/** DEFAULT_CREDENTIALS as the SDK's environment credential provider reads them. */
export const DEFAULT_CREDENTIALS_ENV = {
  AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
};

/** Regions enabled by default in an AWS account; opt-in regions (af-south-1, ap-east-1, me-south-1, ...) are not. */
export const DEFAULT_ENABLED_REGIONS = [
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

export const DEFAULT_MFA_CODE = '123456';
export const DEFAULT_LOOKUP_RATE = 2;
export const DEFAULT_RETENTION_DAYS = 90;
/** Largest clock difference SigV4 accepts between x-amz-date and the server. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

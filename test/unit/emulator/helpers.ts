// Shared set-up for the emulator tests: real SDK clients pointed at a fresh emulator, and CloudTrail records.
import { DEFAULT_CREDENTIALS, type EmulatorCredentials } from '../../emulator';

// A mis-configured client must never wander off to the instance metadata service or real AWS.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export interface ClientOptions {
  region?: string;
  credentials?: Pick<EmulatorCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;
  maxAttempts?: number;
}

/** Config for any SDK v3 client (CloudTrail, Athena, STS) talking to the emulator. */
export function clientConfig(endpoint: string, opts: ClientOptions = {}) {
  const c = opts.credentials ?? DEFAULT_CREDENTIALS;
  return {
    endpoint,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
    maxAttempts: opts.maxAttempts ?? 3,
  };
}

const BASE_TIME = Date.now() - 3600 * 1000;

/** A management-event record as CloudTrail writes it to S3; event i happens i seconds after a base time an hour ago. */
export function ctRecord(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAALICE',
      userName: 'alice',
    },
    eventTime: new Date(BASE_TIME + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${i}`,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    ...overrides,
  };
}

/** Runs `fn` and returns the error it rejects with (fails the test when it resolves). */
export async function rejection(
  fn: () => Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

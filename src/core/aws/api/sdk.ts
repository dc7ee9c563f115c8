// Loads one service's SDK client on first use, so the bundle that runs a CloudTrail lookup never parses the EC2 or IAM
// client. The build turns each of these imports into a require of that service's own bundle (scripts/build.mjs).
import { EngineError } from '../../engine/types';
import { AWS_SERVICES } from '../../playbook/awsOperations';
import type { AwsSession, ClientConfig } from '../session';

/** The parts of an SDK client this engine uses. */
interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}

type ClientClass = new (config: ClientConfig) => SdkClient;
type CommandClass = new (input: Record<string, unknown>) => unknown;
type Paginator = (
  config: { client: SdkClient },
  input: Record<string, unknown>,
) => AsyncIterable<Record<string, unknown>>;
type SdkModule = Record<string, unknown>;

const LOADERS: Readonly<Record<string, () => Promise<SdkModule>>> = {
  guardduty: () => import('@aws-sdk/client-guardduty'),
  config: () => import('@aws-sdk/client-config-service'),
  ec2: () => import('@aws-sdk/client-ec2'),
  iam: () => import('@aws-sdk/client-iam'),
  sts: () => import('@aws-sdk/client-sts'),
  cloudwatch: () => import('@aws-sdk/client-cloudwatch'),
  eventbridge: () => import('@aws-sdk/client-eventbridge'),
  securityhub: () => import('@aws-sdk/client-securityhub'),
  lambda: () => import('@aws-sdk/client-lambda'),
  s3: () => import('@aws-sdk/client-s3'),
  rds: () => import('@aws-sdk/client-rds'),
  // Already in the AWS bundle (the cloudtrail engine's LookupEvents), so it needs no bundle of its own.
  cloudtrail: () => import('@aws-sdk/client-cloudtrail'),
};

const loaded = new Map<string, Promise<SdkModule>>();

/** One operation of one service in one region, ready to send or paginate. */
interface SdkOperation {
  client: SdkClient;
  command(input: Record<string, unknown>): unknown;
  /** The SDK's paginator for the operation, when it has one. */
  paginate?(input: Record<string, unknown>): AsyncIterable<Record<string, unknown>>;
}

export async function sdkOperation(
  session: AwsSession,
  service: string,
  operation: string,
  region: string,
): Promise<SdkOperation> {
  const info = AWS_SERVICES[service];
  const load = LOADERS[service];
  if (!info || !load) throw new EngineError(`Unknown AWS service "${service}".`, 'UnknownService');
  let module = loaded.get(service);
  if (!module) {
    module = load();
    loaded.set(service, module);
    module.catch(() => loaded.delete(service));
  }
  const sdk = await module;
  const Client = sdk[info.clientClass] as ClientClass;
  const Command = sdk[`${operation}Command`] as CommandClass | undefined;
  if (!Command)
    throw new EngineError(`The ${info.clientPackage} client has no ${operation} operation.`, 'UnknownOperation');
  const client = session.apiClient(service, region, config => new Client({ ...config, ...pathStyle(service, config) }));
  const paginator = sdk[`paginate${operation}`] as Paginator | undefined;
  // Each call gets its own copy of the input: the SDK's paginator writes the page token into the object it is given,
  // and a command keeps a reference to it until it is serialised, so runs in other regions must not share one.
  return {
    client,
    command: input => new Command({ ...input }),
    paginate: paginator && (input => paginator({ client }, { ...input })),
  };
}

/**
 * S3 names the bucket in the host (`bucket.s3.region.amazonaws.com`) unless told otherwise; an endpoint of our own
 * (the loopback emulator, a proxy) serves every bucket at one address, so there the bucket goes in the path.
 */
function pathStyle(service: string, config: ClientConfig): { forcePathStyle?: true } {
  return service === 's3' && config.endpoint ? { forcePathStyle: true } : {};
}

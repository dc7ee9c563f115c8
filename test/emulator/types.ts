// Public shapes of the local AWS wire emulator. Tests and benchmarks code against these names.
import type { RdsSeed, RdsState } from './rds';
import type { S3Bucket } from './s3';

/** Services by their SigV4 signing name (CloudWatch signs as `monitoring`, EventBridge as `events`). */
export type ServiceName =
  | 'cloudtrail'
  | 'athena'
  | 'sts'
  | 'ec2'
  | 'iam'
  | 'guardduty'
  | 'config'
  | 'monitoring'
  | 'events'
  | 'securityhub'
  | 'lambda'
  | 's3'
  | 'rds';

/** Wire-shaped data, keyed as the service writes it (EC2 `groupId`, `ipPermissions`; IAM `UserName`...). */
export type WireItem = Record<string, unknown>;

/** Seeded state of the inventory services; see README "Inventory services". */
export interface InventorySeed {
  /** Region (ignored for IAM, which is global). */
  region?: string;
  /** EC2 items in wire shape, per DescribeX list: `securityGroupInfo`, `securityGroupRuleSet`, `reservationSet`... */
  ec2?: Record<string, WireItem[]>;
  /** GuardDuty: one detector and its findings (camelCase, as on the wire). */
  guardduty?: { detectorId: string; findings: WireItem[] };
  /**
   * IAM (wire shape, PascalCase): users with their access keys, `loginProfile`, `mfaDevices`, `groups`,
   * `inlinePolicies` (names, documents in `policyDocuments`) and `attached` policies; roles with their `attached`
   * and `inlinePolicies`; the account's SAML and OpenID Connect providers.
   */
  iam?: {
    users?: IamUserSeed[];
    roles?: IamRoleSeed[];
    /** SAML providers as GetSAMLProvider answers them, plus their `Arn` (ListSAMLProviders gives Arn and dates). */
    samlProviders?: Array<WireItem & { Arn: string }>;
    /** OpenID Connect providers as GetOpenIDConnectProvider answers them, plus their `Arn`. */
    oidcProviders?: Array<WireItem & { Arn: string }>;
  };
  /** CloudTrail trails of the region, with their status and event selectors. */
  trails?: SeedTrail[];
  /** JSON services: items per `service:ListKey`, e.g. `events:Rules`, `config:ConfigRules`, `lambda:Functions`. */
  lists?: Record<string, WireItem[]>;
  /** RDS instances, clusters and snapshots of the region (wire shape, PascalCase). */
  rds?: RdsSeed;
  /** S3 buckets with their settings (buckets are the account's, whatever the region). */
  s3?: S3Bucket[];
}

/**
 * A trail as DescribeTrails lists it (`Name`, `TrailARN`, `S3BucketName`, `IsMultiRegionTrail`...), with what
 * GetTrailStatus answers for it (`IsLogging`, times in epoch seconds) and its event selectors.
 */
export type SeedTrail = WireItem & {
  Name: string;
  TrailARN: string;
  status?: WireItem;
  EventSelectors?: WireItem[];
  AdvancedEventSelectors?: WireItem[];
};

/** A documented request rate: a bucket of `burst` calls refilled at `perSecond`. */
export interface ApiRate {
  perSecond: number;
  burst: number;
}

/** A principal the emulator knows. Session credentials (ASIA…) carry a sessionToken that every request must present. */
export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** 12-digit account id the caller belongs to. */
  account: string;
  /** Caller ARN returned by GetCallerIdentity. */
  arn: string;
  /** Epoch ms after which the session is expired (ExpiredTokenException). Omitted = never expires. */
  expiresAt?: number;
}

/** A role AssumeRole knows about. Roles not registered can still be assumed, without MFA. */
export interface EmulatorRole {
  roleArn: string;
  /** When true, AssumeRole must carry SerialNumber + the right TokenCode. */
  requireMfa?: boolean;
}

export interface EmulatorOptions {
  /** Known principals; defaults to [DEFAULT_CREDENTIALS]. */
  credentials?: EmulatorCredentials[];
  /** Regions that answer; others behave like a disabled opt-in region. Defaults to DEFAULT_ENABLED_REGIONS. */
  enabledRegions?: string[];
  /** LookupEvents token bucket refill rate per account+region (default 2). Infinity disables throttling. */
  lookupRatePerSecond?: number;
  /** Roles with special rules (MFA). */
  roles?: EmulatorRole[];
  /** The one MFA code STS accepts (default '123456'). */
  mfaCode?: string;
  /** Athena workgroups that exist besides 'primary'. */
  workGroups?: string[];
  /** Athena databases ListDatabases returns (default ['default']). */
  databases?: string[];
  /** LookupEvents only sees events this many days back (default 90, like CloudTrail). Infinity disables. */
  lookupRetentionDays?: number;
  /** Per-operation rates by signing name (default: EC2's 20/s, burst 100). Each account+region+operation has a bucket. */
  apiRates?: Partial<Record<ServiceName, ApiRate>>;
}

/** One request as the emulator saw it. */
export interface CallRecord {
  service: ServiceName | 'unknown';
  action: string;
  region: string;
  accessKeyId: string;
  /** HTTP status answered; 0 when the connection was dropped on purpose. */
  status: number;
  errorCode?: string;
  /** Epoch ms when the request arrived. */
  at: number;
  /** What the request carried: the form fields of the query protocols (EC2, IAM, STS), else the JSON body. */
  input?: Record<string, unknown>;
  /** False for calls that would change something in the account (see README). */
  readOnly: boolean;
  /** Attempt number the SDK announced in amz-sdk-request (1 when absent). */
  attempt: number;
}

/** A CloudTrail record as delivered to S3 (one element of `Records`). */
export type SeedEvent = Record<string, unknown>;

/** Rows generated on demand, for results too large to hold (e.g. 100,000 rows). */
export interface LazyRows {
  count: number;
  row(index: number): (string | null)[];
}

export type QueryFinalState = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface SeededQueryResult {
  columns: { name: string; type: string }[];
  rows: (string | null)[][] | LazyRows;
  dataScannedBytes?: number;
  /** GetQueryExecution polls answered RUNNING before the terminal state (default 2; one QUEUED poll comes first). */
  runningPolls?: number;
  finalState?: QueryFinalState;
  stateChangeReason?: string;
}

export interface SeedNamedQuery {
  Name: string;
  Description?: string;
  Database: string;
  QueryString: string;
}

export type FaultKind = 'throttle' | 'server-error' | 'drop-connection' | 'slow' | 'expired-token' | 'access-denied';

export interface Fault {
  service?: ServiceName;
  action?: string;
  region?: string;
  kind: FaultKind;
  /** How many matching requests it hits (default 1; Infinity = until close). */
  times?: number;
  /** For 'slow': delay before the normal answer (default 1000 ms). */
  delayMs?: number;
}

/** What StartQueryExecution received, as the emulator recorded it. */
export interface ReceivedQueryExecution {
  QueryExecutionId: string;
  QueryString: string;
  ExecutionParameters?: string[];
  WorkGroup: string;
  QueryExecutionContext?: { Database?: string; Catalog?: string };
  ResultConfiguration?: Record<string, unknown>;
  ClientRequestToken?: string;
  region: string;
  accessKeyId: string;
  account: string;
  state: string;
}

export interface Emulator {
  /** Base URL for every client: `endpoint: emulator.endpoint`. */
  endpoint: string;
  close(): Promise<void>;
  calls: CallRecord[];
  mutatingCalls(): CallRecord[];
  seedEvents(region: string, events: SeedEvent[]): void;
  seedQuery(match: string | RegExp, result: SeededQueryResult): void;
  seedNamedQueries(workgroup: string, queries: SeedNamedQuery[]): void;
  fault(f: Fault): void;
  addCredentials(...credentials: EmulatorCredentials[]): void;
  addRole(...roles: EmulatorRole[]): void;
  queryExecutions(): ReceivedQueryExecution[];
  /** Adds inventory for the EC2, IAM, GuardDuty and JSON services (appends to what is there). */
  seedInventory(seed: InventorySeed): void;
  /** The EC2/IAM state after the calls so far, to check what an action changed (wire shape). */
  inventory(region: string): {
    ec2: Record<string, WireItem[]>;
    iamUsers: WireItem[];
    iamRoles: WireItem[];
    rds: RdsState;
    s3: S3Bucket[];
  };
}

/** An IAM user as the emulator keeps it: the wire shape plus what ListUsers and GetUser do not show. */
export interface IamUserSeed extends WireItem {
  UserName: string;
  accessKeys?: WireItem[];
  /** The console password's metadata (`CreateDate`, `PasswordResetRequired`); none = no console access. */
  loginProfile?: WireItem;
  mfaDevices?: WireItem[];
  groups?: WireItem[];
  /** Names of the inline policies. */
  inlinePolicies?: string[];
  /** Inline policy documents (JSON text) by name; a listed policy without one reads as an empty document. */
  policyDocuments?: Record<string, string>;
  attached?: WireItem[];
}

export interface IamRoleSeed extends WireItem {
  RoleName: string;
  attached: WireItem[];
  inlinePolicies?: string[];
  policyDocuments?: Record<string, string>;
}

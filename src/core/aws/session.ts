// One signed-in view of AWS: a profile (or environment keys), a default region and an optional endpoint (the local
// emulator in tests). Credentials are resolved once and shared by every client of the session, so an MFA profile
// asks for its code once. Switching profile or region means a new session; `destroy()` closes the old one's clients.
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromSSO } from '@aws-sdk/credential-providers';
import { EngineAvailability, EngineError } from '../engine/types';
import { credentialProcessOf, hideCredentialProcessFailure } from './credentialProcess';
import { AWS_ERROR, AwsErrorContext, missingRegionError, toAwsEngineError, unknownProfileError } from './errors';
import {
  awsFilePaths,
  defaultProfileName,
  Env,
  ProfileKind,
  profileKind,
  readAwsConfig,
  regionFromEnv,
} from './profiles';

type CredentialProvider = ReturnType<typeof fromIni>;
type Credentials = Awaited<ReturnType<CredentialProvider>>;

export interface AwsSessionOptions {
  /** Named profile; default AWS_PROFILE, then environment keys, then "default". */
  profile?: string;
  /** Default region; else AWS_REGION / AWS_DEFAULT_REGION, else the profile's region. */
  region?: string;
  /** Endpoint for every client, including the STS used to assume roles (tests: the emulator). Else AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Asked for the current code of the MFA device whose serial/ARN is given (profiles with mfa_serial). */
  mfaCodeProvider?: (serial: string) => Promise<string>;
  /** Environment to read AWS_* variables from (default process.env). */
  env?: Env;
  /**
   * Where details that must not reach a report go, already redacted (the extension's output channel, the CLI's
   * stderr): why a credential_process failed.
   */
  log?: (line: string) => void;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** What a run record may say about the session: never a secret. */
export interface SessionDescription {
  profile: string;
  region: string;
  account?: string;
  callerArn?: string;
}

/** Label used as the profile name when keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
export const ENVIRONMENT_PROFILE = '(environment)';

/** Retry settings: CloudTrail is paced by our own limiter, so the SDK's adaptive retry is only a safety net. */
const MAX_ATTEMPTS = { cloudtrail: 8, athena: 6, sts: 4, api: 6 } as const;

/** What every client of a session is built with: region, endpoint, the shared credentials, retries, timeouts. */
export interface ClientConfig {
  region: string;
  endpoint: string | undefined;
  credentials: () => Promise<Credentials>;
  retryMode: string;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}
/** Refresh temporary credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class AwsSession {
  private readonly cloudTrailClients = new Map<string, CloudTrailClient>();
  private readonly athenaClients = new Map<string, AthenaClient>();
  /** Clients of the AWS API engine's services (loaded on first use), keyed by service and region. */
  private readonly apiClients = new Map<string, { destroy(): void }>();
  private stsClient?: STSClient;
  private identityPromise?: Promise<CallerIdentity>;
  private knownIdentity?: CallerIdentity;
  private destroyed = false;

  private constructor(
    readonly profile: string,
    readonly profileKind: ProfileKind | 'environment',
    readonly region: string,
    readonly endpoint: string | undefined,
    private readonly credentials: () => Promise<Credentials>,
  ) {}

  /**
   * Checks the profile exists and a region is known, then returns a session. Nothing is sent to AWS yet; credentials
   * are resolved on the first call. Throws EngineError (unknown profile with the list of known ones, missing region).
   */
  static async open(options: AwsSessionOptions = {}): Promise<AwsSession> {
    const env = options.env ?? process.env;
    const endpoint = options.endpoint ?? (env.AWS_ENDPOINT_URL || undefined);
    const useEnvKeys = !options.profile && !env.AWS_PROFILE && !!env.AWS_ACCESS_KEY_ID && !!env.AWS_SECRET_ACCESS_KEY;
    if (useEnvKeys) {
      const region = options.region ?? regionFromEnv(env);
      if (!region) throw missingRegionError();
      const creds: Credentials = {
        accessKeyId: env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
        sessionToken: env.AWS_SESSION_TOKEN || undefined,
      };
      return new AwsSession(ENVIRONMENT_PROFILE, 'environment', region, endpoint, async () => creds);
    }
    const profile = options.profile ?? defaultProfileName(env);
    let config;
    try {
      config = await readAwsConfig(env);
    } catch (e) {
      throw toAwsEngineError(e, { profile });
    }
    const entry = config.profiles.get(profile);
    if (!entry) throw unknownProfileError(profile, [...config.profiles.keys()].sort());
    const region = options.region ?? regionFromEnv(env) ?? entry.props.region;
    if (!region) throw missingRegionError(profile);
    const kind = profileKind(entry.props);
    if (kind === 'sso-session') checkSsoSession(profile, entry.props.sso_session, config.ssoSessions);
    const paths = awsFilePaths(env);
    const files = { profile, filepath: paths.credentialsFile, configFilepath: paths.configFile, ignoreCache: true };
    // The provider's inner clients (STS for roles, SSO) must reach the same endpoint as ours (the emulator in tests).
    const at = endpoint ? { endpoint } : {};
    // fromIni does not pass custom file paths on to its SSO branch, so SSO profiles go to fromSSO directly; its SSO
    // client must stay in the profile's sso_region, so no region is forced on it.
    const provider: CredentialProvider =
      kind === 'sso' || kind === 'sso-session'
        ? fromSSO({ ...files, clientConfig: at })
        : fromIni({
            ...files,
            clientConfig: { ...at, region: entry.props.region ?? region },
            mfaCodeProvider: options.mfaCodeProvider && requireCode(options.mfaCodeProvider),
          });
    const command = credentialProcessOf(profile, config.profiles);
    const guarded = command ? hideCredentialProcessFailure(provider, profile, command, options.log) : provider;
    return new AwsSession(profile, kind, region, endpoint, memoise(guarded));
  }

  /** Context for error messages about a call made through this session. */
  errorContext(action: string, region: string = this.region): AwsErrorContext {
    return {
      action,
      region,
      profile: this.profile === ENVIRONMENT_PROFILE ? undefined : this.profile,
      profileKind: this.profileKind,
    };
  }

  /** Who the credentials belong to (STS GetCallerIdentity), asked once per session. */
  identity(signal?: AbortSignal): Promise<CallerIdentity> {
    this.identityPromise ??= this.sts()
      .send(new GetCallerIdentityCommand({}), { abortSignal: signal })
      .then(r => {
        this.knownIdentity = { account: r.Account ?? '', arn: r.Arn ?? '', userId: r.UserId ?? '' };
        return this.knownIdentity;
      })
      .catch((e: unknown) => {
        this.identityPromise = undefined;
        throw toAwsEngineError(e, this.errorContext('sts:GetCallerIdentity'));
      });
    return this.identityPromise;
  }

  /** Whether the credentials work, for an engine's availability: the caller identity answers, or why not. */
  async availability(): Promise<EngineAvailability> {
    try {
      await this.identity();
      return { available: true };
    } catch (e) {
      return { available: false, reason: toAwsEngineError(e).message };
    }
  }

  describe(): SessionDescription {
    return {
      profile: this.profile,
      region: this.region,
      account: this.knownIdentity?.account,
      callerArn: this.knownIdentity?.arn,
    };
  }

  cloudTrail(region: string = this.region): CloudTrailClient {
    return cached(this.cloudTrailClients, region, () => new CloudTrailClient(this.clientConfig(region, 'cloudtrail')));
  }

  athena(region: string = this.region): AthenaClient {
    return cached(this.athenaClients, region, () => new AthenaClient(this.clientConfig(region, 'athena')));
  }

  /** A client of any other service, made once per service and region with the session's configuration. */
  apiClient<T extends { destroy(): void }>(service: string, region: string, make: (config: ClientConfig) => T): T {
    return cached(this.apiClients, `${service}/${region}`, () => make(this.clientConfig(region, 'api'))) as T;
  }

  sts(): STSClient {
    this.stsClient ??= new STSClient(this.clientConfig(this.region, 'sts'));
    return this.stsClient;
  }

  /** Closes every client's sockets; the session must not be used afterwards. */
  destroy(): void {
    this.destroyed = true;
    for (const c of [
      ...this.cloudTrailClients.values(),
      ...this.athenaClients.values(),
      ...this.apiClients.values(),
      this.stsClient,
    ])
      c?.destroy();
    this.cloudTrailClients.clear();
    this.athenaClients.clear();
    this.apiClients.clear();
    this.stsClient = undefined;
  }

  private clientConfig(region: string, service: keyof typeof MAX_ATTEMPTS): ClientConfig {
    if (this.destroyed) throw new Error('this AWS session was closed; open a new one');
    return {
      region,
      endpoint: this.endpoint,
      credentials: this.credentials,
      retryMode: 'adaptive',
      maxAttempts: MAX_ATTEMPTS[service],
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    };
  }
}

/** The SDK fails with a TypeError when the named `[sso-session]` is missing; say what to fix instead. */
function checkSsoSession(profile: string, name: string, sessions: Map<string, Record<string, string>>): void {
  const session = sessions.get(name);
  const missing = ['sso_start_url', 'sso_region'].filter(k => !session?.[k]);
  if (!session || missing.length) {
    throw new EngineError(
      `Profile "${profile}" uses sso_session = ${name}, but the config file has ` +
        `${session ? `no ${missing.join(' or ')} in [sso-session ${name}]` : `no [sso-session ${name}] section`}: ` +
        'add it (`aws configure sso`), then run `aws sso login --profile ' +
        profile +
        '`.',
      AWS_ERROR.incompleteProfile,
    );
  }
}

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Shares one credential resolution between clients (one MFA prompt) and refreshes shortly before expiry. */
function memoise(provider: () => Promise<Credentials>): () => Promise<Credentials> {
  let resolved: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const fresh = (c: Credentials) => !c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS;
  return () => {
    if (resolved && fresh(resolved)) return Promise.resolve(resolved);
    pending ??= provider()
      .then(c => (resolved = c))
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** An empty answer to the MFA prompt is a missing code, not a code to send. */
function requireCode(ask: (serial: string) => Promise<string>): (serial: string) => Promise<string> {
  return async serial => {
    const code = (await ask(serial))?.trim();
    if (!code) throw new Error('Profile requires multi-factor authentication, but no MFA code was entered.');
    return code;
  };
}

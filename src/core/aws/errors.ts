// One place that turns whatever the SDK, a credential provider or the network throws into an EngineError whose
// message says what went wrong, where, and what to do. Every AWS call in core goes through `toAwsEngineError`.
import { EngineError } from '../engine/types';

export interface AwsErrorContext {
  /** IAM action that was attempted, e.g. "cloudtrail:LookupEvents". */
  action?: string;
  profile?: string;
  /** Kind of the profile (see profiles.ts), to explain failures of its sign-in mechanism. */
  profileKind?: string;
  region?: string;
}

/** Stable codes callers may branch on. */
export const AWS_ERROR = {
  cancelled: 'Cancelled',
  unknownProfile: 'UnknownProfile',
  incompleteProfile: 'IncompleteProfile',
  missingRegion: 'MissingRegion',
  ssoLogin: 'SsoLoginRequired',
  mfaRequired: 'MfaRequired',
  expiredToken: 'ExpiredToken',
  invalidCredentials: 'InvalidCredentials',
  credentialProcess: 'CredentialProcessFailed',
  accessDenied: 'AccessDenied',
  throttled: 'Throttled',
  network: 'NetworkError',
} as const;

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'OperationNotPermittedException',
  'NotAuthorized',
]);
const BAD_KEY = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function profileText(ctx: AwsErrorContext): string {
  return ctx.profile ? `profile "${ctx.profile}"` : 'the current credentials';
}

function where(ctx: AwsErrorContext): string {
  return ctx.region ? ` in ${ctx.region}` : '';
}

function profileFlag(ctx: AwsErrorContext): string {
  return ctx.profile ? ` --profile ${ctx.profile}` : '';
}

/** The error a cancelled run ends with; `cause` is what the SDK or a wait threw, if anything. */
export function cancelledError(cause?: unknown): EngineError {
  return new EngineError('The run was cancelled.', AWS_ERROR.cancelled, cause);
}

export function isAbort(e: unknown): boolean {
  const err = e as { name?: string } | undefined;
  return err?.name === 'AbortError' || (e instanceof EngineError && e.code === AWS_ERROR.cancelled);
}

/** The SDK's error name (service exceptions), or a Node network code. */
export function awsErrorName(e: unknown): string {
  const err = e as { name?: string; code?: string; Code?: string } | undefined;
  if (err?.code && NETWORK.has(err.code)) return err.code;
  return err?.Code ?? err?.name ?? 'Error';
}

export function toAwsEngineError(e: unknown, ctx: AwsErrorContext = {}): EngineError {
  if (e instanceof EngineError) return e;
  if (isAbort(e)) return cancelledError(e);
  const name = awsErrorName(e);
  const raw = e instanceof Error ? e.message : String(e);
  const action = ctx.action ?? 'the AWS call';

  if (/requires multi-factor authentication/i.test(raw)) {
    return new EngineError(
      `${capitalise(profileText(ctx))} requires an MFA code (mfa_serial is set) and none was given: ` +
        'enter the code when asked (CLI: --mfa-code 123456), then retry.',
      AWS_ERROR.mfaRequired,
      e,
    );
  }
  if (/is missing required property|could not be found in shared credentials file|invalid SSO credentials/i.test(raw)) {
    return new EngineError(
      `${capitalise(profileText(ctx))} is not configured completely: ${raw} Fix it in the AWS config ` +
        'file (`aws configure sso` for SSO profiles).',
      AWS_ERROR.incompleteProfile,
      e,
    );
  }
  if (/SSO session|SSO Token|Token is expired/i.test(raw)) {
    return new EngineError(
      `The SSO sign-in for ${profileText(ctx)} is missing or has expired: run ` +
        `\`aws sso login${profileFlag(ctx)}\`, then retry.`,
      AWS_ERROR.ssoLogin,
      e,
    );
  }
  if (/Could not resolve credentials using profile/i.test(raw)) {
    return new EngineError(
      `${capitalise(profileText(ctx))} has no usable credentials: give it access keys, role_arn with ` +
        'source_profile, an SSO configuration or credential_process (see `aws configure`).',
      AWS_ERROR.incompleteProfile,
      e,
    );
  }
  if (/Region is missing/i.test(raw)) return missingRegionError(ctx.profile);
  if (
    /credential_process|^Command failed/i.test(raw) ||
    (ctx.profileKind === 'credential-process' && name === 'CredentialsProviderError')
  ) {
    return credentialProcessError(ctx.profile);
  }
  if (EXPIRED.has(name)) {
    return new EngineError(
      `The AWS credentials of ${profileText(ctx)} have expired (${action}${where(ctx)} was refused): ` +
        `refresh them (for SSO: \`aws sso login${profileFlag(ctx)}\`; for temporary keys: get a new session token), then retry.`,
      AWS_ERROR.expiredToken,
      e,
    );
  }
  if (DENIED.has(name) || /not authorized to perform/i.test(raw)) {
    return new EngineError(
      `Access denied: ${profileText(ctx)} may not call ${action}${where(ctx)}. Ask for the ` +
        `IAM permission ${action} (AWS said: ${raw})`,
      AWS_ERROR.accessDenied,
      e,
    );
  }
  if (BAD_KEY.has(name)) {
    return new EngineError(
      `AWS did not accept the keys of ${profileText(ctx)} for ${action}${where(ctx)} (${name}): check ` +
        'the access key id and secret, or that the region is enabled for the account.',
      AWS_ERROR.invalidCredentials,
      e,
    );
  }
  if (THROTTLED.has(name)) {
    return new EngineError(
      `AWS kept throttling ${action}${where(ctx)} after every retry: wait a minute and run again, ` +
        'or narrow the time window.',
      AWS_ERROR.throttled,
      e,
    );
  }
  if (NETWORK.has(name) || /socket hang up|ECONNRESET|ECONNREFUSED|getaddrinfo/i.test(raw)) {
    return new EngineError(
      `Could not reach AWS for ${action}${where(ctx)} (${raw}): check the network, proxy or endpoint ` +
        'setting, then retry.',
      AWS_ERROR.network,
      e,
    );
  }
  return new EngineError(`${action}${where(ctx)} failed: ${raw}`, name, e);
}

/**
 * A credential_process failed. The SDK's text quotes the command line and its stderr, where secrets may be, so the
 * message is fixed and no cause is kept; the session logs a redacted account (credentialProcess.ts).
 */
export function credentialProcessError(profile?: string): EngineError {
  return new EngineError(
    `The credential_process of ${profileText({ profile })} failed: run the command by hand to ` +
      'see why, and fix it in the AWS config file (details, with secrets removed, are in the log).',
    AWS_ERROR.credentialProcess,
  );
}

export function unknownProfileError(profile: string, known: string[]): EngineError {
  const list = known.length
    ? `known profiles: ${known.join(', ')}`
    : 'no profiles are configured (run `aws configure`)';
  return new EngineError(
    `There is no AWS profile named "${profile}" in the shared config or credentials file; ${list}.`,
    AWS_ERROR.unknownProfile,
  );
}

export function missingRegionError(profile?: string): EngineError {
  const where = profile ? ` or add "region = …" to profile "${profile}"` : '';
  return new EngineError(
    `No AWS region is set: choose one (CLI: --region eu-west-1), set AWS_REGION${where}.`,
    AWS_ERROR.missingRegion,
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

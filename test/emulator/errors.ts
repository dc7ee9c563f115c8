// Service errors and how each protocol names the failures every service shares (auth, throttling, faults).
import type { ServiceName } from './types';

/** An error the emulator answers with; `extra` carries modeled members (e.g. AthenaErrorCode). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type SharedFailure =
  | 'missing-auth'
  | 'incomplete-signature'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired-token'
  | 'access-denied'
  | 'server-error'
  | 'throttle';

type Named = { code: string; status: number };

// One row per failure: its code and HTTP status from the awsJson services (CloudTrail, Athena), then from awsQuery STS.
const FAILURES: Record<SharedFailure, { json: Named; sts: Named }> = {
  'missing-auth': {
    json: { code: 'MissingAuthenticationToken', status: 403 },
    sts: { code: 'MissingAuthenticationToken', status: 403 },
  },
  'incomplete-signature': {
    json: { code: 'IncompleteSignature', status: 400 },
    sts: { code: 'IncompleteSignature', status: 400 },
  },
  'bad-signature': {
    json: { code: 'InvalidSignatureException', status: 400 },
    sts: { code: 'SignatureDoesNotMatch', status: 403 },
  },
  'unknown-key': {
    json: { code: 'UnrecognizedClientException', status: 400 },
    sts: { code: 'InvalidClientTokenId', status: 403 },
  },
  'expired-token': { json: { code: 'ExpiredTokenException', status: 400 }, sts: { code: 'ExpiredToken', status: 400 } },
  'access-denied': { json: { code: 'AccessDeniedException', status: 400 }, sts: { code: 'AccessDenied', status: 403 } },
  'server-error': {
    json: { code: 'InternalServerException', status: 500 },
    sts: { code: 'InternalFailure', status: 500 },
  },
  throttle: { json: { code: 'ThrottlingException', status: 429 }, sts: { code: 'Throttling', status: 400 } },
};

// Athena's documented throttling error is TooManyRequestsException (the SDK retries it as throttling).
const ATHENA_THROTTLE: Named = { code: 'TooManyRequestsException', status: 400 };

// EC2 names its own: AuthFailure for any key or signature problem, RequestLimitExceeded when throttled.
const EC2_FAILURES: Record<SharedFailure, Named> = {
  'missing-auth': { code: 'MissingAuthenticationToken', status: 401 },
  'incomplete-signature': { code: 'IncompleteSignature', status: 400 },
  'bad-signature': { code: 'AuthFailure', status: 401 },
  'unknown-key': { code: 'AuthFailure', status: 401 },
  'expired-token': { code: 'RequestExpired', status: 400 },
  'access-denied': { code: 'UnauthorizedOperation', status: 403 },
  'server-error': { code: 'InternalError', status: 500 },
  throttle: { code: 'RequestLimitExceeded', status: 503 },
};

export function sharedError(failure: SharedFailure, service: ServiceName | 'unknown', message: string): AwsError {
  const named =
    service === 'sts' || service === 'iam' || service === 'rds' || service === 's3'
      ? FAILURES[failure].sts
      : service === 'ec2'
        ? EC2_FAILURES[failure]
        : service === 'athena' && failure === 'throttle'
          ? ATHENA_THROTTLE
          : FAILURES[failure].json;
  return new AwsError(named.code, message, named.status);
}

export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

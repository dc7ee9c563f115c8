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
  | 'missing-auth' | 'incomplete-signature' | 'bad-signature' | 'unknown-key'
  | 'expired-token' | 'access-denied' | 'server-error' | 'throttle';

type Named = { code: string; status: number };

// awsJson services (CloudTrail, Athena) versus awsQuery STS: same failure, different code and status.
const JSON_FAILURES: Record<SharedFailure, Named> = {
  'missing-auth': { code: 'MissingAuthenticationToken', status: 403 },
  'incomplete-signature': { code: 'IncompleteSignature', status: 400 },
  'bad-signature': { code: 'InvalidSignatureException', status: 400 },
  'unknown-key': { code: 'UnrecognizedClientException', status: 400 },
  'expired-token': { code: 'ExpiredTokenException', status: 400 },
  'access-denied': { code: 'AccessDeniedException', status: 400 },
  'server-error': { code: 'InternalServerException', status: 500 },
  throttle: { code: 'ThrottlingException', status: 429 },
};

const STS_FAILURES: Record<SharedFailure, Named> = {
  'missing-auth': { code: 'MissingAuthenticationToken', status: 403 },
  'incomplete-signature': { code: 'IncompleteSignature', status: 400 },
  'bad-signature': { code: 'SignatureDoesNotMatch', status: 403 },
  'unknown-key': { code: 'InvalidClientTokenId', status: 403 },
  'expired-token': { code: 'ExpiredToken', status: 400 },
  'access-denied': { code: 'AccessDenied', status: 403 },
  'server-error': { code: 'InternalFailure', status: 500 },
  throttle: { code: 'Throttling', status: 400 },
};

// Athena's documented throttling error is TooManyRequestsException (the SDK retries it as throttling).
const ATHENA_THROTTLE: Named = { code: 'TooManyRequestsException', status: 400 };

export function sharedError(failure: SharedFailure, service: ServiceName | 'unknown', message: string): AwsError {
  const named = service === 'sts' ? STS_FAILURES[failure]
    : service === 'athena' && failure === 'throttle' ? ATHENA_THROTTLE
      : JSON_FAILURES[failure];
  return new AwsError(named.code, message, named.status);
}

export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

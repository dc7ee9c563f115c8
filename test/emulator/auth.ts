// Who is calling: verifies SigV4, the region, the key, the session token and its expiry, in that order.
import { MAX_CLOCK_SKEW_MS } from './defaults';
import { AwsError, EXPIRED_TOKEN_MESSAGE, INVALID_TOKEN_MESSAGE, sharedError, type SharedFailure } from './errors';
import {
  expectedSignature,
  headerValue,
  parseAmzDate,
  parseAuthorization,
  signaturesEqual,
  type ParsedAuthorization,
  type SignedRequest,
} from './sigv4';
import type { EmulatorCredentials, ServiceName } from './types';

export interface Caller {
  credentials: EmulatorCredentials;
  region: string;
}

export class CredentialStore {
  private readonly byKey = new Map<string, EmulatorCredentials>();

  add(...credentials: EmulatorCredentials[]): void {
    for (const c of credentials) this.byKey.set(c.accessKeyId, { ...c });
  }

  get(accessKeyId: string): EmulatorCredentials | undefined {
    return this.byKey.get(accessKeyId);
  }
}

/** Identity fields readable from the Authorization header even when verification later fails (for the call log). */
export function claimedIdentity(req: SignedRequest): { accessKeyId: string; region: string } {
  const parsed = parseAuthorization(headerValue(req.headers, 'authorization') ?? '');
  return typeof parsed === 'string'
    ? { accessKeyId: '', region: '' }
    : { accessKeyId: parsed.accessKeyId, region: parsed.region };
}

export function authenticate(
  req: SignedRequest,
  service: ServiceName,
  store: CredentialStore,
  enabledRegions: ReadonlySet<string>,
  now: number,
): Caller {
  const fail: Fail = (failure, message) => sharedError(failure, service, message);
  const header = headerValue(req.headers, 'authorization');
  if (!header) throw fail('missing-auth', 'Request is missing Authentication Token');
  const auth = parseAuthorization(header);
  if (typeof auth === 'string') throw fail('incomplete-signature', auth);
  checkSignedHeaders(auth, req, fail);
  checkScopeAndClock(auth, req, service, now, fail);
  // A disabled (opt-in) region does not know the account's keys: the real answer is the same as for an unknown key.
  if (!enabledRegions.has(auth.region)) throw fail('unknown-key', INVALID_TOKEN_MESSAGE);
  const credentials = store.get(auth.accessKeyId);
  if (!credentials) throw fail('unknown-key', INVALID_TOKEN_MESSAGE);
  const token = headerValue(req.headers, 'x-amz-security-token');
  if (token !== credentials.sessionToken) throw fail('unknown-key', INVALID_TOKEN_MESSAGE);
  if (credentials.expiresAt !== undefined && credentials.expiresAt <= now)
    throw fail('expired-token', EXPIRED_TOKEN_MESSAGE);
  if (!signaturesEqual(auth.signature, expectedSignature(req, auth, credentials.secretAccessKey))) {
    throw fail(
      'bad-signature',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { credentials, region: auth.region };
}

type Fail = (failure: SharedFailure, message: string) => AwsError;

function checkSignedHeaders(auth: ParsedAuthorization, req: SignedRequest, fail: Fail): void {
  for (const required of ['host', 'x-amz-date']) {
    if (!auth.signedHeaders.includes(required)) {
      throw fail('incomplete-signature', `'${required}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
  const missing = auth.signedHeaders.find(h => req.headers[h] === undefined);
  if (missing) throw fail('incomplete-signature', `Signed header '${missing}' is not present in the request.`);
}

function checkScopeAndClock(
  auth: ParsedAuthorization,
  req: SignedRequest,
  service: ServiceName,
  now: number,
  fail: Fail,
): void {
  const amzDate = headerValue(req.headers, 'x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined)
    throw fail('incomplete-signature', `X-Amz-Date '${amzDate}' is not in the form YYYYMMDDTHHMMSSZ.`);
  if (amzDate.slice(0, 8) !== auth.scopeDate) {
    throw fail(
      'bad-signature',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate.slice(0, 8)}'`,
    );
  }
  if (auth.service !== service)
    throw fail('bad-signature', `Credential should be scoped to correct service: '${service}'.`);
  if (signedAt < now - MAX_CLOCK_SKEW_MS) {
    throw fail(
      'bad-signature',
      `Signature expired: ${amzDate} is now earlier than ${isoBasic(now - MAX_CLOCK_SKEW_MS)}.`,
    );
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    throw fail(
      'bad-signature',
      `Signature not yet current: ${amzDate} is still later than ${isoBasic(now + MAX_CLOCK_SKEW_MS)}.`,
    );
  }
}

function isoBasic(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

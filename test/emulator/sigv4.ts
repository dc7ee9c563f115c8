// AWS Signature Version 4 (header form) verification, written against the public algorithm:
// canonical request → string to sign → HMAC chain keyed by the secret → hex signature.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (req.url). */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_BODY_HASH = createHash('sha256').update('').digest('hex');

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; returns a reason string when malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | string {
  if (!header.startsWith(ALGORITHM + ' ')) return `Authorization header must use ${ALGORITHM}.`;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.";
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1])) {
    return `Credential should be scoped to a valid region and service: '${credential}'.`;
  }
  return {
    accessKeyId: scope[0],
    scopeDate: scope[1],
    region: scope[2],
    service: scope[3],
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

/** Parses x-amz-date (`YYYYMMDDTHHMMSSZ`) into epoch ms, or undefined when malformed. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The signature the client should have sent, given the secret we hold for its key. */
export function expectedSignature(req: SignedRequest, auth: ParsedAuthorization, secret: string): string {
  const amzDate = headerValue(req.headers, 'x-amz-date') ?? '';
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest(req, auth.signedHeaders))].join('\n');
  let key: Buffer = hmac('AWS4' + secret, auth.scopeDate);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex');
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function canonicalRequest(req: SignedRequest, signedHeaders: string[]): string {
  const q = req.rawUrl.indexOf('?');
  const path = q < 0 ? req.rawUrl : req.rawUrl.slice(0, q);
  const query = q < 0 ? '' : req.rawUrl.slice(q + 1);
  const headerLines = signedHeaders.map(name => `${name}:${canonicalHeaderValue(req.headers[name])}\n`).join('');
  return [
    req.method,
    canonicalPath(path),
    canonicalQuery(query),
    headerLines,
    signedHeaders.join(';'),
    payloadHash(req),
  ].join('\n');
}

// The body hash is always computed from the bytes received: a client that announces a different
// x-amz-content-sha256 than what it sent must not verify.
function payloadHash(req: SignedRequest): string {
  return req.body.length === 0 ? EMPTY_BODY_HASH : sha256Hex(req.body);
}

// Non-S3 services escape the already-escaped path once more, segment by segment.
function canonicalPath(path: string): string {
  return path.split('/').map(rfc3986).join('/') || '/';
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const eq = pair.indexOf('=');
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? '' : pair.slice(eq + 1);
      return [rfc3986(decodeQueryPart(k)), rfc3986(decodeQueryPart(v))] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function decodeQueryPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

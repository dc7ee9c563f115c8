// S3 (restXml, path-style: `/{bucket}?{subresource}`): the account's buckets and the settings a data-exposure
// playbook reads (policy, ACL, public access block, versioning, logging, encryption, location, Object Lock), and the
// one containment call, PutPublicAccessBlock. Objects are not emulated.
import { AwsError } from './errors';
import type { WireItem } from './types';
import { xmlEscape, type Answer } from './wire';

/** A bucket and its settings; a setting left out is one the bucket does not have (S3 answers "not found"). */
export interface S3Bucket {
  Name: string;
  CreationDate: string;
  /** Where the bucket lives; `us-east-1` is answered as an empty location, as S3 does. */
  region: string;
  /** The bucket policy document. */
  policy?: WireItem;
  publicAccessBlock?: Record<string, boolean>;
  /** Grants: `{ type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail', id?, uri?, email?, permission }`. */
  grants?: Array<{ type: string; id?: string; uri?: string; email?: string; permission: string }>;
  versioning?: { Status: string; MfaDelete?: string };
  logging?: { TargetBucket: string; TargetPrefix: string };
  encryption?: Array<{ SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean }>;
  objectLock?: { ObjectLockEnabled: string; Mode?: string; Days?: number; Years?: number };
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

/** Bucket subresources by method, as the operation each names. */
const SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: {
    policy: 'GetBucketPolicy',
    policyStatus: 'GetBucketPolicyStatus',
    publicAccessBlock: 'GetPublicAccessBlock',
    acl: 'GetBucketAcl',
    versioning: 'GetBucketVersioning',
    logging: 'GetBucketLogging',
    encryption: 'GetBucketEncryption',
    location: 'GetBucketLocation',
    'object-lock': 'GetObjectLockConfiguration',
  },
  PUT: { publicAccessBlock: 'PutPublicAccessBlock' },
};

const PUBLIC_ACCESS_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];

/** The operation and its input (`Bucket`, and the settings a PUT carries) of a path-style request. */
export function routeS3(method: string, rawUrl: string, body: Buffer): { action: string; input: WireItem } {
  const [path, query = ''] = rawUrl.split('?');
  const bucket = decodeURIComponent(path.replace(/^\/|\/$/g, ''));
  const keys = [...new URLSearchParams(query).keys()].filter(k => k !== 'x-id');
  if (!bucket) return { action: method === 'GET' ? 'ListBuckets' : `${method} /`, input: {} };
  const action = keys.map(k => SUBRESOURCES[method]?.[k]).find(Boolean) ?? `${method} /${bucket}?${keys.join('&')}`;
  const input: WireItem = { Bucket: bucket };
  if (action === 'PutPublicAccessBlock') input.PublicAccessBlockConfiguration = xmlFlags(body.toString('utf8'));
  return { action, input };
}

/** `<Flag>true</Flag>` elements of a small XML body, as text (what was on the wire). */
function xmlFlags(xml: string): Record<string, string> {
  return Object.fromEntries([...xml.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map(m => [m[1], m[2]]));
}

export class S3Service {
  private readonly buckets: S3Bucket[] = [];

  seed(buckets: S3Bucket[]): void {
    this.buckets.push(...structuredClone(buckets));
  }

  view(): S3Bucket[] {
    return structuredClone(this.buckets);
  }

  handle(action: string, input: WireItem, requestId: string): Answer {
    if (action === 'ListBuckets') {
      const buckets = this.buckets
        .map(
          b =>
            `<Bucket><Name>${xmlEscape(b.Name)}</Name><CreationDate>${b.CreationDate}</CreationDate>` +
            `<BucketRegion>${b.region}</BucketRegion></Bucket>`,
        )
        .join('');
      return xml('ListAllMyBucketsResult', `${owner()}<Buckets>${buckets}</Buckets>`, requestId);
    }
    const bucket = this.buckets.find(b => b.Name === input.Bucket);
    if (!bucket) throw s3Error('NoSuchBucket', 'The specified bucket does not exist', input.Bucket);
    switch (action) {
      case 'GetBucketPolicy':
        if (!bucket.policy) throw s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket.Name);
        return { status: 200, headers: headers(requestId, 'application/json'), body: JSON.stringify(bucket.policy) };
      case 'GetBucketPolicyStatus':
        if (!bucket.policy) throw s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket.Name);
        return xml('PolicyStatus', `<IsPublic>${String(isPublicPolicy(bucket.policy))}</IsPublic>`, requestId);
      case 'GetPublicAccessBlock': {
        const block = bucket.publicAccessBlock;
        if (!block)
          throw s3Error(
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
            bucket.Name,
          );
        const flags = PUBLIC_ACCESS_FLAGS.map(f => `<${f}>${String(block[f] ?? false)}</${f}>`).join('');
        return xml('PublicAccessBlockConfiguration', flags, requestId);
      }
      case 'PutPublicAccessBlock': {
        const given = input.PublicAccessBlockConfiguration as Record<string, string>;
        bucket.publicAccessBlock = Object.fromEntries(PUBLIC_ACCESS_FLAGS.map(f => [f, given[f] === 'true']));
        return { status: 200, headers: headers(requestId), body: '' };
      }
      case 'GetBucketAcl': {
        const grants = (bucket.grants ?? [{ type: 'CanonicalUser', id: OWNER_ID, permission: 'FULL_CONTROL' }])
          .map(
            g =>
              `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${g.type}">` +
              (g.id ? `<ID>${g.id}</ID>` : '') +
              (g.uri ? `<URI>${xmlEscape(g.uri)}</URI>` : '') +
              (g.email ? `<EmailAddress>${xmlEscape(g.email)}</EmailAddress>` : '') +
              `</Grantee><Permission>${g.permission}</Permission></Grant>`,
          )
          .join('');
        return xml('AccessControlPolicy', `${owner()}<AccessControlList>${grants}</AccessControlList>`, requestId);
      }
      case 'GetBucketVersioning': {
        const v = bucket.versioning;
        const fields = v
          ? `<Status>${v.Status}</Status>${v.MfaDelete ? `<MfaDelete>${v.MfaDelete}</MfaDelete>` : ''}`
          : '';
        return xml('VersioningConfiguration', fields, requestId);
      }
      case 'GetBucketLogging': {
        const l = bucket.logging;
        const fields = l
          ? `<LoggingEnabled><TargetBucket>${xmlEscape(l.TargetBucket)}</TargetBucket>` +
            `<TargetPrefix>${xmlEscape(l.TargetPrefix)}</TargetPrefix></LoggingEnabled>`
          : '';
        return xml('BucketLoggingStatus', fields, requestId);
      }
      case 'GetBucketEncryption': {
        if (!bucket.encryption)
          throw s3Error(
            'ServerSideEncryptionConfigurationNotFoundError',
            'The server side encryption configuration was not found',
            bucket.Name,
          );
        const rules = bucket.encryption
          .map(
            r =>
              `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${r.SSEAlgorithm}</SSEAlgorithm>` +
              (r.KMSMasterKeyID ? `<KMSMasterKeyID>${xmlEscape(r.KMSMasterKeyID)}</KMSMasterKeyID>` : '') +
              '</ApplyServerSideEncryptionByDefault>' +
              (r.BucketKeyEnabled === undefined ? '' : `<BucketKeyEnabled>${r.BucketKeyEnabled}</BucketKeyEnabled>`) +
              '</Rule>',
          )
          .join('');
        return xml('ServerSideEncryptionConfiguration', rules, requestId);
      }
      case 'GetBucketLocation':
        return xml('LocationConstraint', bucket.region === 'us-east-1' ? '' : bucket.region, requestId);
      case 'GetObjectLockConfiguration': {
        const lock = bucket.objectLock;
        if (!lock)
          throw s3Error(
            'ObjectLockConfigurationNotFoundError',
            'Object Lock configuration does not exist for this bucket',
            bucket.Name,
          );
        const retention =
          lock.Mode === undefined
            ? ''
            : `<Rule><DefaultRetention><Mode>${lock.Mode}</Mode>` +
              (lock.Days === undefined ? '' : `<Days>${lock.Days}</Days>`) +
              (lock.Years === undefined ? '' : `<Years>${lock.Years}</Years>`) +
              '</DefaultRetention></Rule>';
        return xml(
          'ObjectLockConfiguration',
          `<ObjectLockEnabled>${lock.ObjectLockEnabled}</ObjectLockEnabled>${retention}`,
          requestId,
        );
      }
      default:
        throw new AwsError('NotImplemented', `The emulator does not implement ${action}.`, 501);
    }
  }
}

/** A policy is public when a statement allows anyone (`*`) without a condition (S3's rule, simplified). */
function isPublicPolicy(policy: WireItem): boolean {
  const statements = [policy.Statement ?? []].flat() as WireItem[];
  return statements.some(s => {
    const p = s.Principal as unknown;
    const anyone = p === '*' || (p !== null && typeof p === 'object' && [(p as WireItem).AWS].flat().includes('*'));
    return s.Effect === 'Allow' && anyone && s.Condition === undefined;
  });
}

function s3Error(code: string, message: string, bucket: unknown): AwsError {
  return new AwsError(code, message, 404, { BucketName: String(bucket ?? '') });
}

function owner(): string {
  return `<Owner><ID>${OWNER_ID}</ID></Owner>`;
}

function headers(requestId: string, contentType = 'application/xml'): Record<string, string> {
  return { 'content-type': contentType, 'x-amz-request-id': requestId };
}

function xml(root: string, inner: string, requestId: string): Answer {
  return {
    status: 200,
    headers: headers(requestId),
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${inner}</${root}>`,
  };
}

/** S3's error document: the code and message at the top level, with the bucket it is about. */
export function s3ErrorAnswer(err: AwsError, requestId: string): Answer {
  const extra = Object.entries(err.extra)
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join('');
  return {
    status: err.status,
    headers: headers(requestId),
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(err.code)}</Code>` +
      `<Message>${xmlEscape(err.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`,
  };
}

// What goes on the wire: which service and operation a request is for, and how answers and errors are framed.
import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from './errors';
import { routeS3 } from './s3';
import { headerValue, parseAuthorization } from './sigv4';
import type { ServiceName } from './types';

const JSON_TARGETS: [prefix: string, service: ServiceName][] = [
  ['CloudTrail_20131101.', 'cloudtrail'],
  // CloudTrail's full target name, as the AWS CLI v2 (its newer service model) sends it; AWS accepts both.
  ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'cloudtrail'],
  ['AmazonAthena.', 'athena'],
  ['StarlingDoveService.', 'config'],
  ['AWSEvents.', 'events'],
  ['GraniteServiceVersion20100801.', 'monitoring'],
];

/** The query-protocol services, told apart by the API version the form names. */
const QUERY_VERSIONS: Record<string, 'sts' | 'iam' | 'ec2' | 'rds'> = {
  '2011-06-15': 'sts',
  '2010-05-08': 'iam',
  '2016-11-15': 'ec2',
  '2014-10-31': 'rds',
};

/** restJson1 operations by method and path (`{id}` is a path parameter, passed as `pathKey`). */
const REST_ROUTES: Array<{ service: ServiceName; method: string; path: RegExp; action: string; pathKey?: string }> = [
  { service: 'guardduty', method: 'GET', path: /^\/detector$/, action: 'ListDetectors' },
  { service: 'guardduty', method: 'GET', path: /^\/detector\/([^/]+)$/, action: 'GetDetector', pathKey: 'DetectorId' },
  {
    service: 'guardduty',
    method: 'POST',
    path: /^\/detector\/([^/]+)\/findings$/,
    action: 'ListFindings',
    pathKey: 'DetectorId',
  },
  {
    service: 'guardduty',
    method: 'POST',
    path: /^\/detector\/([^/]+)\/findings\/get$/,
    action: 'GetFindings',
    pathKey: 'DetectorId',
  },
  { service: 'lambda', method: 'GET', path: /^\/2015-03-31\/functions\/?$/, action: 'ListFunctions' },
  { service: 'lambda', method: 'GET', path: /^\/2018-10-31\/layers\/?$/, action: 'ListLayers' },
  { service: 'securityhub', method: 'POST', path: /^\/findings$/, action: 'GetFindings' },
  { service: 'securityhub', method: 'GET', path: /^\/standards$/, action: 'DescribeStandards' },
  { service: 'securityhub', method: 'POST', path: /^\/standards\/get$/, action: 'GetEnabledStandards' },
  {
    service: 'securityhub',
    method: 'GET',
    // A greedy label: the subscription ARN's own slashes stay slashes in the path.
    path: /^\/standards\/controls\/(.+)$/,
    action: 'DescribeStandardsControls',
    pathKey: 'StandardsSubscriptionArn',
  },
  {
    service: 'securityhub',
    method: 'GET',
    path: /^\/securityControls\/definitions$/,
    action: 'ListSecurityControlDefinitions',
  },
  {
    service: 'securityhub',
    method: 'POST',
    path: /^\/securityControls\/batchGet$/,
    action: 'BatchGetSecurityControls',
  },
  { service: 'securityhub', method: 'GET', path: /^\/associations$/, action: 'ListStandardsControlAssociations' },
];

export type Routed =
  | { protocol: 'json' | 'rest'; service: ServiceName; action: string; input: Record<string, unknown> | undefined }
  | { protocol: 'query'; service: 'sts' | 'iam' | 'ec2' | 'rds'; action: string; params: Record<string, string> }
  | { protocol: 'restXml'; service: 's3'; action: string; input: Record<string, unknown> }
  | { protocol: 'none'; service: 'unknown'; action: string };

/**
 * Reads the operation from X-Amz-Target (awsJson), the form's Action and Version (awsQuery, ec2Query) or the method
 * and path (restJson1, whose query string joins the body's input). `input` is undefined for bad JSON.
 */
export function route(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: Buffer): Routed {
  const target = headerValue(headers, 'x-amz-target');
  if (target) {
    const known = JSON_TARGETS.find(([prefix]) => target.startsWith(prefix));
    if (!known) return { protocol: 'none', service: 'unknown', action: target };
    return { protocol: 'json', service: known[1], action: target.slice(known[0].length), input: parseJsonObject(body) };
  }
  // S3 is told apart by its signing name: its paths are bucket names, which no other service's route would claim.
  const scope = parseAuthorization(headerValue(headers, 'authorization') ?? '');
  if (typeof scope !== 'string' && scope.service === 's3')
    return { protocol: 'restXml', service: 's3', ...routeS3(method, rawUrl, body) };
  const [path, query = ''] = rawUrl.split('?');
  const rest = REST_ROUTES.find(r => r.method === method && r.path.test(path));
  if (rest) {
    const input = parseJsonObject(body);
    const id = rest.path.exec(path)?.[1];
    const fromQuery = Object.fromEntries(new URLSearchParams(query));
    return {
      protocol: 'rest',
      service: rest.service,
      action: rest.action,
      input: input && {
        ...fromQuery,
        ...input,
        ...(rest.pathKey && id ? { [rest.pathKey]: decodeURIComponent(id) } : {}),
      },
    };
  }
  const contentType = headerValue(headers, 'content-type') ?? '';
  if (method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    const params: Record<string, string> = {};
    const q = rawUrl.indexOf('?');
    for (const source of [q < 0 ? '' : rawUrl.slice(q + 1), body.toString('utf8')]) {
      for (const [k, v] of new URLSearchParams(source)) params[k] = v;
    }
    return {
      protocol: 'query',
      service: QUERY_VERSIONS[params.Version ?? ''] ?? 'sts',
      action: params.Action ?? '',
      params,
    };
  }
  return { protocol: 'none', service: 'unknown', action: '' };
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonAnswer(output: unknown, requestId: string): Answer {
  return { status: 200, headers: jsonHeaders(requestId), body: JSON.stringify(output ?? {}) };
}

export function jsonError(err: AwsError, requestId: string): Answer {
  return {
    status: err.status,
    headers: { ...jsonHeaders(requestId), 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message, ...err.extra }),
  };
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function xmlAnswer(action: string, resultXml: string, requestId: string): Answer {
  const body =
    `<${action}Response xmlns="${STS_NS}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** EC2 answers the fields directly under `<{Action}Response>`, with its request id first. */
export function ec2Answer(action: string, fieldsXml: string, requestId: string): Answer {
  const body = `<${action}Response xmlns="${EC2_NS}"><requestId>${requestId}</requestId>${fieldsXml}</${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

export function ec2Error(err: AwsError, requestId: string): Answer {
  const body =
    `<Response><Errors><Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>` +
    `</Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  return { status: err.status, headers: xmlHeaders(requestId), body };
}

/** IAM frames its result like STS, in its own namespace. */
export function iamAnswer(action: string, resultXml: string, requestId: string): Answer {
  const body =
    `<${action}Response xmlns="${IAM_NS}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

const RDS_NS = 'http://rds.amazonaws.com/doc/2014-10-31/';

/** RDS frames its result like IAM, in its own namespace. */
export function rdsAnswer(action: string, resultXml: string, requestId: string): Answer {
  const body =
    `<${action}Response xmlns="${RDS_NS}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

export function xmlError(err: AwsError, requestId: string): Answer {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${xmlEscape(err.code)}</Code>` +
    `<Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: err.status, headers: xmlHeaders(requestId), body };
}

function jsonHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId };
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

export function xmlFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
}

export function xmlEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
  );
}

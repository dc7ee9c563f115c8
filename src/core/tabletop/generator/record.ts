// One CloudTrail record, with its fields in the order CloudTrail writes them.
import type { Principal } from './environment';
import { isoSeconds, USER_AGENTS } from './principals';
import type { Rng } from './rng';

export interface ApiCall {
  timeMs: number;
  principal: Principal;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  readOnly: boolean;
  /** Built with the request id, because EC2 repeats it inside its response. */
  requestParameters?: unknown;
  responseElements?: (requestId: string) => unknown;
  errorCode?: string;
  errorMessage?: string;
  additionalEventData?: unknown;
  resources?: { accountId?: string; type: string; ARN: string }[];
  eventType?: 'AwsApiCall' | 'AwsConsoleSignIn';
  /** S3 object reads are data events; everything else here is a management event. */
  dataEvent?: boolean;
  /** Host the client addressed, for tlsDetails; defaults to the service's regional endpoint. */
  host?: string;
}

/** A person's console sign-in (global, recorded in us-east-1), made from the browser they then work in. */
export function consoleLogin(timeMs: number, person: Principal): ApiCall {
  return {
    timeMs,
    principal: { ...person, userAgent: USER_AGENTS.browser, console: false },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    responseElements: () => ({ ConsoleLogin: 'Success' }),
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
  };
}

export interface GeneratedEvent {
  timeMs: number;
  /** Region folder the record is delivered to (global services deliver to us-east-1). */
  deliveryRegion: string;
  record: Record<string, unknown>;
}

const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'signin.amazonaws.com']);
/** Services whose request ids are 16 upper-case hex characters rather than UUIDs. */
const SHORT_REQUEST_ID = new Set(['s3.amazonaws.com']);

export function buildEvent(call: ApiCall, accountId: string, rng: Rng): GeneratedEvent {
  const service = call.eventSource.replace('.amazonaws.com', '');
  const requestId = SHORT_REQUEST_ID.has(call.eventSource) ? rng.hex(16).toUpperCase() : rng.uuid();
  const fromService = call.principal.sourceIp.endsWith('.amazonaws.com');
  const record: Record<string, unknown> = {
    eventVersion: GLOBAL_SOURCES.has(call.eventSource) || service === 'sts' ? '1.08' : '1.09',
    userIdentity: call.principal.userIdentity,
    eventTime: isoSeconds(call.timeMs),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.awsRegion,
    sourceIPAddress: call.principal.sourceIp,
    userAgent: call.principal.userAgent,
  };
  if (call.errorCode) record.errorCode = call.errorCode;
  if (call.errorMessage) record.errorMessage = call.errorMessage;
  record.requestParameters = call.requestParameters ?? null;
  record.responseElements = call.errorCode || !call.responseElements ? null : call.responseElements(requestId);
  if (call.additionalEventData !== undefined) record.additionalEventData = call.additionalEventData;
  record.requestID = requestId;
  record.eventID = rng.uuid();
  record.readOnly = call.readOnly;
  if (call.resources) record.resources = call.resources;
  record.eventType = call.eventType ?? 'AwsApiCall';
  record.managementEvent = !call.dataEvent;
  record.recipientAccountId = accountId;
  record.eventCategory = call.dataEvent ? 'Data' : 'Management';
  if (call.principal.console) record.sessionCredentialFromConsole = 'true';
  if (!fromService) {
    record.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: call.host ?? defaultHost(service, call.awsRegion),
    };
  }
  return { timeMs: call.timeMs, deliveryRegion: call.awsRegion, record };
}

function defaultHost(service: string, region: string): string {
  if (service === 'iam') return 'iam.amazonaws.com';
  if (service === 'signin') return 'signin.aws.amazon.com';
  return `${service}.${region}.amazonaws.com`;
}

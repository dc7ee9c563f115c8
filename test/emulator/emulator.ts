// The loopback HTTP server: routes each request, authenticates it, applies queued faults, dispatches, logs the call.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaService } from './athena';
import { authenticate, claimedIdentity, CredentialStore, type Caller } from './auth';
import { CloudTrailService } from './cloudtrail';
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_ENABLED_REGIONS,
  DEFAULT_LOOKUP_RATE,
  DEFAULT_MFA_CODE,
  DEFAULT_RETENTION_DAYS,
} from './defaults';
import { AwsError, EXPIRED_TOKEN_MESSAGE, sharedError, type SharedFailure } from './errors';
import { FaultQueue } from './faults';
import { isReadOnlyCall } from './readOnly';
import { headerValue, type SignedRequest } from './sigv4';
import { StsService } from './sts';
import { TokenBuckets } from './tokenBucket';
import { TRAIL_ACTIONS, TrailService } from './trails';
import type { ApiRate, CallRecord, Emulator, EmulatorOptions, Fault, FaultKind, ServiceName } from './types';
import { Ec2Service } from './ec2';
import { IamService } from './iam';
import { JsonServices } from './jsonServices';
import { rdsXml, RdsService } from './rds';
import { S3Service, s3ErrorAnswer } from './s3';
import {
  ec2Answer,
  ec2Error,
  iamAnswer,
  jsonAnswer,
  jsonError,
  rdsAnswer,
  route,
  xmlAnswer,
  xmlError,
  type Answer,
  type Routed,
} from './wire';
import { toXml } from './xml';

const DEFAULT_SLOW_MS = 1000;
/** EC2 throttles each action per account and region: a bucket of 100 refilled at 20 per second (EC2 API reference). */
const DEFAULT_API_RATES: Partial<Record<ServiceName, ApiRate>> = { ec2: { perSecond: 20, burst: 100 } };

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const store = new CredentialStore();
  store.add(...(opts.credentials ?? [DEFAULT_CREDENTIALS]));
  const enabledRegions = new Set(opts.enabledRegions ?? DEFAULT_ENABLED_REGIONS);
  const cloudtrail = new CloudTrailService(
    new TokenBuckets(opts.lookupRatePerSecond ?? DEFAULT_LOOKUP_RATE),
    opts.lookupRetentionDays ?? DEFAULT_RETENTION_DAYS,
  );
  const trails = new TrailService();
  const athena = new AthenaService(opts.workGroups ?? [], opts.databases ?? ['default']);
  const sts = new StsService(store, opts.mfaCode ?? DEFAULT_MFA_CODE);
  sts.addRole(...(opts.roles ?? []));
  const ec2 = new Ec2Service();
  const iam = new IamService();
  const jsonServices = new JsonServices();
  const rds = new RdsService();
  const s3 = new S3Service();
  const apiRates = { ...DEFAULT_API_RATES, ...opts.apiRates };
  const apiBuckets = new Map<ServiceName, TokenBuckets>();
  for (const [service, rate] of Object.entries(apiRates) as [ServiceName, ApiRate][]) {
    apiBuckets.set(service, new TokenBuckets(rate.perSecond, rate.burst));
  }
  const faults = new FaultQueue();
  const calls: CallRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number): Promise<void> =>
    new Promise(resolve => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const dispatch = (routed: ServiceRequest, caller: Caller): Answer => {
    const now = Date.now();
    const requestId = randomUUID();
    const bucket = apiBuckets.get(routed.service);
    if (bucket && !bucket.tryTake(`${caller.credentials.account}/${caller.region}/${routed.action}`, now)) {
      throw sharedError('throttle', routed.service, 'Request limit exceeded.');
    }
    if (routed.protocol === 'query') {
      if (routed.service === 'ec2') {
        const out = ec2.handle(
          routed.action,
          routed.params,
          caller.region,
          caller.credentials.account,
          [...enabledRegions],
          now,
        );
        return ec2Answer(routed.action, toXml(out, 'item'), requestId);
      }
      if (routed.service === 'iam')
        return iamAnswer(
          routed.action,
          toXml(iam.handle(routed.action, routed.params, caller.credentials.arn), 'member'),
          requestId,
        );
      if (routed.service === 'rds') {
        const out = rds.handle(routed.action, routed.params, caller.region, caller.credentials.account, now);
        return rdsAnswer(routed.action, rdsXml(out), requestId);
      }
      return xmlAnswer(routed.action, sts.handle(routed.action, routed.params, caller, now), requestId);
    }
    if (routed.protocol === 'restXml') return s3.handle(routed.action, routed.input, requestId);
    if (routed.input === undefined)
      throw new AwsError('SerializationException', 'The request body is not a JSON object.');
    if (routed.service === 'cloudtrail' && TRAIL_ACTIONS.has(routed.action))
      return jsonAnswer(trails.handle(routed.action, routed.input, caller.region), requestId);
    if (routed.service === 'cloudtrail')
      return jsonAnswer(cloudtrail.handle(routed.action, routed.input, caller, now), requestId);
    if (routed.service === 'athena')
      return jsonAnswer(athena.handle(routed.action, routed.input, caller, now), requestId);
    return jsonAnswer(jsonServices.handle(routed.service, routed.action, routed.input, caller.region), requestId);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const body = await readBody(req);
    const signed: SignedRequest = { method: req.method ?? 'GET', rawUrl: req.url ?? '/', headers: req.headers, body };
    const routed = route(signed.method, signed.rawUrl, req.headers, body);
    const input = routed.protocol === 'none' ? undefined : routed.protocol === 'query' ? routed.params : routed.input;
    const record: CallRecord = {
      service: routed.service,
      action: routed.action,
      ...claimedIdentity(signed),
      status: 0,
      at,
      input,
      readOnly: isReadOnlyCall(routed.action, input),
      attempt: attemptOf(headerValue(req.headers, 'amz-sdk-request')),
    };
    let answer: Answer;
    try {
      if (routed.protocol === 'none')
        throw new AwsError('UnknownOperationException', `Unknown operation '${routed.action}'.`);
      const caller = authenticate(signed, routed.service, store, enabledRegions, Date.now());
      const fault = faults.take(routed.service, routed.action, caller.region);
      if (fault?.kind === 'drop-connection') {
        calls.push({ ...record, errorCode: 'ConnectionDropped' });
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'slow') await delay(fault.delayMs ?? DEFAULT_SLOW_MS);
      else if (fault) throw faultError(fault, routed, caller);
      answer = dispatch(routed, caller);
    } catch (e) {
      const err =
        e instanceof AwsError ? e : new AwsError('InternalFailure', `Emulator defect: ${(e as Error).message}`, 500);
      answer =
        routed.service === 'ec2'
          ? ec2Error(err, randomUUID())
          : routed.service === 's3'
            ? s3ErrorAnswer(err, randomUUID())
            : routed.protocol === 'query'
              ? xmlError(err, randomUUID())
              : jsonError(err, randomUUID());
      record.errorCode = err.code;
    }
    record.status = answer.status;
    calls.push(record);
    if (!res.destroyed) {
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    }
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => res.destroy());
  });
  // Longer than any SDK retry back-off, so a client never reuses a socket the server is closing at that moment.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
    mutatingCalls: () => calls.filter(c => !c.readOnly),
    seedEvents: (region, events) => cloudtrail.seed(region, events),
    seedQuery: (match, result) => athena.seedQuery(match, result),
    seedNamedQueries: (workGroup, queries) => athena.seedNamedQueries(workGroup, queries),
    fault: f => faults.add(f),
    addCredentials: (...credentials) => store.add(...credentials),
    addRole: (...roles) => sts.addRole(...roles),
    queryExecutions: () => athena.received(),
    seedInventory: seed => {
      const region = seed.region ?? 'us-east-1';
      if (seed.ec2) ec2.seed(region, seed.ec2);
      if (seed.iam) iam.seed(seed.iam);
      if (seed.guardduty) jsonServices.seedGuardDuty(region, seed.guardduty);
      if (seed.lists) jsonServices.seed(region, seed.lists);
      if (seed.trails) trails.seed(region, seed.trails);
      if (seed.rds) rds.seed(region, seed.rds);
      if (seed.s3) s3.seed(seed.s3);
    },
    inventory: region => {
      const { users, roles } = iam.snapshot();
      return {
        ec2: structuredClone(ec2.state(region)),
        iamUsers: users,
        iamRoles: roles,
        rds: rds.view(region),
        s3: s3.view(),
      };
    },
  };
}

type ServiceRequest = Exclude<Routed, { protocol: 'none' }>;

/** The error an injected fault answers with (every kind except 'drop-connection' and 'slow'). */
function faultError(fault: Fault, routed: ServiceRequest, caller: Caller): AwsError {
  const operation = `${routed.service}:${routed.action}`;
  const failures: Partial<Record<FaultKind, [SharedFailure, string]>> = {
    throttle: ['throttle', 'Rate exceeded'],
    'server-error': ['server-error', 'An internal error occurred. Try your request again.'],
    'expired-token': ['expired-token', EXPIRED_TOKEN_MESSAGE],
    'access-denied': [
      'access-denied',
      `User: ${caller.credentials.arn} is not authorized to perform: ${operation} because no identity-based policy allows the ${operation} action`,
    ],
  };
  const [failure, message] = failures[fault.kind] ?? ['server-error', `Unknown fault kind '${fault.kind}'.`];
  return sharedError(failure, routed.service, message);
}

function attemptOf(header: string | undefined): number {
  const m = header ? /attempt=(\d+)/.exec(header) : null;
  return m ? Number(m[1]) : 1;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// VPC flow log records in the default format (version 2, 14 fields), binned into the 5-minute files a flow log
// delivers to S3. Background: web clients through the load balancers, the application talking to its database and
// to AWS over the NAT gateway, an admin on the bastion, and the internet's scanners being rejected. Story: SSH into
// the new instances from the attacker and others once the route exists, and the database copied out to one address.
import type { Eni, Environment, Network } from './environment';
import { awsIp, documentationIp, publicIp, publicIpv6 } from './ids';
import type { Rng } from './rng';
import { randomTimes } from './timing';

export const FLOW_LOG_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
export const FLOW_BIN_MS = 5 * 60 * 1000;

const TCP = 6;
const UDP = 17;
const ICMP = 1;

/** Records of one network, by 5-minute delivery bin. */
interface FlowBins {
  network: Network;
  bins: string[][];
}

interface Connection {
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  protocol: number;
  /** Interfaces whose flow log sees the connection (both ends when both are in the VPC). */
  on: Eni[];
  startSec: number;
  endSec: number;
  accept: boolean;
  requestBytes: number;
  responseBytes: number;
}

class FlowWriter {
  readonly bins: string[][];

  constructor(private readonly env: Environment) {
    this.bins = Array.from({ length: Math.ceil((env.endMs - env.startMs) / FLOW_BIN_MS) }, () => []);
  }

  private push(
    eni: Eni,
    src: string,
    dst: string,
    srcPort: number,
    dstPort: number,
    protocol: number,
    bytes: number,
    c: Connection,
    action: string,
  ): void {
    const bin = Math.floor((c.endSec * 1000 - this.env.startMs) / FLOW_BIN_MS);
    if (bin < 0 || bin >= this.bins.length || c.startSec * 1000 < this.env.startMs) return;
    const packets = Math.max(1, Math.ceil(bytes / (protocol === TCP ? 1300 : 400)));
    this.bins[bin].push(
      `2 ${this.env.accountId} ${eni.id} ${src} ${dst} ${srcPort} ${dstPort} ${protocol} ${packets} ${bytes} ${c.startSec} ${c.endSec} ${action} OK`,
    );
  }

  connection(c: Connection): void {
    for (const eni of c.on) {
      this.push(
        eni,
        c.client,
        c.server,
        c.clientPort,
        c.serverPort,
        c.protocol,
        c.requestBytes,
        c,
        c.accept ? 'ACCEPT' : 'REJECT',
      );
      if (c.accept)
        this.push(eni, c.server, c.client, c.serverPort, c.clientPort, c.protocol, c.responseBytes, c, 'ACCEPT');
    }
  }

  noData(eni: Eni, startSec: number): void {
    const bin = Math.floor((startSec * 1000 + 60000 - this.env.startMs) / FLOW_BIN_MS);
    if (bin >= 0 && bin < this.bins.length)
      this.bins[bin].push(`2 ${this.env.accountId} ${eni.id} - - - - - - - ${startSec} ${startSec + 60} - NODATA`);
  }
}

const SCAN_PORTS: readonly (readonly [number, number])[] = [
  [22, 30],
  [23, 10],
  [3389, 15],
  [445, 8],
  [80, 4],
  [8080, 8],
  [1433, 4],
  [3306, 5],
  [6379, 5],
  [5900, 3],
  [25, 3],
  [9200, 4],
  [2375, 2],
  [5432, 3],
  [8443, 3],
];

export function flowLogBins(env: Environment, rng: Rng, scale: number): FlowBins[] {
  return env.regions.flatMap(region => {
    const network = env.networks.get(region);
    if (!network) return [];
    const w = new FlowWriter(env);
    background(env, network, w, rng.fork(`flows/${region}`), scale * network.volume);
    if (region === env.story.region) storyFlows(env, network, w, rng.fork('flows/story'));
    return [{ network, bins: w.bins }];
  });
}

const sec = (ms: number) => Math.floor(ms / 1000);
const ephemeral = (rng: Rng) => rng.int(32768, 60999);

function background(env: Environment, n: Network, w: FlowWriter, rng: Rng, volume: number): void {
  const of = (role: string) => n.enis.filter(e => e.role === role);
  const [elbs, apps, dbs, nats, bastions] = [of('elb'), of('app'), of('db'), of('nat'), of('bastion')];
  const publicEnis = [...elbs, ...nats, ...bastions];
  const clients = Array.from({ length: 2500 }, () => publicIp(rng));
  // Some scanners come from the documentation ranges too, so those ranges alone do not give the story away.
  const storyIps = new Set([env.story.attackerIp, env.story.exfilIp, env.officeIp, ...env.story.sshSources]);
  const scanners = [
    ...Array.from({ length: 12 }, () => documentationIp(rng)).filter(ip => !storyIps.has(ip)),
    ...Array.from({ length: 400 }, () => publicIp(rng)),
  ];
  const services = Array.from({ length: 40 }, () => awsIp(rng));
  const at = (perHour: number) => randomTimes(rng, env.startMs, env.endMs, perHour * volume);
  const short = (t: number) => ({ startSec: sec(t), endSec: sec(t) + rng.int(1, 58) });

  for (const t of at(960)) {
    const elb = rng.pick(elbs);
    // A few clients arrive over IPv6; the load balancer talks IPv4 to the application either way.
    const v6 = elb.ipv6 !== undefined && rng.chance(0.03);
    const client = v6 ? publicIpv6(rng) : rng.chance(0.7) ? rng.pick(clients) : publicIp(rng);
    const span = short(t);
    w.connection({
      client,
      clientPort: ephemeral(rng),
      server: v6 ? (elb.ipv6 ?? elb.ip) : elb.ip,
      serverPort: 443,
      protocol: TCP,
      on: [elb],
      ...span,
      accept: true,
      requestBytes: rng.logUniform(600, 40000),
      responseBytes: rng.logUniform(2000, 2500000),
    });
    const app = rng.pick(apps);
    w.connection({
      client: elb.ip,
      clientPort: ephemeral(rng),
      server: app.ip,
      serverPort: 8080,
      protocol: TCP,
      on: [elb, app],
      ...span,
      accept: true,
      requestBytes: rng.logUniform(500, 30000),
      responseBytes: rng.logUniform(1500, 2400000),
    });
  }
  for (const t of at(240)) {
    const [app, db] = [rng.pick(apps), rng.pick(dbs)];
    w.connection({
      client: app.ip,
      clientPort: ephemeral(rng),
      server: db.ip,
      serverPort: 5432,
      protocol: TCP,
      on: [app, db],
      ...short(t),
      accept: true,
      requestBytes: rng.logUniform(400, 60000),
      responseBytes: rng.logUniform(800, 900000),
    });
  }
  for (const t of at(180)) {
    const app = rng.pick(apps);
    const service = rng.pick(services);
    const span = short(t);
    w.connection({
      client: app.ip,
      clientPort: ephemeral(rng),
      server: service,
      serverPort: 443,
      protocol: TCP,
      on: [app],
      ...span,
      accept: true,
      requestBytes: rng.logUniform(800, 200000),
      responseBytes: rng.logUniform(1500, 3000000),
    });
    w.connection({
      client: nats[0].ip,
      clientPort: rng.int(1024, 65535),
      server: service,
      serverPort: 443,
      protocol: TCP,
      on: nats,
      ...span,
      accept: true,
      requestBytes: rng.logUniform(800, 200000),
      responseBytes: rng.logUniform(1500, 3000000),
    });
  }
  for (const t of at(600)) {
    const [port, target] = [rng.weighted(SCAN_PORTS), rng.pick(publicEnis)];
    w.connection({
      client: rng.chance(0.8) ? rng.pick(scanners) : publicIp(rng),
      clientPort: rng.int(1024, 65535),
      server: target.ip,
      serverPort: port,
      protocol: TCP,
      on: [target],
      ...short(t),
      accept: false,
      requestBytes: 40 * rng.int(1, 3),
      responseBytes: 0,
    });
  }
  for (const t of at(40)) {
    const target = rng.pick(publicEnis);
    const udp = rng.chance(0.6);
    w.connection({
      client: rng.pick(scanners),
      clientPort: udp ? rng.int(1024, 65535) : 0,
      server: target.ip,
      serverPort: udp ? rng.pick([123, 161, 1900, 5060]) : 0,
      protocol: udp ? UDP : ICMP,
      on: [target],
      ...short(t),
      accept: false,
      requestBytes: rng.int(28, 120),
      responseBytes: 0,
    });
  }
  for (const t of at(3)) {
    const b = rng.pick(bastions);
    const length = rng.int(2, 50) * 60;
    w.connection({
      client: env.officeIp,
      clientPort: ephemeral(rng),
      server: b.ip,
      serverPort: 22,
      protocol: TCP,
      on: [b],
      startSec: sec(t),
      endSec: sec(t) + Math.min(length, 590),
      accept: true,
      requestBytes: rng.logUniform(5000, 400000),
      responseBytes: rng.logUniform(20000, 4000000),
    });
  }
  for (const t of at(6)) {
    const app = rng.pick(apps);
    w.connection({
      client: app.ip,
      clientPort: ephemeral(rng),
      server: rng.pick(dbs).ip,
      serverPort: rng.pick([3306, 6379]),
      protocol: TCP,
      on: [app],
      ...short(t),
      accept: false,
      requestBytes: 60,
      responseBytes: 0,
    });
  }
  for (const t of at(2)) w.noData(rng.pick(n.enis), sec(t));
}

function storyFlows(env: Environment, n: Network, w: FlowWriter, rng: Rng): void {
  const s = env.story;
  const instances = s.instanceEnis;
  if (instances.length === 0) return;
  const reachable = Math.max(s.times.createRoute, s.times.runInstances + 90000);
  const ssh = (client: string, target: Eni, t: number, minutes: number) =>
    w.connection({
      client,
      clientPort: ephemeral(rng),
      server: target.ip,
      serverPort: 22,
      protocol: TCP,
      on: [target],
      startSec: sec(t),
      endSec: sec(t) + Math.min(minutes * 60, 590),
      accept: true,
      requestBytes: rng.logUniform(4000, 300000),
      responseBytes: rng.logUniform(10000, 6000000),
    });

  // The attacker logs in to each instance within minutes of the route appearing, then keeps coming back.
  let t = reachable + 160000;
  instances.forEach((eni, i) => ssh(s.attackerIp, eni, t + i * rng.int(40, 150) * 1000, rng.int(3, 9)));
  for (t = reachable + 25 * 60000; t < env.endMs; t += rng.int(12, 28) * 60000)
    ssh(s.attackerIp, rng.pick(instances), t, rng.int(2, 9));
  // Others reach the instances too: the attacker's other hosts, and brute-forcers who found port 22 open.
  for (const source of s.sshSources) {
    for (const at of randomTimes(rng, reachable + rng.int(15, 60) * 60000, env.endMs, 2.5))
      ssh(source, rng.pick(instances), at, rng.int(1, 6));
  }
  const bruteForcers = Array.from({ length: 6 }, () => publicIp(rng));
  for (const at of randomTimes(rng, reachable + 10 * 60000, env.endMs, 40)) {
    const target = rng.pick(instances);
    w.connection({
      client: rng.pick(bruteForcers),
      clientPort: ephemeral(rng),
      server: target.ip,
      serverPort: 22,
      protocol: TCP,
      on: [target],
      startSec: sec(at),
      endSec: sec(at) + rng.int(2, 9),
      accept: true,
      requestBytes: rng.int(1800, 4200),
      responseBytes: rng.int(2200, 5200),
    });
  }
  // Tooling downloaded onto the new instances.
  for (const eni of instances) {
    const at = reachable + rng.int(4, 12) * 60000;
    w.connection({
      client: eni.ip,
      clientPort: ephemeral(rng),
      server: publicIp(rng),
      serverPort: 443,
      protocol: TCP,
      on: [eni],
      startSec: sec(at),
      endSec: sec(at) + rng.int(5, 40),
      accept: true,
      requestBytes: rng.int(2000, 9000),
      responseBytes: rng.logUniform(3000000, 60000000),
    });
  }
  exfiltration(env, n, w, rng, instances[0]);
}

/** The first instance reads the database through the opened group and sends the data to one address, minute by minute. */
function exfiltration(env: Environment, n: Network, w: FlowWriter, rng: Rng, eni: Eni): void {
  const s = env.story;
  const db = n.enis.find(e => e.role === 'db');
  const dbPort = ephemeral(rng);
  const outPort = ephemeral(rng);
  for (let m = Math.floor(s.times.exfilStart / 60000) * 60000; m < s.times.exfilEnd; m += 60000) {
    const minute = { startSec: sec(m), endSec: sec(m) + 59 };
    if (db) {
      w.connection({
        client: eni.ip,
        clientPort: dbPort,
        server: db.ip,
        serverPort: 5432,
        protocol: TCP,
        on: [eni, db],
        ...minute,
        accept: true,
        requestBytes: rng.int(20000, 90000),
        responseBytes: rng.int(30000000, 60000000),
      });
    }
    w.connection({
      client: eni.ip,
      clientPort: outPort,
      server: s.exfilIp,
      serverPort: 443,
      protocol: TCP,
      on: [eni],
      ...minute,
      accept: true,
      requestBytes: rng.int(25000000, 55000000),
      responseBytes: rng.int(200000, 900000),
    });
  }
}

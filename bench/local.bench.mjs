#!/usr/bin/env node
// Local engine benchmark: the `irp` CLI cold (cache empty, the load included) and warm, against what a responder
// runs instead (`zcat | jq`, `zcat | awk`) and against DuckDB reading the same files directly (the near-limit
// reference), all in the same run, on the same files, each answering the same question with the same count.
// Peak memory is the sum of the resident memory of the whole process tree (sampled every 50 ms), cache size is the
// cache folder on disk. Data looks like real delivery: CloudTrail in the S3 layout with a user who has thousands of
// events, flow logs in the default format, and a shape with many small files.
//
// BENCH_LOCAL_SCALE scales every data set (default 1: 1,000,000 CloudTrail events, 5,000,000 flow-log rows,
// 20,000 and 150,000 small files); BENCH_LOCAL_SCALE=0.02 is a quick run. Data is generated once under bench/data/.
// Needs `npm run build` (dist/cli.js, dist/local-engine-worker.js) and `npm run compile-tests` (generators).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadCompiled, median, ROOT, writeResults } from './lib.mjs';

const SCALE = Number(process.env.BENCH_LOCAL_SCALE ?? 1);
const CT_EVENTS = Math.round(1_000_000 * SCALE);
const FLOW_ROWS = Math.round(5_000_000 * SCALE);
const SMALL_FILES = Math.max(200, Math.round(20_000 * SCALE));
/** 30 days of one account's trail in 17 Regions: a delivery file about every five minutes per Region. */
const MANY_FILES = Math.max(1000, Math.round(150_000 * SCALE));
/** A warm answer takes about a second, short enough for the shared machine's slow spells to move one run: five, median. */
const WARM_RUNS = 5;
const DATA = path.join(ROOT, 'bench/data');
const CLI = path.join(ROOT, 'dist/cli.js');
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
/** The user looked up: about 5% of the events, thousands of them at any scale. */
const USER = 'alice';
const sec = ms => Math.round(ms) / 1000;

// ------------------------------------------------------------------------------------------------ data

function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uuid = r => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;
const ip = r =>
  `${[203, 198, 192, 100][Math.floor(r() * 4)]}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 254) + 1}`;
const AGENTS = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.12.2 cfg/retry-mode#legacy',
  'AWS Internal',
  'console.amazonaws.com',
  'aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.150.1',
  'Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 aws-sdk-go/1.51.3',
];
const READS = [
  ['ec2.amazonaws.com', 'DescribeInstances', () => ({ instancesSet: {}, filterSet: {}, maxResults: 1000 })],
  [
    'ec2.amazonaws.com',
    'DescribeSecurityGroups',
    r => ({ securityGroupIdSet: { items: [{ groupId: `sg-${hex(r, 17)}` }] } }),
  ],
  ['s3.amazonaws.com', 'GetBucketAcl', r => ({ bucketName: `logs-${hex(r, 6)}`, Host: 's3.amazonaws.com', acl: '' })],
  ['iam.amazonaws.com', 'ListRoles', () => null],
  ['sts.amazonaws.com', 'GetCallerIdentity', () => null],
  [
    'kms.amazonaws.com',
    'Decrypt',
    r => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT', keyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${uuid(r)}` }),
  ],
  ['logs.amazonaws.com', 'DescribeLogGroups', () => ({ limit: 50 })],
];

function identity(r, user) {
  if (user === USER || r() < 0.4) {
    const session = user ?? `session-${Math.floor(r() * 300)}`;
    return {
      type: 'AssumedRole',
      principalId: `AROA${hex(r, 16).toUpperCase()}:${session}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Operator/${session}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIA${hex(r, 16).toUpperCase()}`,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${hex(r, 16).toUpperCase()}`,
          arn: `arn:aws:iam::${ACCOUNT}:role/Operator`,
          accountId: ACCOUNT,
          userName: 'Operator',
        },
        attributes: { creationDate: '2026-11-20T08:00:00Z', mfaAuthenticated: 'true' },
      },
    };
  }
  const name = `user-${Math.floor(r() * 200)}`;
  return {
    type: 'IAMUser',
    principalId: `AIDA${hex(r, 16).toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    accountId: ACCOUNT,
    accessKeyId: `AKIA${hex(r, 16).toUpperCase()}`,
    userName: name,
  };
}

/** One CloudTrail record: mostly reads, about 2% security-group changes, a tenth of those opened to the world. */
function record(r, time, region) {
  const user = r() < 0.05 ? USER : undefined;
  const base = {
    eventVersion: '1.09',
    userIdentity: identity(r, user),
    eventTime: time,
    awsRegion: region,
    sourceIPAddress: ip(r),
    userAgent: AGENTS[Math.floor(r() * AGENTS.length)],
    requestID: uuid(r),
    eventID: uuid(r),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `ec2.${region}.amazonaws.com`,
    },
  };
  if (r() < 0.02) {
    const cidr = r() < 0.1 ? '0.0.0.0/0' : `10.${Math.floor(r() * 256)}.0.0/16`;
    const port = [22, 443, 3389, 5432][Math.floor(r() * 4)];
    return {
      ...base,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      readOnly: false,
      requestParameters: {
        groupId: `sg-${hex(r, 17)}`,
        ipPermissions: {
          items: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, ipRanges: { items: [{ cidrIp: cidr }] } }],
        },
      },
      responseElements: {
        requestId: uuid(r),
        _return: true,
        securityGroupRuleSet: { items: [{ groupOwnerId: ACCOUNT }] },
      },
    };
  }
  const [source, name, params] = READS[Math.floor(r() * READS.length)];
  return {
    ...base,
    eventSource: source,
    eventName: name,
    readOnly: true,
    requestParameters: params(r),
    responseElements: null,
  };
}

const day = d =>
  `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
const stamp = d => d.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';

/** `files` delivery files of `per` events each, a file per 5 minutes per Region, as a trail writes them to S3. */
function writeTrail(dir, files, per, seed) {
  const r = seeded(seed);
  const start = Date.UTC(2026, 10, 20);
  for (let i = 0; i < files; i++) {
    const region = REGIONS[i % REGIONS.length];
    const t0 = new Date(start + Math.floor(i / REGIONS.length) * 300_000);
    const records = Array.from({ length: per }, (_, k) => {
      const t = new Date(t0.getTime() + Math.floor((k / per) * 300_000));
      return record(r, t.toISOString().replace(/\.\d{3}Z$/, 'Z'), region);
    });
    const key = `AWSLogs/${ACCOUNT}/CloudTrail/${region}/${day(t0)}/${ACCOUNT}_CloudTrail_${region}_${stamp(t0)}_${hex(r, 16)}.json.gz`;
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), zlib.gzipSync(JSON.stringify({ Records: records })));
  }
}

function writeFlows(dir, rows) {
  const { flowRows, writeFlowLog, DEFAULT_FIELDS, DAY_START, flowLogKey } = loadCompiled(
    'test/fixtures/local/generate.js',
  );
  const files = Math.max(1, Math.round(rows / 50_000));
  const per = Math.ceil(rows / files);
  for (let i = 0; i < files; i++) {
    const n = Math.min(per, rows - i * per);
    const span = Math.floor(86400 / files);
    const data = flowRows(n, 1000 + i, DAY_START + i * span, span, Math.max(60, Math.floor(rows * 0.35)));
    writeFlowLog(path.join(dir, flowLogKey(String(i).padStart(4, '0'))), data, DEFAULT_FIELDS);
  }
}

function ensure(name, write) {
  const dir = path.join(DATA, name);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const t = Date.now();
  write(dir);
  fs.writeFileSync(path.join(dir, '.complete'), '');
  console.log(`generated ${name} in ${sec(Date.now() - t)} s`);
  return dir;
}

function filesUnder(dir) {
  const out = [];
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

const sizeOf = dir => filesUnder(dir).reduce((n, f) => n + fs.statSync(f).size, 0);
const MB = bytes => Math.round(bytes / 1e5) / 10;

// ------------------------------------------------------------------------------------------------ measuring

/** Resident memory (bytes) of a process and all its descendants, from /proc. */
function treeRss(root) {
  const parent = new Map();
  const rss = new Map();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(fields[1]));
      rss.set(Number(pid), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let p = pid; p; p = parent.get(p)) {
      if (p === root) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

/** Runs a command (argv, or a shell line), timing it and sampling the memory of its process tree. */
function measure(command, args = []) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(command, args, {
      cwd: ROOT,
      shell: args.length === 0 ? '/bin/bash' : false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let peak = 0;
    // `irp` says "N row(s) from …" once the answer is printed; a first answer on new files is followed by the load.
    let answered;
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => {
      err = (err + d).slice(-4000);
      if (!answered && / row\(s\)/.test(err)) answered = { seconds: sec(performance.now() - t), peakMB: MB(peak) };
    });
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 50);
    child.on('exit', code => {
      clearInterval(sampler);
      const seconds = sec(performance.now() - t);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ seconds, peakMB: MB(peak), out, answered: answered ?? { seconds, peakMB: MB(peak) } });
    });
  });
}

const countLines = text => text.split('\n').filter(l => l.trim() !== '').length;

/**
 * `irp` on the data: cold with an empty cache unless `cold` is false (the cache a previous question built), then warm
 * runs (median); rows counted from its JSON output. Cold, the first answer (read from the files themselves) is timed
 * to the moment `irp` says it is printed, with the peak memory until then; `irp` then loads the files into the cache
 * before it exits, which the "with load" figures (the whole command) include.
 */
async function irp(args, dataDir, cacheDir, cold = true) {
  if (cold) fs.rmSync(cacheDir, { recursive: true, force: true });
  const argv = [CLI, ...args, '--data', dataDir, '--cache', cacheDir, '--json'];
  const first = await measure(process.execPath, argv);
  const warm = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await measure(process.execPath, argv));
  const printed = JSON.parse(first.out);
  return {
    coldSeconds: cold ? first.answered.seconds : undefined,
    coldPeakMB: cold ? first.answered.peakMB : undefined,
    coldWithLoadSeconds: cold ? first.seconds : undefined,
    coldWithLoadPeakMB: cold ? first.peakMB : undefined,
    warmSeconds: median(warm.map(w => w.seconds)),
    warmPeakMB: Math.max(...warm.map(w => w.peakMB)),
    rows: (printed.Events ?? printed.rows).length,
    cacheMB: MB(sizeOf(cacheDir)),
  };
}

const RAW_DUCKDB = fileURLToPath(new URL('./local-raw-duckdb.mjs', import.meta.url));

/** DuckDB reading the files directly (node-api, default settings, 2 threads here): the near-limit reference. */
async function rawDuckdb(sql) {
  const r = await measure(process.execPath, [RAW_DUCKDB, sql]);
  return { seconds: r.seconds, peakMB: r.peakMB, rows: Number(r.out.trim()) };
}

async function shell(line) {
  const r = await measure(`set -o pipefail; ${line}`);
  return { seconds: r.seconds, peakMB: r.peakMB, rows: countLines(r.out) };
}

const q = s => `'${s.replace(/'/g, `'\\''`)}'`;
const zcatAll = dir => `find ${q(dir)} -name '*.gz' -print0 | xargs -0 zcat`;
const ratio = (a, b) => Math.round((a / b) * 100) / 100;

// ------------------------------------------------------------------------------------------------ questions

async function cloudTrail(dir, results) {
  const glob = `${dir}/**/*.json.gz`;
  const worldOpen = {
    irp: ['lookup', '--attribute', 'EventName=AuthorizeSecurityGroupIngress', '--world-open'],
    jq:
      `${zcatAll(dir)} | jq -c '.Records[] | select(.eventName == "AuthorizeSecurityGroupIngress") | ` +
      `select([.requestParameters.ipPermissions.items[]?.ipRanges.items[]?.cidrIp] | index("0.0.0.0/0")) | .eventID'`,
    duckdb: `SELECT count(*) FROM (SELECT unnest(Records) AS r FROM read_json('${glob}'))
      WHERE r.eventName = 'AuthorizeSecurityGroupIngress' AND contains(CAST(r.requestParameters AS VARCHAR), '0.0.0.0/0')`,
  };
  const byUser = {
    irp: ['lookup', '--attribute', `Username=${USER}`],
    jq:
      `${zcatAll(dir)} | jq -c '.Records[] | select(.userIdentity.userName == "${USER}" or ` +
      `((.userIdentity.arn // "") | endswith("/${USER}")))'`,
    duckdb: `SELECT count(*) FROM (SELECT unnest(Records) AS r FROM read_json('${glob}'))
      WHERE r.userIdentity.userName = '${USER}' OR ends_with(r.userIdentity.arn, '/${USER}')`,
  };
  for (const [name, question] of Object.entries({ world_open_sg: worldOpen, user_lookup: byUser })) {
    // The first question pays the load; the second is asked on the cache it built (warm only).
    const cache = path.join(DATA, `cache-${path.basename(dir)}`);
    const engine = await irp(question.irp, dir, cache, name === 'world_open_sg');
    const jq = await shell(question.jq);
    const duck = await rawDuckdb(question.duckdb);
    results[name] = summarize(engine, { jq }, duck);
    print(name, results[name]);
  }
}

async function flows(dir, results) {
  const sql = fs.readFileSync(path.join(ROOT, 'test/fixtures/local/vpc-predefined/VpcFlowLogsTopTalkers.sql'), 'utf8');
  const engine = await irp(['sql', '--dialect', 'athena', sql], dir, path.join(DATA, `cache-${path.basename(dir)}`));
  const awk = await shell(
    `${zcatAll(dir)} | awk '$1 != "version" && $10 != "-" { if ($4 != "-") b[$4] += $10; if ($5 != "-") b[$5] += $10 } ` +
      `END { for (k in b) print b[k], k }' | sort -rn | awk 'NR <= 50'`,
  );
  // The files read once, each row counted for both of its addresses.
  const duck = await rawDuckdb(`SELECT count(*) FROM (SELECT ip, sum(bytes) AS total FROM (
      SELECT unnest([srcaddr, dstaddr]) AS ip, TRY_CAST(bytes AS BIGINT) AS bytes
      FROM read_csv('${dir}/**/*.log.gz', delim = ' ', header = true)
    ) WHERE ip <> '-' GROUP BY ip ORDER BY total DESC LIMIT 50)`);
  results.top_talkers = summarize(engine, { awk }, duck);
  print('top_talkers', results.top_talkers);
}

function summarize(engine, others, duck) {
  const [toolName, tool] = Object.entries(others)[0];
  return {
    irp: engine,
    [toolName]: tool,
    rawDuckdb: duck,
    sameRowCount: engine.rows === tool.rows && tool.rows === duck.rows,
    coldVsRawDuckdbTime: engine.coldSeconds && ratio(engine.coldSeconds, duck.seconds),
    coldVsRawDuckdbMemory: engine.coldPeakMB && ratio(engine.coldPeakMB, duck.peakMB),
    warmSpeedupVsTool: ratio(tool.seconds, engine.warmSeconds),
  };
}

function print(name, r) {
  const tool = r.jq ? ['jq', r.jq] : ['awk', r.awk];
  console.log(
    `${name}: irp ${r.irp.coldSeconds ? `cold ${r.irp.coldSeconds} s / ${r.irp.coldPeakMB} MB (with the load after it ${r.irp.coldWithLoadSeconds} s / ${r.irp.coldWithLoadPeakMB} MB), ` : ''}` +
      `warm ${r.irp.warmSeconds} s / ${r.irp.warmPeakMB} MB; ` +
      `${tool[0]} ${tool[1].seconds} s / ${tool[1].peakMB} MB; raw DuckDB ${r.rawDuckdb.seconds} s / ${r.rawDuckdb.peakMB} MB; ` +
      `${r.coldVsRawDuckdbTime ? `cold/raw ${r.coldVsRawDuckdbTime}x time, ${r.coldVsRawDuckdbMemory}x memory; ` : ''}` +
      `warm ${r.warmSpeedupVsTool}x faster ` +
      `than ${tool[0]}; rows ${r.irp.rows} (same: ${r.sameRowCount}); cache ${r.irp.cacheMB} MB`,
  );
}

async function smallFiles(results) {
  // The same shape at two sizes: 20,000 files, and 150,000 (30 days of one account in 17 Regions).
  const sizes = [SMALL_FILES, MANY_FILES];
  results.smallFiles = {};
  for (const files of sizes) {
    const dir = ensure(`ct-small-${files}`, d => writeTrail(d, files, 5, 7));
    await measure(`find ${q(dir)} -type f -exec cat {} + > /dev/null`);
    const engine = await irp(
      ['lookup', '--attribute', 'EventName=AuthorizeSecurityGroupIngress', '--world-open'],
      dir,
      path.join(DATA, `cache-ct-small-${files}`),
    );
    const duck =
      await rawDuckdb(`SELECT count(*) FROM (SELECT unnest(Records) AS r FROM read_json('${dir}/**/*.json.gz'))
      WHERE r.eventName = 'AuthorizeSecurityGroupIngress' AND contains(CAST(r.requestParameters AS VARCHAR), '0.0.0.0/0')`);
    results.smallFiles[files] = {
      irp: engine,
      rawDuckdb: duck,
      dataMB: MB(sizeOf(dir)),
      coldVsRawDuckdbTime: ratio(engine.coldSeconds, duck.seconds),
      coldMsPerFile: Math.round((engine.coldSeconds * 1e6) / files) / 1000,
    };
    console.log(
      `${files} small files: irp cold ${engine.coldSeconds} s / ${engine.coldPeakMB} MB ` +
        `(${results.smallFiles[files].coldMsPerFile} ms a file; with the load after it ${engine.coldWithLoadSeconds} s / ` +
        `${engine.coldWithLoadPeakMB} MB), warm ${engine.warmSeconds} s; raw DuckDB ${duck.seconds} s / ${duck.peakMB} MB; ` +
        `cache ${engine.cacheMB} MB`,
    );
  }
}

async function main() {
  const started = Date.now();
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build');
  const ct = ensure(`ct-${CT_EVENTS}`, d => writeTrail(d, Math.max(4, Math.round(CT_EVENTS / 1000)), 1000, 1));
  const fl = ensure(`flows-${FLOW_ROWS}`, d => writeFlows(d, FLOW_ROWS));
  // Every reader starts from the same page cache.
  for (const dir of [ct, fl]) await measure(`find ${q(dir)} -type f -exec cat {} + > /dev/null`);
  const results = { scale: SCALE, cloudTrailEvents: CT_EVENTS, flowRows: FLOW_ROWS, warmRuns: WARM_RUNS };
  results.cloudTrailDataMB = MB(sizeOf(ct));
  results.flowDataMB = MB(sizeOf(fl));
  await cloudTrail(ct, results);
  await flows(fl, results);
  await smallFiles(results);
  results.totalSeconds = sec(Date.now() - started);
  // The machine is shared: its load says how far the times can be compared with another run's.
  results.loadAverage = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  console.log(`done in ${results.totalSeconds} s; ${path.relative(ROOT, writeResults('local', results))} written`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

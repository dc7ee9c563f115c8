// Hostile playbooks (test/fixtures/hostile/playbooks) run with `irp run --data`: every block that tries to change the
// cache, a log file or the evidence, or to read outside the data folder, is recorded as a failed run saying why, and
// afterwards every data file, every evidence file and the cache's rows and views are exactly as they were.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allSteps, parsePlaybook } from '../../../src/core/playbook/parser';
import { parseReport, type RunRecord } from '../../../src/core/report';
import {
  cloudTrailKey,
  flowLogKey,
  flowRows,
  storyRecords,
  writeCloudTrail,
  writeFlowLog,
  DEFAULT_FIELDS,
  type Json,
} from '../../fixtures/local/generate';
import { runCli } from '../runCli';
import { LocalEngine } from '../../../src/core/local';
import { WORKER, hashTree, request, rowsOf, tempDir } from './helpers';

const HOSTILE = path.resolve(__dirname, '../../../../test/fixtures/hostile/playbooks');
/** A user name that starts with a byte-order mark: evidence must hold it as the log does. */
const BOM_USER = '\uFEFFmallory';

const irp = (args: string[], cwd: string) => runCli(args, cwd, { IRP_LOCAL_ENGINE_WORKER: WORKER });

function bomEvent(): Json {
  return {
    eventVersion: '1.09',
    eventTime: '2026-11-20T11:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    eventType: 'AwsApiCall',
    eventID: '00000000-0000-4000-8000-00000000bbbb',
    recipientAccountId: '111122223333',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEBOM',
      arn: 'arn:aws:iam::111122223333:user/mallory',
      accountId: '111122223333',
      accessKeyId: 'AKIAEXAMPLEBOM000001',
      userName: BOM_USER,
    },
  };
}

function runsOf(reportPath: string): RunRecord[] {
  const { state } = parseReport(fs.readFileSync(reportPath, 'utf8'));
  return Object.values(state.steps).flatMap(s => s.runs);
}

describe('hostile playbooks on local data (irp run --data)', function () {
  let root: string;
  let work: string;
  let data: string;
  let home: string;
  let savedHome: string | undefined;
  let baseline: RunRecord[];

  /** Rows, views and macros of the cache, as irp sql sees them. */
  async function cacheState(): Promise<unknown[]> {
    const r = await irp(
      [
        'sql',
        '--data',
        data,
        '--dialect',
        'duckdb',
        '--json',
        `SELECT
      (SELECT count(*) FROM ct_events) AS events, (SELECT count(*) FROM flow_records) AS flows,
      (SELECT count(*) FROM _files) AS files,
      (SELECT string_agg(view_name || ': ' || sql, '; ' ORDER BY view_name) FROM duckdb_views() WHERE NOT internal) AS views,
      (SELECT string_agg(table_name, ', ' ORDER BY table_name) FROM duckdb_tables()) AS tables`,
      ],
      work,
    );
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { rows: unknown[] }).rows;
  }

  before(async () => {
    savedHome = process.env.HOME;
    root = tempDir();
    work = path.join(root, 'work');
    data = path.join(root, 'data');
    home = path.join(root, 'home');
    fs.mkdirSync(work);
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(root, 'outside', 'notes.txt'), 'outside the data folder\n');
    fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = not-for-queries\n');
    // The worker inherits this environment: its home folder is the fake one.
    process.env.HOME = home;
    writeCloudTrail(path.join(data, cloudTrailKey('a')), [...storyRecords(), bomEvent()]);
    writeFlowLog(path.join(data, flowLogKey('f')), flowRows(200, 4), DEFAULT_FIELDS);
    const r = await irp(
      ['run', path.join(HOSTILE, 'baseline.md'), '--report', 'incident.md', '--all-queries', '--data', data],
      work,
    );
    assert.equal(r.code, 0, r.stderr);
    baseline = runsOf(path.join(work, 'incident.md'));
  });
  after(() => {
    process.env.HOME = savedHome;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('are playbooks irp validate accepts', async () => {
    for (const name of fs.readdirSync(HOSTILE)) {
      const r = await irp(['validate', path.join(HOSTILE, name)], work);
      assert.equal(r.code, 0, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /valid: 0 error\(s\), 0 warning\(s\)/);
    }
  });

  it('keeps a leading U+FEFF of a log value in the evidence CSV and JSON lines', () => {
    const table = baseline.find(r => r.queryId === 'events-by-user');
    const csv = fs.readFileSync(
      path.join(work, table?.evidence.find(e => e.format === 'csv')?.path ?? 'missing'),
      'utf8',
    );
    assert.ok(
      csv.includes(`00000000-0000-4000-8000-00000000bbbb,"${BOM_USER}",CreateAccessKey\r\n`),
      JSON.stringify(csv),
    );
    const lookup = baseline.find(r => r.queryId === 'lookup-bom-user');
    assert.equal(lookup?.rowCount, 1);
    const lookupCsv = fs.readFileSync(
      path.join(work, lookup?.evidence.find(e => e.format === 'csv')?.path ?? 'missing'),
      'utf8',
    );
    assert.ok(
      lookupCsv.includes(`,CreateAccessKey,2026-11-20T11:00:00Z,"${BOM_USER}",AKIAEXAMPLEBOM000001,`),
      lookupCsv,
    );
    const jsonl = lookup?.evidence.find(e => e.format === 'jsonl');
    const line = JSON.parse(fs.readFileSync(path.join(work, jsonl?.path ?? 'missing'), 'utf8').split('\n')[0]) as Json;
    assert.equal((line.userIdentity as Json).userName, BOM_USER);
  });

  it('records every hostile block as failed, saying why, and changes nothing', async () => {
    const dataFile = path.join(data, cloudTrailKey('a'));
    const evidenceCsv = path.join(
      work,
      baseline.find(r => r.queryId === 'events-by-user')?.evidence[0].path ?? 'missing',
    );
    const dataBefore = hashTree(data);
    // The evidence files beside the report (the report itself gains the failed runs; the cache is compared by content).
    const evidenceBefore = hashTree(work);
    for (const file of Object.keys(evidenceBefore)) if (!/\.(csv|jsonl)$/.test(file)) delete evidenceBefore[file];
    assert.ok(Object.keys(evidenceBefore).length >= 3, JSON.stringify(evidenceBefore));
    const cacheBefore = await cacheState();
    const playbooks = fs.readdirSync(HOSTILE).filter(f => f !== 'baseline.md');
    assert.deepEqual(playbooks.sort(), ['cache-writes.md', 'file-writes.md', 'reads-outside.md']);
    let blocks = 0;
    for (const name of playbooks) {
      const text = fs
        .readFileSync(path.join(HOSTILE, name), 'utf8')
        .replaceAll('@DATA_FILE@', dataFile)
        .replaceAll('@EVIDENCE_CSV@', evidenceCsv)
        .replaceAll('@DATA@', data)
        .replaceAll('@HOME@', home)
        .replaceAll('@OUTSIDE@', path.join(root, 'outside'));
      const playbookPath = path.join(root, name);
      fs.writeFileSync(playbookPath, text);
      const r = await irp(['run', playbookPath, '--report', `hostile-${name}`, '--all-queries', '--data', data], work);
      assert.equal(r.code, 1, `${name} fails: ${r.stderr}`);
      const runs = runsOf(path.join(work, `hostile-${name}`));
      const { playbook } = parsePlaybook(text);
      assert.ok(playbook, name);
      const queries = allSteps(playbook).flatMap(s => s.queries);
      assert.equal(runs.length, queries.length, `${name}: every block was run and recorded`);
      for (const query of queries) {
        const run = runs.find(r => r.queryId === query.id);
        const expected = /^refused: (.*)$/.exec(query.title ?? '')?.[1];
        assert.ok(expected, `${name} ${query.id} says in its title what the refusal holds`);
        assert.equal(run?.partialReason, 'failed', `${name} ${query.id} failed`);
        assert.ok(
          run?.error?.message.includes(expected),
          `${name} ${query.id}: "${run?.error?.message}" names "${expected}"`,
        );
        assert.equal(run?.rowCount, 0);
        blocks++;
      }
    }
    assert.equal(blocks, 39);
    assert.deepEqual(hashTree(data), dataBefore, 'every data file is byte for byte the same');
    const evidenceAfter = hashTree(work);
    for (const [file, hash] of Object.entries(evidenceBefore))
      assert.equal(evidenceAfter[file], hash, `${file} is unchanged`);
    assert.deepEqual(await cacheState(), cacheBefore, 'the cache holds the same rows, tables and views');
    const reports = playbooks.map(name => fs.readFileSync(path.join(work, `hostile-${name}`), 'utf8')).join('\n');
    assert.ok(!reports.includes('not-for-queries') && !reports.includes('root:x:0:0'), 'no secret reached a report');
  });
});

describe('the bundled local engine worker (dist/, as the extension and irp ship it)', () => {
  it('starts and keeps a leading U+FEFF, as the worker compiled for the unit tests does', async () => {
    // The bundler wraps module namespaces in read-only getters: a change that only works unbundled is caught here.
    const bundled = path.resolve(__dirname, '../../../../dist/local-engine-worker.js');
    assert.ok(fs.existsSync(bundled), `${bundled} is missing: npm test builds it first (npm run build)`);
    const data = tempDir();
    writeCloudTrail(path.join(data, cloudTrailKey('bom')), [bomEvent()]);
    const engine = new LocalEngine({ dataSources: [data], cacheDir: tempDir(), workerScript: bundled });
    try {
      const r = await rowsOf(engine, request('local', 'SELECT useridentity.username AS u FROM cloudtrail'));
      assert.deepEqual(r.rows, [[BOM_USER]]);
    } finally {
      await engine.dispose();
    }
  });
});

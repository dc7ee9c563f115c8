import * as assert from 'node:assert/strict';
import { AthenaEngine, type AthenaSettings } from '../../../src/core/aws/athenaEngine';
import { listNamedQueries } from '../../../src/core/aws/namedQueries';
import type { AwsSession } from '../../../src/core/aws/session';
import type { QueryRequest, RunProgress } from '../../../src/core/engine/types';
import { DEFAULT_CREDENTIALS, type Emulator } from '../../emulator';
import { collect, parameter, startEmulatorSession } from './helpers';

const SETTINGS: AthenaSettings = { workgroup: 'primary', database: 'vpc_flow_logs_db', pricePerTerabyteUsd: 5 };

function request(text: string, extra: Partial<QueryRequest> = {}): QueryRequest {
  return { engine: 'athena', queryId: 'q', text, parameters: {}, definitions: [], ...extra };
}

describe('AthenaEngine against the emulator', () => {
  let emulator: Emulator;
  let session: AwsSession;
  let confirmations: string[];
  let answer: boolean;
  let firstCall = 0;
  /** Writes a test expects (the user confirmed, or asked to stop); every other test must make none. */
  let expectedWrites: string[] = [];

  let close: () => Promise<void>;

  before(async () => {
    ({ emulator, session, close } = await startEmulatorSession('eu-west-1'));
  });
  after(() => close());
  beforeEach(() => {
    confirmations = [];
    answer = false;
    firstCall = emulator.calls.length;
    expectedWrites = [];
  });
  afterEach(() =>
    assert.deepEqual(
      emulator
        .mutatingCalls()
        .filter(c => emulator.calls.indexOf(c) >= firstCall)
        .map(c => c.action),
      expectedWrites,
    ),
  );

  const engine = () =>
    new AthenaEngine(session, SETTINGS, async sql => {
      confirmations.push(sql);
      return answer;
    });
  const run = (req: QueryRequest, signal = new AbortController().signal, onProgress?: (p: RunProgress) => void) =>
    collect(engine().run(req, signal, onProgress));
  const actions = () => emulator.calls.slice(firstCall).map(c => c.action);

  it('sends values as ExecutionParameters, never in the SQL text', async () => {
    emulator.seedQuery('FROM flows_by_ip', {
      columns: [
        { name: 'srcaddr', type: 'varchar' },
        { name: 'n', type: 'bigint' },
      ],
      rows: [['198.51.100.7', '12']],
      dataScannedBytes: 5 * 1024 ** 3,
    });
    const text =
      'SELECT srcaddr, count(*) AS n FROM flows_by_ip WHERE srcaddr = {{ip}} AND dstport = {{port}} ' +
      "AND (dstaddr = {{ip}} OR note = '?') AND start >= to_unixtime(from_iso8601_timestamp({{when.start}}))";
    const r = await run(
      request(text, {
        parameters: { ip: '198.51.100.7', port: '22', when: '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z' },
        definitions: [parameter('ip', 'ipv4'), parameter('port', 'integer'), parameter('when', 'timeWindow')],
      }),
    );
    assert.equal(r.error, undefined);
    const received = emulator.queryExecutions().pop()!;
    assert.deepEqual(received.ExecutionParameters, [
      "'198.51.100.7'",
      '22',
      "'198.51.100.7'",
      "'2026-11-20T00:00:00Z'",
    ]);
    assert.ok(!received.QueryString.includes('198.51.100.7'));
    assert.ok(!received.QueryString.includes('2026-11-20'));
    assert.equal(received.WorkGroup, 'primary');
    assert.equal(received.QueryExecutionContext?.Database, 'vpc_flow_logs_db');
    assert.deepEqual(r.rows, [['198.51.100.7', 12]]);
    assert.equal(r.metadata.queryText, received.QueryString);
    const c = r.metadata.context;
    assert.equal(c.queryExecutionId, received.QueryExecutionId);
    assert.equal(c.dataScannedBytes, String(5 * 1024 ** 3));
    assert.equal(c.costUsd, ((5 / 1024) * 5).toFixed(6));
    assert.deepEqual(
      [c.profile, c.account, c.region, c.workgroup, c.database],
      ['(environment)', '111122223333', 'eu-west-1', 'primary', 'vpc_flow_logs_db'],
    );
    assert.equal(c.callerArn, DEFAULT_CREDENTIALS.arn);
  });

  it('quotes a string value with an embedded quote as one literal', async () => {
    emulator.seedQuery('FROM quoted_names', { columns: [{ name: 'x', type: 'varchar' }], rows: [] });
    await run(
      request('SELECT x FROM quoted_names WHERE x = {{name}}', {
        parameters: { name: "o'brien" },
        definitions: [parameter('name', 'string')],
      }),
    );
    assert.deepEqual(emulator.queryExecutions().pop()!.ExecutionParameters, ["'o''brien'"]);
  });

  it('refuses a placeholder written inside quotes before any call', async () => {
    const r = await run(
      request("SELECT * FROM flows WHERE srcaddr = '{{ip}}'", {
        parameters: { ip: '198.51.100.7' },
        definitions: [parameter('ip', 'ipv4')],
      }),
    );
    assert.equal(r.error?.code, 'PlaceholderInLiteral');
    assert.match(r.error!.message, /without quotes/);
    assert.deepEqual(actions(), []);
  });

  it('refuses a value that fails its type before any call', async () => {
    const r = await run(
      request('SELECT * FROM flows WHERE srcaddr = {{ip}}', {
        parameters: { ip: "1.2.3.4' OR '1'='1" },
        definitions: [parameter('ip', 'ipv4')],
      }),
    );
    assert.equal(r.error?.code, 'InvalidParameter');
    assert.match(r.error!.message, /IPv4/);
    assert.deepEqual(actions(), []);
  });

  it('streams every page, skips the header row once, keeps NULL and types the cells', async () => {
    emulator.seedQuery('FROM big_table', {
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'name', type: 'varchar' },
        { name: 'ok', type: 'boolean' },
        { name: 'ratio', type: 'double' },
      ],
      rows: {
        count: 2500,
        row: i => [String(i), i % 10 === 0 ? null : `n${i}`, i % 2 ? 'true' : 'false', i === 3 ? null : '0.5'],
      },
    });
    const progress: RunProgress[] = [];
    const r = await run(request('SELECT id, name, ok, ratio FROM big_table'), undefined, p => progress.push(p));
    assert.equal(r.error, undefined);
    assert.equal(r.rows.length, 2500);
    assert.equal(r.pages, 3);
    assert.deepEqual(r.rows[0], [0, null, false, 0.5]);
    assert.deepEqual(r.rows[3], [3, 'n3', true, null]);
    assert.deepEqual(r.rows[2499], [2499, 'n2499', true, 0.5]);
    assert.deepEqual(
      r.columns.map(c => c.type),
      ['bigint', 'varchar', 'boolean', 'double'],
    );
    assert.equal(actions().filter(a => a === 'GetQueryResults').length, 3);
    assert.ok(progress.some(p => /^RUNNING · /.test(p.message)));
    assert.ok(progress.some(p => /scanned · \$/.test(p.message)));
  });

  it('stops reading pages at the row cap', async () => {
    emulator.seedQuery('FROM capped_table', {
      columns: [{ name: 'id', type: 'integer' }],
      rows: { count: 3000, row: i => [String(i)] },
    });
    const r = await run(request('SELECT id FROM capped_table', { rowCap: 1500 }));
    assert.equal(r.rows.length, 1500);
    assert.equal(r.metadata.partialReason, 'row-cap');
    assert.equal(actions().filter(a => a === 'GetQueryResults').length, 2);
  });

  it('reports a FAILED query with the reason Athena gave', async () => {
    emulator.seedQuery('FROM broken_table', {
      columns: [],
      rows: [],
      finalState: 'FAILED',
      stateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
    });
    const r = await run(request('SELECT nope FROM broken_table'));
    assert.match(r.error!.message, /COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved/);
    assert.equal(r.metadata.error?.message, r.error!.message);
    assert.equal(r.metadata.partial, true);
    assert.ok(!actions().includes('GetQueryResults'));
  });

  it('reports a query cancelled outside the run', async () => {
    emulator.seedQuery('FROM cancelled_elsewhere', { columns: [], rows: [], finalState: 'CANCELLED' });
    const r = await run(request('SELECT 1 FROM cancelled_elsewhere'));
    assert.equal(r.error?.code, 'QueryCancelled');
    assert.match(r.error!.message, /cancelled outside this run/);
  });

  it('cancelling stops the query in Athena (the only write) and ends the run as cancelled', async () => {
    emulator.seedQuery('FROM slow_table', {
      columns: [{ name: 'a', type: 'varchar' }],
      rows: [['x']],
      runningPolls: 1000,
    });
    const controller = new AbortController();
    const r = await run(request('SELECT a FROM slow_table'), controller.signal, p => {
      if (p.message.startsWith('RUNNING')) controller.abort();
    });
    assert.equal(r.error, undefined);
    assert.equal(r.metadata.partialReason, 'cancelled');
    expectedWrites = ['StopQueryExecution'];
    assert.equal(emulator.queryExecutions().pop()!.state, 'CANCELLED');
    assert.ok(!actions().includes('GetQueryResults'));
  });

  it('refuses a statement that writes unless the user confirms it', async () => {
    const ctas = 'CREATE TABLE copy_of_flows AS SELECT * FROM flows';
    const refused = await run(request(ctas));
    assert.equal(refused.error?.code, 'MutatingQueryRefused');
    assert.deepEqual(confirmations, [ctas]);
    assert.deepEqual(actions(), []);

    answer = true;
    const allowed = await run(request(ctas));
    assert.equal(allowed.error, undefined);
    expectedWrites = ['StartQueryExecution'];
  });

  it('names the denied action when Athena refuses access', async () => {
    emulator.fault({ service: 'athena', action: 'StartQueryExecution', kind: 'access-denied' });
    const r = await run(request('SELECT 1 FROM anything'));
    assert.equal(r.error?.code, 'AccessDenied');
    assert.match(r.error!.message, /athena:StartQueryExecution in eu-west-1/);
  });

  it('discovers the named queries of a workgroup across pages', async () => {
    const queries = Array.from({ length: 60 }, (_, i) => ({
      Name: `VpcFlowLogsQuery${String(i).padStart(2, '0')}`,
      Description: 'predefined',
      Database: 'vpc_flow_logs_db',
      QueryString: `SELECT ${i}`,
    }));
    emulator.seedNamedQueries('flowlogs-wg', queries);
    const found = await listNamedQueries(session, 'flowlogs-wg');
    assert.equal(found.length, 60);
    assert.equal(found[0].name, 'VpcFlowLogsQuery00');
    assert.equal(found[59].queryString, 'SELECT 59');
    assert.equal(found[0].workgroup, 'flowlogs-wg');
    assert.ok(actions().filter(a => a === 'ListNamedQueries').length >= 2);
    assert.equal(actions().filter(a => a === 'BatchGetNamedQuery').length, 2);
  });
});

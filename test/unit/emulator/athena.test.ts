import assert from 'node:assert/strict';
import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  ListDatabasesCommand,
  ListNamedQueriesCommand,
  ListWorkGroupsCommand,
  paginateGetQueryResults,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { startEmulator, type Emulator } from '../../emulator';
import { clientConfig, rejection } from './helpers';

const COLUMNS = [
  { name: 'srcaddr', type: 'varchar' },
  { name: 'packets', type: 'bigint' },
];

describe('emulator: Athena', () => {
  let emulator: Emulator;
  let client: AthenaClient;

  beforeEach(async () => {
    emulator = await startEmulator({ workGroups: ['ir'] });
    client = new AthenaClient(clientConfig(emulator.endpoint, { maxAttempts: 1 }));
  });
  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  const start = async (QueryString: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (await client.send(new StartQueryExecutionCommand({ QueryString, ...extra }))).QueryExecutionId!;
  const pollToEnd = async (id: string): Promise<{ states: string[]; last: QueryExecution }> => {
    const states: string[] = [];
    for (;;) {
      const q = (await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
      states.push(q.Status!.State!);
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(q.Status!.State!)) return { states, last: q };
    }
  };

  it('runs a query QUEUED → RUNNING → SUCCEEDED and pages 2,500 rows as 1000/1000/501 with the header on page 1 only', async () => {
    emulator.seedQuery(/FROM vpc_flow_logs/, {
      columns: COLUMNS,
      dataScannedBytes: 123456,
      rows: Array.from({ length: 2500 }, (_, i) => [`10.0.0.${i % 250}`, i === 7 ? null : String(i)]),
    });
    const id = await start('SELECT srcaddr, packets FROM vpc_flow_logs WHERE srcaddr = ? AND dstport = ?', {
      ExecutionParameters: ["'10.0.0.1'", '22'],
      WorkGroup: 'ir',
      QueryExecutionContext: { Database: 'default' },
    });
    const { states, last } = await pollToEnd(id);
    assert.deepEqual(states, ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    assert.equal(last.StatementType, 'DML');
    assert.equal(last.Statistics?.DataScannedInBytes, 123456);
    assert.ok(last.Status?.SubmissionDateTime instanceof Date && last.Status.CompletionDateTime instanceof Date);
    assert.ok((last.Statistics?.TotalExecutionTimeInMillis ?? -1) >= 0);
    assert.deepEqual(last.ExecutionParameters, ["'10.0.0.1'", '22']);
    assert.equal(last.WorkGroup, 'ir');
    assert.match(last.ResultConfiguration?.OutputLocation ?? '', new RegExp(`${id}\\.csv$`));

    const pages: GetQueryResultsCommandOutput[] = [];
    for await (const page of paginateGetQueryResults({ client, pageSize: 1000 }, { QueryExecutionId: id }))
      pages.push(page);
    assert.deepEqual(
      pages.map(p => p.ResultSet!.Rows!.length),
      [1000, 1000, 501],
    );
    const cell = (p: number, r: number, c: number) => pages[p].ResultSet!.Rows![r].Data![c];
    assert.deepEqual(pages[0].ResultSet!.Rows![0].Data, [{ VarCharValue: 'srcaddr' }, { VarCharValue: 'packets' }]);
    assert.deepEqual(cell(1, 0, 0), { VarCharValue: '10.0.0.249' }, 'page 2 starts with data row 999, no header');
    assert.deepEqual(cell(0, 8, 1), {}, 'NULL is a Datum without VarCharValue');
    assert.deepEqual(cell(2, 500, 1), { VarCharValue: '2499' });
    for (const p of pages) {
      assert.deepEqual(
        p.ResultSet!.ResultSetMetadata!.ColumnInfo!.map(c => [c.Name, c.Type]),
        [
          ['srcaddr', 'varchar'],
          ['packets', 'bigint'],
        ],
      );
    }

    const [received] = emulator.queryExecutions();
    assert.deepEqual(
      [
        received.ExecutionParameters,
        received.WorkGroup,
        received.QueryExecutionContext,
        received.state,
        received.region,
      ],
      [["'10.0.0.1'", '22'], 'ir', { Database: 'default' }, 'SUCCEEDED', 'us-east-1'],
    );
  });

  it('refuses results before the query finished, and an unknown query id', async () => {
    emulator.seedQuery('SELECT 1', { columns: [{ name: '_col0', type: 'integer' }], rows: [['1']] });
    const id = await start('SELECT 1');
    const early = await rejection(() => client.send(new GetQueryResultsCommand({ QueryExecutionId: id })));
    assert.equal(early.name, 'InvalidRequestException');
    assert.match(early.message, /not yet finished/);
    for (const command of [
      new GetQueryExecutionCommand({ QueryExecutionId: 'nope' }),
      new StopQueryExecutionCommand({ QueryExecutionId: 'nope' }),
    ]) {
      assert.equal(
        (await rejection(() => client.send(command as GetQueryExecutionCommand))).name,
        'InvalidRequestException',
      );
    }
  });

  it('reports FAILED with the reason and an AthenaError, and refuses its results', async () => {
    emulator.seedQuery('broken', {
      columns: [],
      rows: [],
      finalState: 'FAILED',
      runningPolls: 0,
      stateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
    });
    const id = await start('SELECT nope FROM broken');
    const { states, last } = await pollToEnd(id);
    assert.deepEqual(states, ['QUEUED', 'FAILED']);
    assert.match(last.Status!.StateChangeReason!, /^COLUMN_NOT_FOUND/);
    assert.equal(last.Status!.AthenaError?.ErrorCategory, 2);
    assert.equal(last.Status!.AthenaError?.Retryable, false);
    const err = await rejection(() => client.send(new GetQueryResultsCommand({ QueryExecutionId: id })));
    assert.equal(err.name, 'InvalidRequestException');
    assert.match(err.message, /COLUMN_NOT_FOUND/);
  });

  it('fails a query nothing was seeded for, naming the fix', async () => {
    const { last } = await pollToEnd(await start('SELECT * FROM nowhere'));
    assert.equal(last.Status!.State, 'FAILED');
    assert.match(last.Status!.StateChangeReason!, /seedQuery/);
  });

  it('cancels with StopQueryExecution, and reports a seeded CANCELLED state', async () => {
    emulator.seedQuery('SELECT', { columns: COLUMNS, rows: [] });
    const id = await start('SELECT * FROM t');
    await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    const { states, last } = await pollToEnd(id);
    assert.deepEqual(states, ['CANCELLED']);
    assert.ok(last.Status!.StateChangeReason);
    assert.equal(
      (await rejection(() => client.send(new GetQueryResultsCommand({ QueryExecutionId: id })))).name,
      'InvalidRequestException',
    );

    emulator.seedQuery('cancelled_elsewhere', { columns: COLUMNS, rows: [], finalState: 'CANCELLED' });
    assert.equal((await pollToEnd(await start('SELECT * FROM cancelled_elsewhere'))).last.Status!.State, 'CANCELLED');
  });

  it('checks the number of ExecutionParameters against the ? markers outside literals and comments', async () => {
    emulator.seedQuery('SELECT', { columns: COLUMNS, rows: [] });
    const sql = 'SELECT \'?\' AS q, "a?" FROM t -- why?\nWHERE x = ? /* and? */';
    const mismatch = async (params?: string[]) =>
      rejection(() => start(sql, params ? { ExecutionParameters: params } : {}));
    assert.equal((await mismatch()).name, 'InvalidRequestException');
    assert.equal((await mismatch(['1', '2'])).name, 'InvalidRequestException');
    await start(sql, { ExecutionParameters: ['1'] });
    assert.equal(
      (await rejection(() => start('SELECT 1', { ExecutionParameters: ['1'] }))).name,
      'InvalidRequestException',
    );
  });

  it('refuses an unknown workgroup and bad MaxResults', async () => {
    assert.equal((await rejection(() => start('SELECT 1', { WorkGroup: 'missing' }))).name, 'InvalidRequestException');
    emulator.seedQuery('SELECT 1', { columns: [{ name: '_col0', type: 'integer' }], rows: [['1']], runningPolls: 0 });
    const id = await start('SELECT 1');
    await pollToEnd(id);
    for (const MaxResults of [0, 1001]) {
      assert.equal(
        (await rejection(() => client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults })))).name,
        'InvalidRequestException',
      );
    }
    assert.equal(
      (await rejection(() => client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: 'bogus' }))))
        .name,
      'InvalidRequestException',
    );
  });

  it('returns the same execution for a repeated ClientRequestToken', async () => {
    emulator.seedQuery('SELECT', { columns: COLUMNS, rows: [] });
    const a = await start('SELECT 1', { ClientRequestToken: 'token-0000000000000000000000000000001' });
    const b = await start('SELECT 1', { ClientRequestToken: 'token-0000000000000000000000000000001' });
    assert.equal(a, b);
    assert.equal(emulator.queryExecutions().length, 1);
  });

  it('serves DDL without a header row and counts it as mutating', async () => {
    const id = await start("CREATE EXTERNAL TABLE x (a string) LOCATION 's3://b/'");
    const { last } = await pollToEnd(id);
    assert.equal(last.Status!.State, 'SUCCEEDED');
    assert.equal(last.StatementType, 'DDL');
    const out = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    assert.deepEqual(out.ResultSet!.Rows, []);
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.action),
      ['StartQueryExecution'],
    );
  });

  it('generates a 100,000-row result lazily, page by page', async () => {
    emulator.seedQuery('big', {
      columns: COLUMNS,
      runningPolls: 0,
      rows: { count: 100_000, row: i => [`h${i}`, String(i)] },
    });
    const id = await start('SELECT * FROM big');
    await pollToEnd(id);
    let rows = 0;
    let last = '';
    for await (const page of paginateGetQueryResults({ client }, { QueryExecutionId: id })) {
      rows += page.ResultSet!.Rows!.length;
      last = page.ResultSet!.Rows!.at(-1)!.Data![1].VarCharValue!;
    }
    assert.equal(rows, 100_001);
    assert.equal(last, '99999');
  });

  it('lists workgroups, databases and named queries', async () => {
    emulator.seedNamedQueries('ir', [
      { Name: 'VpcFlowLogsTopTalkers', Description: 'top talkers', Database: 'vpc', QueryString: 'SELECT 1' },
      { Name: 'VpcFlowLogsRejectedTraffic', Database: 'vpc', QueryString: 'SELECT 2' },
    ]);
    const groups = (await client.send(new ListWorkGroupsCommand({}))).WorkGroups!.map(w => w.Name);
    assert.deepEqual(groups.sort(), ['ir', 'primary']);
    const dbs = (await client.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }))).DatabaseList!.map(
      d => d.Name,
    );
    assert.deepEqual(dbs.sort(), ['default', 'vpc']);
    const ids = (await client.send(new ListNamedQueriesCommand({ WorkGroup: 'ir' }))).NamedQueryIds!;
    assert.equal(ids.length, 2);
    assert.deepEqual((await client.send(new ListNamedQueriesCommand({}))).NamedQueryIds, []);
    const got = await client.send(new BatchGetNamedQueryCommand({ NamedQueryIds: [...ids, 'unknown-id'] }));
    assert.deepEqual(
      got.NamedQueries!.map(q => [q.Name, q.Database, q.QueryString, q.WorkGroup]),
      [
        ['VpcFlowLogsTopTalkers', 'vpc', 'SELECT 1', 'ir'],
        ['VpcFlowLogsRejectedTraffic', 'vpc', 'SELECT 2', 'ir'],
      ],
    );
    assert.deepEqual(
      got.UnprocessedNamedQueryIds!.map(u => u.NamedQueryId),
      ['unknown-id'],
    );
    const paged = await client.send(new ListNamedQueriesCommand({ WorkGroup: 'ir', MaxResults: 1 }));
    assert.equal(paged.NamedQueryIds!.length, 1);
    assert.ok(paged.NextToken);
  });
});

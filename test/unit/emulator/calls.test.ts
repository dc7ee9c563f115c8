import assert from 'node:assert/strict';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_CREDENTIALS, startEmulator } from '../../emulator';
import { isReadOnlySql } from '../../emulator/sql';
import { clientConfig, rejection } from './helpers';

describe('emulator: call log', () => {
  it('records every request with service, action, region, key, status, error code, time and read-only flag', async () => {
    const emulator = await startEmulator();
    const before = Date.now();
    const config = clientConfig(emulator.endpoint, { region: 'eu-west-1', maxAttempts: 1 });
    const ct = new CloudTrailClient(config);
    const athena = new AthenaClient(config);
    const sts = new STSClient(config);
    emulator.seedQuery('SELECT', { columns: [], rows: [] });

    await ct.send(new LookupEventsCommand({}));
    await rejection(() => ct.send(new LookupEventsCommand({ MaxResults: 99 })));
    await sts.send(new GetCallerIdentityCommand({}));
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' }));
    await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId }));
    await athena.send(new StartQueryExecutionCommand({ QueryString: '/* tidy */ DROP TABLE old_logs' }));

    assert.deepEqual(
      emulator.calls.map(c => [c.service, c.action, c.status, c.errorCode, c.readOnly]),
      [
        ['cloudtrail', 'LookupEvents', 200, undefined, true],
        ['cloudtrail', 'LookupEvents', 400, 'InvalidMaxResultsException', true],
        ['sts', 'GetCallerIdentity', 200, undefined, true],
        ['athena', 'StartQueryExecution', 200, undefined, true],
        ['athena', 'GetQueryExecution', 200, undefined, true],
        ['athena', 'StopQueryExecution', 200, undefined, false],
        ['athena', 'StartQueryExecution', 200, undefined, false],
      ],
    );
    for (const c of emulator.calls) {
      assert.equal(c.region, 'eu-west-1');
      assert.equal(c.accessKeyId, DEFAULT_CREDENTIALS.accessKeyId);
      assert.ok(c.at >= before && c.at <= Date.now());
      assert.equal(c.attempt, 1);
    }
    assert.deepEqual(
      emulator.mutatingCalls().map(c => c.action),
      ['StopQueryExecution', 'StartQueryExecution'],
    );
    for (const c of [ct, athena, sts]) c.destroy();
    await emulator.close();
  });

  it('classifies SQL as read-only only for queries and SHOW/DESCRIBE/EXPLAIN', () => {
    for (const sql of [
      'select 1',
      '  (SELECT 1)',
      'WITH a AS (SELECT 1) SELECT * FROM a',
      '-- note\nSHOW TABLES',
      'DESCRIBE t',
      'EXPLAIN SELECT 1',
    ]) {
      assert.equal(isReadOnlySql(sql), true, sql);
    }
    for (const sql of [
      'CREATE TABLE t AS SELECT 1',
      'INSERT INTO t SELECT 1',
      'MSCK REPAIR TABLE t',
      "UNLOAD (SELECT 1) TO 's3://b/'",
      '',
      '/* SELECT */ DROP TABLE t',
    ]) {
      assert.equal(isReadOnlySql(sql), false, sql);
    }
  });
});

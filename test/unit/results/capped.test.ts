import assert from 'node:assert/strict';
import { capReason, queryRowLimit } from '../../../src/core/results/capped';

describe('capped results', () => {
  it('reads the LIMIT that ends the statement, not one in a comment, a string or a sub-query', () => {
    assert.equal(queryRowLimit('SELECT * FROM t ORDER BY x LIMIT 100'), 100);
    assert.equal(queryRowLimit('select * from t\nlimit 25;\n'), 25);
    assert.equal(queryRowLimit('SELECT * FROM t -- LIMIT 5'), undefined);
    assert.equal(queryRowLimit("SELECT 'LIMIT 5' FROM t"), undefined);
    assert.equal(queryRowLimit('SELECT * FROM (SELECT * FROM t LIMIT 10) s WHERE x = 1'), undefined);
    assert.equal(queryRowLimit('SELECT * FROM t /* LIMIT 7 */'), undefined);
    assert.equal(queryRowLimit('EventName=AuthorizeSecurityGroupIngress'), undefined);
  });

  it('marks a result that reached its LIMIT or stopped at the row cap, and only those', () => {
    assert.deepEqual(capReason('SELECT 1 LIMIT 100', 100), { kind: 'limit', limit: 100 });
    assert.equal(capReason('SELECT 1 LIMIT 100', 99), undefined);
    assert.equal(capReason('SELECT 1 LIMIT 0', 0), undefined);
    assert.deepEqual(capReason('SELECT 1', 10000, 'row cap'), { kind: 'rowCap', rows: 10000 });
    assert.equal(capReason('SELECT 1', 10, 'cancelled'), undefined);
  });
});

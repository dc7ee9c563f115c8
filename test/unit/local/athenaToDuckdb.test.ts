import assert from 'node:assert/strict';
import {
  athenaToDuckdb,
  countParameterMarkers,
  jodaToStrftime,
  mysqlToStrftime,
} from '../../../src/core/local/athenaToDuckdb';
import { isoTimestamp, normalizeCell } from '../../../src/core/local/normalize';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('athenaToDuckdb', () => {
  it('drops database and catalog qualifiers in front of the local tables only', () => {
    assert.equal(
      athenaToDuckdb('SELECT vpc.srcaddr FROM "security_logs"."vpc_flow_logs" AS vpc'),
      'SELECT vpc.srcaddr FROM "vpc_flow_logs" AS vpc',
    );
    assert.equal(athenaToDuckdb('SELECT * FROM awsdatacatalog.db.cloudtrail_logs'), 'SELECT * FROM cloudtrail_logs');
    assert.equal(athenaToDuckdb('SELECT t.x FROM other.t'), 'SELECT t.x FROM other.t');
  });

  it('rewrites Trino array and row types in casts', () => {
    assert.equal(
      squash(athenaToDuckdb("CROSS JOIN UNNEST(CAST(json_extract(r, '$.items') AS ARRAY(JSON))) AS t(x)")),
      "CROSS JOIN UNNEST(CAST(json_extract(r, '$.items') AS JSON[])) AS t(x)",
    );
    assert.equal(athenaToDuckdb('CAST(x AS ARRAY(ARRAY(VARCHAR)))'), 'CAST(x AS VARCHAR[][])');
    assert.equal(athenaToDuckdb('CAST(x AS ROW(a VARCHAR, b BIGINT))'), 'CAST(x AS STRUCT(a VARCHAR, b BIGINT))');
    assert.equal(
      athenaToDuckdb('SELECT array_agg(x) AS arr, ARRAY[1, 2] FROM t'),
      'SELECT array_agg(x) AS arr, ARRAY[1, 2] FROM t',
    );
  });

  it('turns contains(cidr, CAST(ip AS IPADDRESS)) into the IPv4 CIDR macro, keeping bind markers in order', () => {
    const sql =
      "WHERE NOT contains(?, CAST(srcaddr AS IPADDRESS)) AND contains('10.0.0.0/8', CAST(dstaddr AS IPADDRESS)) AND x = ?";
    const out = athenaToDuckdb(sql);
    assert.equal(out, "WHERE NOT cidr_contains(?, srcaddr) AND cidr_contains('10.0.0.0/8', dstaddr) AND x = ?");
    assert.equal(countParameterMarkers(out), 2);
    assert.equal(athenaToDuckdb("contains(ARRAY['a'], x)"), "contains(ARRAY['a'], x)");
  });

  it("rewrites Trino's bare VALUES list to one row per item", () => {
    assert.equal(
      athenaToDuckdb("SELECT * FROM (VALUES '45.155.0.1', '45.156.37.92') AS t(ip)"),
      "SELECT * FROM (VALUES ('45.155.0.1'), ('45.156.37.92') ) AS t(ip)",
    );
    assert.equal(athenaToDuckdb("VALUES (1, 'a'), (2, 'b')"), "VALUES (1, 'a'), (2, 'b')");
  });

  it('translates Joda and MySQL time patterns given as literals', () => {
    assert.equal(jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS"), '%Y-%m-%dT%H:%M:%S.%g');
    assert.equal(mysqlToStrftime('%Y/%m/%d %H:%i:%s'), '%Y/%m/%d %H:%M:%S');
    assert.equal(athenaToDuckdb("format_datetime(ts, 'yyyy-MM-dd HH:mm')"), "strftime(ts, '%Y-%m-%d %H:%M')");
    assert.equal(athenaToDuckdb("date_parse(s, '%Y-%m-%d %H:%i')"), "strptime(s, '%Y-%m-%d %H:%M')");
  });

  it('passes lambdas on: transform and the match functions', () => {
    assert.equal(
      athenaToDuckdb('SELECT transform(a, x -> x + 1), any_match(a, x -> x > (1))'),
      'SELECT list_transform(a, x -> x + 1), coalesce(list_bool_or(list_transform(a, x -> x > (1))), false)',
    );
  });

  it('quotes aliases DuckDB reserves but Trino allows', () => {
    assert.equal(
      athenaToDuckdb('SELECT count(*) AS window, CAST(x AS VARCHAR) AS show FROM t'),
      'SELECT count(*) AS "window", CAST(x AS VARCHAR) AS "show" FROM t',
    );
  });

  it('never rewrites inside comments, string literals or quoted identifiers', () => {
    const sql = `-- contains('10.0.0.0/8', CAST(a AS IPADDRESS)) FROM db.vpc_flow_logs
SELECT 'VALUES ''a'', ''b'' AS ARRAY(JSON)' AS "AS window", /* db.cloudtrail_logs */ x FROM t;`;
    assert.equal(athenaToDuckdb(sql), sql.slice(0, -1));
  });

  it('counts only real bind markers', () => {
    assert.equal(countParameterMarkers('SELECT \'?\' , ? -- ?\n, "?", ?'), 2);
  });
});

describe('result normalisation', () => {
  it('gives ISO timestamps, exact numbers, and JSON for nested values', () => {
    assert.equal(isoTimestamp('2026-11-20 14:05:00'), '2026-11-20T14:05:00Z');
    assert.equal(isoTimestamp('2026-11-20 14:05:00.123456+00'), '2026-11-20T14:05:00.123Z');
    assert.equal(isoTimestamp('2026-11-20 14:05:00+02'), '2026-11-20T12:05:00.000Z');
    assert.equal(normalizeCell('42', 16), 42);
    assert.equal(normalizeCell('123456789012345678901', 16), '123456789012345678901');
    assert.equal(normalizeCell('2026-11-20 00:00:00', 12), '2026-11-20T00:00:00Z');
    assert.equal(normalizeCell({ a: [1] }, 25), '{"a":[1]}');
    assert.equal(normalizeCell('1.50', 19), 1.5);
  });
});

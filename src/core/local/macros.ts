// Trino functions Athena queries use that DuckDB lacks (or names differently), as SQL macros created on every
// connection. Written for DuckDB 1.5; each one mirrors the Trino documentation's behaviour for the cases IR queries use.

/** MySQL-style specifiers (Trino date_format/date_parse) → strftime specifiers. */
const MYSQL_TO_STRFTIME = (fmt: string) =>
  `replace(replace(replace(replace(replace(replace(${fmt}, '%i', '%M'), '%s', '%S'), '%T', '%H:%M:%S'), '%h', '%I'), '%f', '%g'), '%r', '%I:%M:%S %p')`;

const SESSION_SETTINGS = [
  "SET TimeZone = 'UTC'",
  // Trino divides bigint by bigint as integers.
  'SET integer_division = true',
];

const TRINO_MACROS: string[] = [
  'from_unixtime(x) AS make_timestamp(CAST(round(CAST(x AS DOUBLE) * 1000000) AS BIGINT))',
  'to_unixtime(ts) AS epoch(ts)',
  'from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'from_iso8601_date(s) AS CAST(s AS DATE)',
  "to_iso8601(ts) AS strftime(CAST(ts AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')",
  'day_of_week(d) AS isodow(d)',
  'dow(d) AS isodow(d)',
  'day_of_year(d) AS dayofyear(d)',
  `date_format(ts, fmt) AS strftime(ts, ${MYSQL_TO_STRFTIME('fmt')})`,
  // Trino date_add(unit, value, timestamp); DuckDB's own date_add(date, interval) stays reachable as the 2-argument form.
  "date_add(unit, n, ts) AS (ts + (n * CAST('1 ' || unit AS INTERVAL))), (d, i) AS d + i",
  // Trino returns NULL when the value at the path is an object or array.
  "json_extract_scalar(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
  'json_format(j) AS CAST(j AS VARCHAR)',
  'json_parse(s) AS CAST(s AS JSON)',
  "json_array_contains(j, v) AS list_contains(json_extract_string(j, '$[*]'), CAST(v AS VARCHAR))",
  'json_size(j, p) AS json_array_length(json_extract(j, p))',
  'approx_distinct(x) AS approx_count_distinct(x)',
  'approx_percentile(x, p) AS approx_quantile(x, p)',
  'regexp_like(s, p) AS regexp_matches(s, p)',
  'cardinality(a) AS len(a)',
  'element_at(a, i) AS a[i]',
  'array_join(a, sep) AS array_to_string(a, sep)',
  'array_max(a) AS list_max(a)',
  'array_min(a) AS list_min(a)',
  'arrays_overlap(a, b) AS list_has_any(a, b)',
  'slice(a, start, n) AS list_slice(a, start, start + n - 1)',
  'sequence(a, b) AS generate_series(a, b)',
  "json_array_get(j, i) AS json_extract(j, '$[' || CAST(i AS VARCHAR) || ']')",
  'regexp_count(s, p) AS len(regexp_extract_all(s, p))',
  'regexp_split(s, p) AS regexp_split_to_array(s, p)',
  'is_nan(x) AS isnan(x)',
  'codepoint(c) AS unicode(c)',
  'last_day_of_month(d) AS last_day(d)',
  'levenshtein_distance(a, b) AS levenshtein(a, b)',
  'hamming_distance(a, b) AS hamming(a, b)',
  "url_extract_host(u) AS regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)', 1)",
];

/** Statements that prepare a fresh connection: session settings, then every macro as a TEMP macro. */
export function connectionSetupStatements(): string[] {
  return [...SESSION_SETTINGS, ...TRINO_MACROS.map(m => `CREATE OR REPLACE TEMP MACRO ${m}`)];
}

// Which result columns a reader wants first. Engines name columns differently (LookupEvents `EventTime`, Athena
// `eventtime`, flow logs `start`), so the rule works on a normalised name: time, then what happened, who did it,
// from where, then the rest in engine order, and bulky raw JSON last. The results grid and the report's summary
// table both order columns with this one rule.

/** Normalised names, most wanted first. */
const RANK: readonly string[][] = [
  ['eventtime', 'time', 'timestamp', 'start', 'windowstart', 'createdat', 'updatedat', 'capturetime'],
  ['eventname', 'action', 'type', 'findingtype', 'operation'],
  ['username', 'principal', 'userarn', 'useridentityarn', 'arn'],
  ['sourceipaddress', 'sourceip', 'srcaddr', 'remoteip'],
  ['dstaddr', 'dstport', 'srcport', 'protocol'],
  ['awsregion', 'region'],
  ['accesskeyid', 'useridentityaccesskeyid'],
  ['errorcode', 'errormessage'],
  ['requestsummary', 'summary', 'title'],
  ['bytes', 'totalbytes', 'sumbytes', 'packets', 'count', 'severity'],
];

/** One-line JSON or nested records: readable only in the row detail, so after the plain columns, before raw JSON. */
const BULKY: ReadonlySet<string> = new Set([
  'requestparameters',
  'responseelements',
  'useridentity',
  'additionaleventdata',
  'resources',
  'useragent',
]);

/** Columns holding a whole record as JSON: useful as evidence, unreadable in a grid, so they go last. */
const RAW: ReadonlySet<string> = new Set(['cloudtrailevent', 'rawevent', 'raw', 'json', 'event', 'finding']);

/** True for a column holding a whole record as JSON (CloudTrailEvent, raw...). */
export function isRawColumn(name: string): boolean {
  return RAW.has(normalisedColumnName(name));
}

export function normalisedColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function rankOf(name: string): number {
  const key = normalisedColumnName(name);
  if (RAW.has(key)) return RANK.length + 3;
  if (BULKY.has(key)) return RANK.length + 2;
  const rank = RANK.findIndex(group => group.includes(key));
  return rank === -1 ? RANK.length + 1 : rank;
}

/** Indexes into `columns` in reading order; ties keep the engine's order. */
export function columnReadingOrder(columns: readonly string[]): number[] {
  return columns
    .map((name, index) => ({ index, rank: rankOf(name) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(c => c.index);
}

/** The first `max` columns in reading order that a summary table should keep (never the raw JSON). */
export function meaningfulColumns(columns: readonly string[], max: number): number[] {
  return columnReadingOrder(columns)
    .filter(i => !isRawColumn(columns[i]))
    .slice(0, max);
}

// Whether a result may be cut short: a LIMIT in the query that the row count reached, or a run stopped at the row
// cap. A responder who reads "100 rows" must know whether there were more.

/** The query's own row limit: the number after the last top-level LIMIT keyword, outside comments and strings. */
export function queryRowLimit(queryText: string): number | undefined {
  const code = queryText
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  // Only a LIMIT that ends the statement limits its result (one inside a sub-query does not).
  const m = /\blimit\s+(\d+)\s*;?\s*$/i.exec(code.trim());
  return m ? Number(m[1]) : undefined;
}

export type CapReason = { kind: 'limit'; limit: number } | { kind: 'rowCap'; rows: number };

/** Why the result may hold fewer rows than the data has, or undefined when it is complete. */
export function capReason(queryText: string, rowCount: number, partialReason?: string): CapReason | undefined {
  if (partialReason === 'row cap') return { kind: 'rowCap', rows: rowCount };
  const limit = queryRowLimit(queryText);
  return limit !== undefined && rowCount > 0 && rowCount >= limit ? { kind: 'limit', limit } : undefined;
}

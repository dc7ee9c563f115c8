#!/usr/bin/env node
// The near-limit reference of bench/local.bench.mjs: one SQL statement over the log files with DuckDB's own readers
// (node-api, default settings), printing the single number it returns. Run in its own process so its memory and
// time are measured alone.
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const result = await conn.runAndReadAll(process.argv[2]);
console.log(String(result.getRows()[0][0]));
conn.closeSync();
instance.closeSync();

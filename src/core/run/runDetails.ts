// Which of an engine's run context a report reader needs (profile, account, Region, data source, what was skipped)
// and which only matters for diagnosis (engine version, peak memory, cache file, file and record counts). The
// latter go into the run's manifest beside the evidence; paths in either are relative to the report.
import * as path from 'node:path';
import { portableRelative } from '../report/headerPaths';

const ENGINE_INTERNALS: ReadonlySet<string> = new Set([
  'engineVersion',
  'enginePeakRssMB',
  'cache',
  'files',
  'loadedFiles',
  'readFrom',
  'cloudTrailEvents',
  'flowRecords',
  'guardDutyFindings',
  'configItems',
]);

/** Counts that say something only when they are not zero. */
const ZERO_IS_NEWS: ReadonlySet<string> = new Set(['skippedRecords', 'skippedFiles', 'invalidUtf8']);

/** Keys whose values are local paths (a list joined by ", " for the data source). */
const PATH_KEYS: ReadonlySet<string> = new Set(['dataSource', 'cache']);

function relativeTo(reportPath: string, value: string): string {
  const dir = path.dirname(reportPath);
  return value
    .split(', ')
    .map(p => (path.isAbsolute(p) ? portableRelative(dir, p) || '.' : p))
    .join(', ');
}

export function splitRunContext(
  context: Record<string, string>,
  reportPath: string,
): { report: Record<string, string>; engine: Record<string, string> } {
  const report: Record<string, string> = {};
  const engine: Record<string, string> = {};
  for (const [key, raw] of Object.entries(context)) {
    const value = PATH_KEYS.has(key) ? relativeTo(reportPath, raw) : raw;
    if (ENGINE_INTERNALS.has(key) || (ZERO_IS_NEWS.has(key) && value === '0')) engine[key] = value;
    else report[key] = value;
  }
  return { report, engine };
}

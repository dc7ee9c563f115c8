// A scenario's logs kept current in a folder: generated once, and again only when what they come from changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION, generateScenarioData, type GenerationSummary } from './generator/generate';
import type { Scenario } from './model';

/** Records what the data folder was generated from; no .json extension so log readers never pick it up. */
const STAMP_FILE = '.irp-tabletop-stamp';

/**
 * Writes the scenario's logs into `dataDir` unless a stamp there shows they were generated from the same data
 * parameters (id, time range, account, regions, story), seed, scale and generator version. Returns the summary when
 * it wrote them, undefined when they were current.
 */
export function ensureScenarioData(
  scenario: Scenario,
  dataDir: string,
  options: { seed?: number; scale?: number } = {},
): GenerationSummary | undefined {
  const { id, start, duration, accountId, regions, story } = scenario;
  const stamp = JSON.stringify({
    generator: GENERATOR_VERSION,
    seed: options.seed ?? scenario.seed,
    scale: options.scale ?? 1,
    sha256: createHash('sha256')
      .update(JSON.stringify({ id, start, duration, accountId, regions, story }))
      .digest('hex'),
  });
  const stampPath = path.join(dataDir, STAMP_FILE);
  if (readOrUndefined(stampPath) === stamp && fs.existsSync(path.join(dataDir, 'AWSLogs'))) return undefined;
  const summary = generateScenarioData(scenario, dataDir, { ...options, replace: true });
  fs.writeFileSync(stampPath, stamp);
  return summary;
}

export function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

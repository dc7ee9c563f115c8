// Which folders the local engine may read as data, decided on real paths (after every symbolic link), before DuckDB
// opens anything. A data source holding credentials would let a shared playbook's query copy them into a report; a
// cache that is (or holds) a data folder would hide the logs from the listing.
import fs from 'node:fs';
import path from 'node:path';
import { QueryFailure } from './queryFailure';

/** Folders (relative to a home folder, but refused wherever they are) where tools keep credentials. */
const CREDENTIAL_FOLDERS = [
  '.aws',
  '.ssh',
  '.gnupg',
  '.docker',
  '.kube',
  '.azure',
  '.oci',
  path.join('.config', 'gcloud'),
];

/** True when `inner` is `outer` or lies inside it (both absolute, real paths). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`; for a path that does not exist yet, the real path of its closest existing parent plus the rest. */
export function realPath(p: string): string {
  const absolute = path.resolve(p);
  try {
    return fs.realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
  }
}

/** The credential folder named `name` inside `dir` (`.aws`, or `.config/gcloud` for `.config`), if it exists. */
export function credentialFolderIn(dir: string, name: string): string | undefined {
  const found = CREDENTIAL_FOLDERS.find(f => f.split(path.sep)[0] === name && fs.existsSync(path.join(dir, f)));
  return found && path.join(dir, found);
}

/** The error for a data source that holds credentials, naming the path and the fix. */
export function unsafeDataSource(source: string, why: string): QueryFailure {
  return new QueryFailure(
    `the data source ${source} ${why}, where credentials live; choose the folder that holds the log ` +
      'files instead, so no query can read them',
    'UnsafeDataSource',
  );
}

function describe(source: string, real: string): string {
  return real === path.resolve(source) ? real : `${source} (a link to ${real})`;
}

/**
 * Refuses, before anything is opened: a data source that is or holds the home folder, one that is or lies inside a
 * credential folder, and a cache folder that is or holds a data source. Credential folders deeper inside
 * a data source are refused while its files are listed (files.ts).
 */
export function checkDataSources(dataSources: string[], cacheDir: string, home: string): void {
  const realHome = realPath(home);
  const cache = realPath(cacheDir);
  for (const source of dataSources.filter(s => fs.existsSync(s))) {
    const real = realPath(source);
    const name = describe(source, real);
    if (isWithin(realHome, real))
      throw unsafeDataSource(name, real === realHome ? 'is your home folder' : 'contains your home folder');
    const parts = real.split(path.sep);
    const inside = CREDENTIAL_FOLDERS.find(f => {
      const folder = f.split(path.sep);
      return parts.some((_, i) => folder.every((part, j) => parts[i + j] === part));
    });
    if (inside) throw unsafeDataSource(name, `lies in a ${inside} folder`);
    // A cache inside a data folder is fine (the listing skips it: a workspace root as data source keeps working); a
    // cache that is or holds a data folder would have the logs skipped as the engine's own files, answering 0 rows.
    if (isWithin(real, cache)) {
      throw new QueryFailure(
        `the cache folder ${cache} ${cache === real ? 'is' : 'holds'} the data source ${name}: the ` +
          'engine would skip the logs as its own files; keep the cache apart from the log folders (irp: --cache <folder> ' +
          'that is not a --data folder or above one)',
        'CacheInDataSource',
      );
    }
  }
}

// Which folders the local engine may read as data, decided on real paths (after every symbolic link), before DuckDB
// opens anything. A data source holding credentials would let a shared playbook's query copy them into a report; a
// cache inside a data folder (or holding one) would mix the engine's own files with the logs.
import fs from 'node:fs';
import path from 'node:path';
import { QueryFailure } from './queryFailure';

/** Folders (relative to a home folder, but refused wherever they are) where tools keep credentials. */
const CREDENTIAL_FOLDERS = ['.aws', '.ssh', '.gnupg', '.docker', '.kube', '.azure', '.oci', path.join('.config', 'gcloud')];

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
  return new QueryFailure(`the data source ${source} ${why}, where credentials live; choose the folder that holds the log `
    + 'files instead, so no query can read them', 'UnsafeDataSource');
}

function describe(source: string, real: string): string {
  return real === path.resolve(source) ? real : `${source} (a link to ${real})`;
}

/**
 * Refuses, before anything is opened: a data source that is or holds the home folder, one that is or lies inside a
 * credential folder, and a cache folder that is, lies inside or holds a data source. Credential folders deeper inside
 * a data source are refused while its files are listed (files.ts).
 */
export function checkDataSources(dataSources: string[], cacheDir: string, home: string): void {
  const realHome = realPath(home);
  const cache = realPath(cacheDir);
  for (const source of dataSources.filter(s => fs.existsSync(s))) {
    const real = realPath(source);
    const name = describe(source, real);
    if (isWithin(realHome, real)) throw unsafeDataSource(name, real === realHome ? 'is your home folder' : 'contains your home folder');
    const parts = real.split(path.sep);
    const inside = CREDENTIAL_FOLDERS.find(f => {
      const folder = f.split(path.sep);
      return parts.some((_, i) => folder.every((part, j) => parts[i + j] === part));
    });
    if (inside) throw unsafeDataSource(name, `lies in a ${inside} folder`);
    if (isWithin(cache, real) || isWithin(real, cache)) {
      const how = cache === real ? 'is' : isWithin(cache, real) ? 'lies inside' : 'holds';
      throw new QueryFailure(`the cache folder ${cache} ${how} the data source ${name}: the engine would read its own `
        + 'files as logs and write beside them; keep the cache apart from the log folders (irp: --cache <folder> outside '
        + 'every --data folder)', 'CacheInDataSource');
    }
  }
}

// Finds the data files under the user's data sources (files or folders, walked recursively), by real path: a symbolic
// link is followed only when it leads to a place inside the same data source, and each real file or folder is listed
// once, so a link loop or two overlapping sources never load the same file twice.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { credentialFolderIn, isWithin, realPath, unsafeDataSource } from '../dataSources';

export interface DataFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Files the engine writes itself, or that can never hold log data. */
const IGNORED = /\.(duckdb|duckdb\.wal|wal|tmp|md|txt\.lock)$/i;

/** The data files found, and what could not be listed (each naming the path). */
export interface Listing {
  files: DataFile[];
  problems: string[];
}

/**
 * Lists the data files. Throws (UnsafeDataSource) when a folder inside a data source holds credentials (`.aws`,
 * `.ssh`...): DuckDB may read anything under a data source, so such a source is refused rather than skipped.
 */
export function listDataFiles(dataSources: string[], cacheDir: string): Listing {
  const files: DataFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const cache = realPath(cacheDir);
  const visit = (real: string, root: string, explicit: boolean) => {
    if (seen.has(real)) return;
    seen.add(real);
    let st: fs.Stats;
    let entries: fs.Dirent[] = [];
    try {
      st = fs.statSync(real);
      if (st.isDirectory()) entries = fs.readdirSync(real, { withFileTypes: true });
    } catch (e) {
      problems.push(`${real}: cannot be read (${e instanceof Error ? e.message : String(e)}); skipped`);
      return;
    }
    if (st.isDirectory()) {
      if (real === cache) return;
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const entryPath = path.join(real, entry.name);
        // Hidden entries (.git, .DS_Store, our own .irp-cache) are not data; credential folders refuse the source.
        if (entry.name.startsWith('.')) {
          const secret = credentialFolderIn(real, entry.name);
          if (secret) throw unsafeDataSource(root, `contains ${path.relative(root, secret)}`);
          continue;
        }
        if (!entry.isSymbolicLink()) {
          visit(entryPath, root, false);
          continue;
        }
        let target: string;
        try {
          target = fs.realpathSync(entryPath);
        } catch {
          problems.push(`${entryPath}: symbolic link to nothing (or a loop); skipped`);
          continue;
        }
        if (isWithin(target, root)) visit(target, root, false);
        else
          problems.push(
            `${entryPath}: symbolic link to ${target}, outside the data source ${root}; not followed ` +
              '(add that folder as a data source of its own if it holds logs)',
          );
      }
    } else if (st.isFile() && (explicit || !IGNORED.test(real))) {
      files.push({ path: real, size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  for (const source of dataSources) {
    let root: string;
    try {
      root = fs.realpathSync(source);
    } catch {
      problems.push(`${source}: data source not found; check the path`);
      continue;
    }
    visit(root, root, true);
  }
  return { files, problems };
}

/**
 * A digest of what a listing found: each file's path, size and modification time, in listing order (stable: every
 * folder is read in name order). The same digest means the same files, unchanged.
 */
export function listingDigest(files: DataFile[]): string {
  const hash = crypto.createHash('sha256');
  // A path never holds a NUL character: the fields cannot run into each other.
  for (const f of files) hash.update(`${f.path}\0${f.size}\0${f.mtimeMs}\n`);
  return hash.digest('hex');
}

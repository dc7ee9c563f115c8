// Finds the data files under the user's data sources (files or folders, walked recursively).
import fs from 'node:fs';
import path from 'node:path';

export interface DataFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Files the engine writes itself, or that can never hold log data. */
const IGNORED = /\.(duckdb|duckdb\.wal|wal|tmp|md|txt\.lock)$/i;

export function listDataFiles(dataSources: string[], cacheDir: string): { files: DataFile[]; problems: string[] } {
  const files: DataFile[] = [];
  const problems: string[] = [];
  const cache = path.resolve(cacheDir);
  const visit = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      problems.push(`${p}: data source not found; check the path`);
      return;
    }
    if (st.isDirectory()) {
      if (path.resolve(p) === cache) return;
      for (const name of fs.readdirSync(p).sort()) {
        // Hidden entries (.git, .DS_Store, our own .irp-cache) are not data.
        if (!name.startsWith('.')) visit(path.join(p, name), false);
      }
    } else if (st.isFile() && (explicit || !IGNORED.test(p))) {
      files.push({ path: path.resolve(p), size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  for (const source of dataSources) visit(source, true);
  return { files, problems };
}

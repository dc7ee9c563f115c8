// Reads the companion `.sql` files a published playbook names by path (`resources/athena-queries-….sql`). Only files
// inside the playbook's own folder are read, symbolic links resolved, and only up to a size no query file reaches.
import * as fs from 'node:fs';
import * as path from 'node:path';

const MAX_COMPANION = 1024 * 1024;

export function companionReader(sourceFile: string): (relativePath: string) => string | undefined {
  const folder = path.dirname(path.resolve(sourceFile));
  return relativePath => {
    if (path.isAbsolute(relativePath) || !relativePath.toLowerCase().endsWith('.sql')) return undefined;
    try {
      const root = fs.realpathSync(folder);
      const file = fs.realpathSync(path.resolve(folder, relativePath));
      if (!file.startsWith(root + path.sep)) return undefined;
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_COMPANION) return undefined;
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}

// Writes an imported playbook: to a temporary file beside the target, then into place in one step, so a reader
// never sees half a file. Without `force` an existing file is never replaced, even one that appears meanwhile.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export class OutputExistsError extends Error {
  constructor(readonly target: string) {
    super(`"${target}" already exists; choose another output file or replace it with --force`);
    this.name = 'OutputExistsError';
  }
}

export async function writePlaybookFile(target: string, text: string, force: boolean): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (force) {
      await fs.rename(temp, target);
      return;
    }
    // A hard link fails when the target exists, where a rename would replace it.
    await fs.link(temp, target).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'EEXIST' ? new OutputExistsError(target) : e;
    });
  } finally {
    await fs.rm(temp, { force: true });
  }
}

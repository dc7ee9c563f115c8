// Writes a playbook file (an import, or validate --fix) with the project's one atomic writer (core/fs/atomicWrite):
// a reader never sees half a file. Without `force` an existing file is never replaced, even one that appears meanwhile.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PendingFile } from '../fs/atomicWrite';

export class OutputExistsError extends Error {
  constructor(readonly target: string) {
    super(`"${target}" already exists; choose another output file or replace it with --force`);
    this.name = 'OutputExistsError';
  }
}

export async function writePlaybookFile(target: string, text: string, force: boolean): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const file = await PendingFile.start(target);
  await file.write(Buffer.from(text, 'utf8'));
  await file.finish();
  if (force) return file.commit();
  try {
    if (!(await file.publish())) throw new OutputExistsError(target);
  } finally {
    await file.discard();
  }
}

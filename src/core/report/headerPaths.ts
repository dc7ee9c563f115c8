// The one rule for paths a report header stores (the playbook, the data sources): relative to the report's own folder,
// with "/" on every platform. irp and the extension write and read them alike, so each opens the other's reports, and
// an incidents folder moved together with what it points at keeps working.
import path from 'node:path';

/** `target` (an absolute path) relative to `folder`, with "/": how a report in `folder` names it (settings use it too). */
export function portableRelative(folder: string, target: string): string {
  return path.relative(folder, target).split(path.sep).join('/');
}

// Importing AWS's published playbooks: the entry points the CLI and the extension use.
export { importPlaybook, type ImportCounts, type ImportOptions, type ImportResult } from './importPlaybook';
export { companionReader } from './companionReader';
export { OutputExistsError, writePlaybookFile } from './writeOutput';
export type { Unmapped } from './context';

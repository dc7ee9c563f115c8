// The playbook a report follows, for the report commands that use it when they can (lint, migrate): the header's
// path is relative to the report's folder (older reports named it relative to the workspace, here the working
// directory). A playbook that cannot be read or parsed is simply not used.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Playbook } from '../../core/playbook/model';
import { parsePlaybook } from '../../core/playbook/parser';
import type { ReportHeader } from '../../core/report/model';

export function reportPlaybook(reportPath: string, header: ReportHeader, cwd: string): Playbook | undefined {
  if (header.playbookPath === '') return undefined;
  const candidates = [
    path.resolve(path.dirname(reportPath), header.playbookPath),
    path.resolve(cwd, header.playbookPath),
  ];
  const file = candidates.find(f => existsSync(f));
  if (!file) return undefined;
  try {
    return parsePlaybook(readFileSync(file, 'utf8')).playbook;
  } catch {
    return undefined;
  }
}

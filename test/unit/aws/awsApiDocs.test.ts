import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECTIONS } from '../../../src/core/aws/api/projections';
import { ACTION_RULES, AWS_SERVICES } from '../../../src/core/playbook/awsOperations';
import { REPO_ROOT } from '../playbook/helpers';

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** Table rows of a markdown text as cells. */
const tableRows = (markdown: string) =>
  markdown
    .split('\n')
    .filter(line => line.startsWith('| ') && !line.startsWith('| ---'))
    .map(line => line.slice(2, -2).split(' | '));

describe('The documentation lists every allowed AWS call as the code has it', () => {
  const reads = Object.entries(AWS_SERVICES).flatMap(([service, info]) => info.reads.map(op => `${service}:${op}`));

  it('docs/AWS-API.md: one projection row per read, with the columns the rows have', () => {
    const documented = new Map<string, string[]>();
    for (const [call, , columns] of tableRows(read('docs/AWS-API.md'))) {
      const m = /^([a-z0-9]+) (\w+(?:, \w+)*)$/.exec(call ?? '');
      if (!m || columns === undefined) continue;
      // Notes in parentheses explain a column; they are not columns.
      const names = columns.replace(/\s*\([^)]*\)/g, '').split(', ');
      for (const op of m[2].split(', ')) documented.set(`${m[1]}:${op}`, names);
    }
    for (const key of reads) {
      assert.deepEqual(
        documented.get(key),
        PROJECTIONS[key].columns.map(([name]) => name),
        `${key} in docs/AWS-API.md`,
      );
    }
  });

  it('playbooks/FORMAT.md names every read and every action', () => {
    const format = read('playbooks/FORMAT.md');
    const readTable = new Map(tableRows(format).map(([service, ops]) => [service, ops ?? '']));
    for (const key of reads) {
      const [service, op] = key.split(':');
      assert.match(readTable.get(`\`${service}\``) ?? '', new RegExp(`\\b${op}\\b`), `${key} in FORMAT.md`);
    }
    const actionRows = new Set(tableRows(format).map(([call]) => call));
    for (const key of Object.keys(ACTION_RULES)) {
      const [service, op] = key.split(':');
      assert.ok(actionRows.has(`\`${service}\` ${op}`), `${key} in FORMAT.md's action table`);
    }
  });
});

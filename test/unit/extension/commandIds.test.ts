// The command ids the code uses and the ones package.json contributes are the same set, and every menu entry names one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_IDS } from '../../../src/extension/commands/commandIds';

interface Manifest {
  contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string }>> };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as Manifest;

describe('command ids', () => {
  it('are exactly the commands package.json contributes', () => {
    assert.deepEqual([...COMMAND_IDS].sort(), manifest.contributes.commands.map(c => c.command).sort());
  });

  it('are the only commands the menus name', () => {
    const known = new Set<string>(COMMAND_IDS);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries)
        assert.ok(known.has(entry.command), `${menu} names ${entry.command}, which is not a command`);
    }
  });
});

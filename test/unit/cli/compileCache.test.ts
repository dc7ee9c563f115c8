// The code cache of irp's bundles: used by the next run, never for a bundle that changed, and never kept in a folder
// another account can write to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { privateCacheFolder } from '../../../src/cli/compileCache';

const MODULE = path.resolve(__dirname, '../../../src/cli/compileCache.js');

interface Run {
  value: string;
  used: number;
  written: number;
}

/** A child Node that caches the bundles in `bundles` in `folder` and requires their main.js. */
function run(bundles: string, folder: string): Run {
  const script = `const cache = require(${JSON.stringify(MODULE)});
    cache.cacheCompiledBundles(${JSON.stringify(bundles)}, ${JSON.stringify(folder)});
    const value = require(${JSON.stringify(path.join(bundles, 'main.js'))});
    process.on('exit', () => console.log(JSON.stringify({ value, ...cache.compileCacheUse })));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Run;
}

describe('irp compile cache', () => {
  const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'irp-compile-cache-'));

  it('is written by the first run and used by the next, with each bundle run as it is', () => {
    const bundles = temp();
    const folder = temp();
    // A shebang, requires of sibling bundles and __dirname, as in cli.js; one bundle's name starts with another's, as
    // local-engine.js and local-engine-worker.js do.
    fs.writeFileSync(
      path.join(bundles, 'main.js'),
      "#!/usr/bin/env node\nmodule.exports = require('./part.js').answer + require('./part-two.js').answer + ':' + " +
        "require('node:path').basename(__dirname);\n",
    );
    fs.writeFileSync(path.join(bundles, 'part.js'), 'exports.answer = 40;\n');
    fs.writeFileSync(path.join(bundles, 'part-two.js'), 'exports.answer = 2;\n');
    const expected = `42:${path.basename(bundles)}`;
    assert.deepEqual(run(bundles, folder), { value: expected, used: 0, written: 3 });
    assert.deepEqual(run(bundles, folder), { value: expected, used: 3, written: 0 });

    // The same length, other code: V8 would take the old cache for it, the digest in the name does not.
    fs.writeFileSync(path.join(bundles, 'part.js'), 'exports.answer = 41;\n');
    assert.deepEqual(run(bundles, folder), { value: `43:${path.basename(bundles)}`, used: 2, written: 1 });
    // One cache a bundle: part.js's older one is gone, part-two.js's is kept.
    assert.deepEqual(
      fs
        .readdirSync(folder)
        .map(c => c.replace(/-[0-9a-f]{32}\.v8$/, ''))
        .sort(),
      ['main', 'part', 'part-two'],
    );
    assert.deepEqual(run(bundles, folder), { value: `43:${path.basename(bundles)}`, used: 3, written: 0 });
  });

  it('keeps its cache only in a folder no other account can write to', function () {
    if (process.platform === 'win32') this.skip();
    const base = temp();
    const folder = privateCacheFolder(base) ?? assert.fail('no folder made');
    assert.ok(folder.startsWith(path.join(base, 'ir-playbook-companion')));
    assert.equal(fs.statSync(folder).mode & 0o077, 0);
    fs.chmodSync(folder, 0o777);
    assert.equal(privateCacheFolder(base), undefined);
  });
});

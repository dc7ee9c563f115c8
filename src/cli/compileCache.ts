// V8's code cache for irp's own bundles. Compiling them (about 2 MB of JavaScript) took about 40 ms of every command,
// a twentieth of a warm local lookup and a tenth of the flow-log top talkers. The compiled code is kept per user and
// reused while a bundle is byte for byte the same. Node 22.1 and later do this themselves (module.enableCompileCache).
import crypto from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** What the cache did in this process (for tests and diagnostics). */
export const compileCacheUse = { used: 0, written: 0 };

/** The user's cache folder: XDG_CACHE_HOME, LOCALAPPDATA on Windows, else ~/.cache. */
function cacheBase(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return process.env.LOCALAPPDATA;
  return path.join(os.homedir(), '.cache');
}

/**
 * The folder for this Node's cached code under `base`, made if needed; undefined unless this user owns it and no one
 * else can write to it: cached code runs as code, so no other account may put a file there.
 */
export function privateCacheFolder(base: string): string | undefined {
  try {
    const dir = path.join(base, 'ir-playbook-companion', `v8-${process.version}-${process.arch}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    const owned = !process.getuid || st.uid === process.getuid();
    const closed = process.platform === 'win32' || (st.mode & 0o022) === 0;
    return st.isDirectory() && owned && closed ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A cache file's name: the bundle's name and a digest of its source. */
const CACHE_NAME = /^(.+)-[0-9a-f]{32}\.v8$/;

/** Writes `data` to `file` whole or not at all (another irp may be reading it), and drops the bundle's older caches. */
function writeCache(file: string, data: Buffer): void {
  const bundle = CACHE_NAME.exec(path.basename(file))?.[1];
  try {
    for (const name of fs.readdirSync(path.dirname(file)))
      if (CACHE_NAME.exec(name)?.[1] === bundle) fs.rmSync(path.join(path.dirname(file), name));
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
    compileCacheUse.written++;
  } catch {
    // A full disk or a read-only home: the next run compiles again.
  }
}

/** The cache in `file`, or undefined when there is none yet (one read: this runs for every bundle of every command). */
function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Compiles the modules in `bundleDir` with the code cache in `folder`. V8 checks a cache against the source's length
 * only, so each cache is named by a digest of the source. The cache is written at exit, after the run compiled the
 * functions it called, so that they are cached too.
 */
export function cacheCompiledBundles(bundleDir: string, folder: string): void {
  const proto = Module.prototype as unknown as CompilingModule;
  const compile = proto._compile;
  const pending: Array<() => void> = [];
  proto._compile = function (this: CompilingModule, content: string, filename: string) {
    if (path.dirname(filename) !== bundleDir) return compile.call(this, content, filename);
    // The shebang of cli.js becomes a comment on the same line: the wrapped source is not the script's start.
    const source = Module.wrap(content.startsWith('#!') ? `//${content}` : content);
    const digest = crypto.createHash('sha256').update(source).digest('hex').slice(0, 32);
    const file = path.join(folder, `${path.basename(filename, '.js')}-${digest}.v8`);
    const cachedData = readCache(file);
    const script = new vm.Script(source, { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) compileCacheUse.used++;
    else pending.push(() => writeCache(file, script.createCachedData()));
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    const dir = path.dirname(filename);
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dir);
  };
  process.once('exit', () => pending.forEach(write => write()));
}

/** Turns the code cache on for the bundles in `bundleDir` (NODE_DISABLE_COMPILE_CACHE turns it off, as in Node). */
export function enableCompileCache(bundleDir: string): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const builtin = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (builtin) {
    builtin();
    return;
  }
  const folder = privateCacheFolder(cacheBase());
  if (folder) cacheCompiledBundles(bundleDir, folder);
}

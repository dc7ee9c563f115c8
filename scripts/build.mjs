// Bundles every entry point with esbuild. Type checking is `npm run typecheck` (tsc), kept separate so a build
// stays fast and a type error is reported once, by the tool made for it.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Native or host-provided modules are loaded at run time, never bundled.
const nodeExternals = ['vscode', '@duckdb/node-api', '@duckdb/node-bindings'];

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };

// The AWS SDK and the local engine are big and only needed when a query runs. The extension and the CLI import them
// with a dynamic import(); this plugin turns those imports into requires of their own bundles, so activation never loads them.
const LAZY_MODULES = { 'core/aws/index': './aws.js', 'core/local/index': './local-engine.js' };
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /core\/(aws|local)\/index(\.js)?$/ }, args => {
      if (args.kind !== 'dynamic-import') return undefined;
      const key = Object.keys(LAZY_MODULES).find(k => args.path.replace(/\.js$/, '').endsWith(k));
      return key ? { path: LAZY_MODULES[key], external: true } : undefined;
    });
  },
};

// Each service the AWS API engine calls gets its own bundle, loaded when a block first calls that service: a CloudTrail
// lookup never parses the EC2 client. STS stays in the AWS bundle, which uses it for every session.
const SDK_CLIENTS = [
  'guardduty',
  'config-service',
  'ec2',
  'iam',
  'cloudwatch',
  'eventbridge',
  'securityhub',
  'lambda',
  's3',
  'rds',
];
const sdkClients = {
  name: 'sdk-clients',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/client-[a-z0-9-]+$/ }, args => {
      const name = args.path.slice('@aws-sdk/client-'.length);
      if (args.kind !== 'dynamic-import' || !SDK_CLIENTS.includes(name)) return undefined;
      return { path: `./aws-sdk-${name}.js`, external: true };
    });
  },
};
const sdkClientEntries = Object.fromEntries(SDK_CLIENTS.map(name => [`aws-sdk-${name}`, `@aws-sdk/client-${name}`]));

const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    plugins: [lazyModules],
    supported: { 'dynamic-import': false },
  },
  {
    ...common,
    entryPoints: { aws: 'src/core/aws/index.ts', 'local-engine': 'src/core/local/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    plugins: [sdkClients],
    supported: { 'dynamic-import': false },
  },
  { ...common, entryPoints: sdkClientEntries, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' },
  {
    ...common,
    // cli.js is the small entry that turns the compile cache on before it loads the CLI's bundle (src/cli/entry.ts).
    // The thread that formats large results (src/cli/pageFormatter.ts) loads its own small bundle beside cli.js.
    entryPoints: {
      cli: 'src/cli/entry.ts',
      'cli-main': 'src/cli/main.ts',
      rowsFormatWorker: 'src/cli/rowsFormatWorker.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: [...nodeExternals, './cli-main.js'],
    banner: { js: '#!/usr/bin/env node' },
    // A warm `irp lookup --data` is mostly process start: the CLI loads the AWS side only for AWS commands.
    plugins: [lazyModules, sdkClients],
    supported: { 'dynamic-import': false },
  },
  {
    ...common,
    entryPoints: { 'local-engine-worker': 'src/core/local/worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // DuckDB's JavaScript API is bundled into the worker (only the native bindings load at run time): resolving and
    // compiling its 180 files was about half of a worker's start, paid by every warm `irp` query.
    external: nodeExternals.filter(m => m !== '@duckdb/node-api'),
  },
  {
    ...common,
    entryPoints: { 'webview/step': 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css', '.ttf': 'file' },
  },
].filter(t => Object.values(t.entryPoints).every(p => p.startsWith('@aws-sdk/') || fs.existsSync(p)));

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map(t => esbuild.build(t)));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

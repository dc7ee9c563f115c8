// Loaded by the extension host as a "test suite": times the activation of our extension and, as the baseline in the
// same host, of VS Code's built-in markdown extension. The workspace is empty, so neither was activated before.
const fs = require('fs');
const vscode = require('vscode');

async function timeActivation(id) {
  const extension = vscode.extensions.getExtension(id) ?? vscode.extensions.all.find(e => e.packageJSON.name === id);
  if (!extension) throw new Error(`extension ${id} not found`);
  if (extension.isActive) throw new Error(`extension ${id} was already active`);
  const started = performance.now();
  await extension.activate();
  return performance.now() - started;
}

exports.run = async function run() {
  const ours = await timeActivation('ir-playbook-companion');
  const baseline = await timeActivation('vscode.markdown-language-features');
  fs.writeFileSync(process.env.IRP_BENCH_OUT, JSON.stringify({ oursMs: ours, baselineMs: baseline }));
};

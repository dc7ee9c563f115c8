// The display language reaches the extension: its manifest strings (package.nls.<lang>.json) and the texts it gives
// vscode.l10n.t (l10n/bundle.l10n.<lang>.json). run.mjs runs this file once in English with the whole suite, and once
// more in a host started with `--locale zh-cn` (IRP_EXPECT_LANGUAGE=zh-cn); no language pack is installed, so VS
// Code's own UI stays English, but the extension's files are chosen by the locale alone.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXPECTED: Record<string, { cancel: string; progress: string; startIncident: string; view: string }> = {
  en: {
    cancel: 'Cancel',
    progress: '3 of 7 questions answered',
    startIncident: 'Start Incident from Playbook…',
    view: 'Incident',
  },
  'zh-cn': { cancel: '取消', progress: '已回答 3/7 个问题', startIncident: '从剧本开始事件…', view: '事件' },
};

describe('the display language', () => {
  const language = process.env.IRP_EXPECT_LANGUAGE ?? 'en';
  // VS Code loads an extension's l10n bundle when it activates it; with the reports folder elsewhere nothing in the
  // workspace activates it before this file runs.
  before(async () => {
    await vscode.extensions.all.find(e => e.packageJSON.name === 'ir-playbook-companion')?.activate();
  });
  const expected = EXPECTED[language];

  it(`is ${language} in the extension host`, () => {
    assert.ok(expected, `no expectations for ${language}`);
    assert.strictEqual(vscode.env.language, language);
  });

  it("picks the extension's l10n bundle for it, placeholders filled", () => {
    assert.strictEqual(vscode.l10n.t('Cancel'), expected.cancel);
    assert.strictEqual(vscode.l10n.t('{0} of {1} questions answered', 3, 7), expected.progress);
  });

  it('picks the manifest strings for it (command titles, view names)', () => {
    // A translated manifest string reads as { original, value }; an English one as the plain text.
    const text = (s: string | { value: string } | undefined) => (typeof s === 'object' ? s.value : s);
    const extension = vscode.extensions.all.find(e => e.packageJSON.name === 'ir-playbook-companion');
    assert.ok(extension, 'the extension under test is not loaded');
    const manifest = extension.packageJSON as {
      contributes: {
        commands: { command: string; title: string | { value: string } }[];
        views: Record<string, { id: string; name: string | { value: string } }[]>;
      };
    };
    const command = manifest.contributes.commands.find(c => c.command === 'irPlaybook.startIncident');
    assert.strictEqual(text(command?.title), expected.startIncident);
    const view = Object.values(manifest.contributes.views)
      .flat()
      .find(v => v.id === 'irPlaybook.incident');
    assert.strictEqual(text(view?.name), expected.view);
  });
});

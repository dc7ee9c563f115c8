// The debrief in a page of its own: the score, what was found where, and what the missed findings were. Read-only
// and without scripts; the same markdown is in the report's exercise section.
import * as vscode from 'vscode';
import { renderMarkdown } from '../../core/report/export/markdown';
import { encodeLine } from '../../core/report/escape';
import { Disposable } from '../lifecycle';
import { pageHtml } from './pageHtml';

const VIEW_TYPE = 'irPlaybook.debrief';

export class DebriefPanel extends Disposable {
  private static instance: DebriefPanel | undefined;
  private readonly panel: vscode.WebviewPanel;

  private constructor() {
    super();
    this.panel = this._register(
      vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Debrief'), vscode.ViewColumn.Active, {
        enableScripts: false,
        localResourceRoots: [],
      }),
    );
    this._register(this.panel.onDidDispose(() => this.dispose()));
  }

  /** Shows `debrief` (markdown) under the exercise's title; returns the page's HTML. */
  static show(title: string, debrief: string): string {
    let panel = DebriefPanel.instance;
    if (!panel || panel.isDisposed) {
      panel = new DebriefPanel();
      DebriefPanel.instance = panel;
    } else {
      panel.panel.reveal();
    }
    panel.panel.title = vscode.l10n.t('Debrief: {0}', title);
    panel.panel.webview.html = pageHtml(title, renderMarkdown(`# ${encodeLine(title)}\n\n${debrief}`));
    return panel.panel.webview.html;
  }

  override dispose(): void {
    if (DebriefPanel.instance === this) DebriefPanel.instance = undefined;
    super.dispose();
  }
}

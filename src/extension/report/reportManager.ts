// Which incident report is open, and keeping its session in step with the file: edits in any editor, saves from
// outside, renames and deletes. The tree and the step panels listen here; nothing else stores incident state.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { Disposable } from '../lifecycle';
import { ReportMissingError, ReportSession } from './reportSession';
import { isReportUri, openDocument, reportsGlob } from './workspaceFiles';

const LAST_REPORT_KEY = 'irPlaybook.lastReport';
const REPARSE_DELAY_MS = 150;

export class ReportManager extends Disposable {
  private session: ReportSession | undefined;
  private sessionListeners: vscode.Disposable[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<ReportSession | undefined>());
  private reparseTimer: ReturnType<typeof setTimeout> | undefined;
  private missingPromptOpen = false;
  private readonly opening = new Map<string, Promise<ReportSession>>();
  /** Reports being opened on purpose (a command, a restore): editor events wait until they are shown. */
  private explicitOpens = 0;
  /** Fires when another report becomes current, or the current one's state changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
    [
      vscode.workspace.onDidChangeTextDocument(e => this.isCurrent(e.document.uri) && this.scheduleReparse(e.document)),
      vscode.workspace.onDidRenameFiles(e => this.followRenames(e.files)),
      vscode.workspace.onDidDeleteFiles(e => e.files.some(f => this.isCurrentOrInside(f)) && void this.reportMissing()),
      vscode.window.onDidChangeActiveTextEditor(e => e && this.adoptIfReport(e.document.uri)),
    ].forEach(d => this._register(d));
    this.watchReportsFolder();
  }

  get current(): ReportSession | undefined {
    return this.session;
  }

  /** Reopens the report that was current before the window reloaded, if it is still there. */
  async restore(): Promise<void> {
    const last = this.memento.get<string>(LAST_REPORT_KEY);
    if (!last || this.session) return;
    try {
      await this.open(vscode.Uri.parse(last));
    } catch {
      await this.memento.update(LAST_REPORT_KEY, undefined);
    }
  }

  /** Makes a report current; throws an Error in plain words when it cannot be read. */
  async open(uri: vscode.Uri, options: { show?: boolean } = {}): Promise<ReportSession> {
    // Until this report is read and its editor shown, an editor event from the one before must not take over.
    this.explicitOpens++;
    try {
      if (!this.isCurrent(uri)) {
        // Restoring after a reload opens the same report from several places at once: one session for all of them.
        const key = uri.toString();
        let opening = this.opening.get(key);
        if (!opening) {
          opening = ReportSession.open(uri)
            .then(async session => {
              await this.replace(session);
              return session;
            })
            .finally(() => this.opening.delete(key));
          this.opening.set(key, opening);
        }
        await opening;
      }
      if (options.show) await vscode.window.showTextDocument(uri, { preserveFocus: true, preview: false });
      return this.session!;
    } finally {
      this.explicitOpens--;
    }
  }

  async close(): Promise<void> {
    await this.replace(undefined);
  }

  /** Writes every change still waiting for the typing delay (panel closed, window closing). */
  async flush(): Promise<void> {
    await this.session?.flush();
  }

  private async replace(session: ReportSession | undefined): Promise<void> {
    if (this.session) {
      await this.session.flush();
      this.sessionListeners.forEach(d => d.dispose());
      this.session.dispose();
    }
    this.session = session;
    this.sessionListeners = session
      ? [session.onDidChange(() => this.changed.fire(session)), session.onDidFailWrite(e => this.writeFailed(e))]
      : [];
    await this.memento.update(LAST_REPORT_KEY, session?.uri.toString());
    await this.updateContext();
    this.changed.fire(session);
  }

  private async updateContext(): Promise<void> {
    const state = this.session?.state;
    await vscode.commands.executeCommand('setContext', 'irPlaybook.incidentOpen', !!this.session);
    await vscode.commands.executeCommand('setContext', 'irPlaybook.exerciseOpen', state?.header.mode === 'exercise');
  }

  private isCurrent(uri: vscode.Uri): boolean {
    return !!this.session && this.session.uri.toString() === uri.toString();
  }

  private isCurrentOrInside(uri: vscode.Uri): boolean {
    return !!this.session && (this.isCurrent(uri) || this.session.uri.toString().startsWith(`${uri.toString()}/`));
  }

  private scheduleReparse(document: vscode.TextDocument): void {
    if (this.reparseTimer) clearTimeout(this.reparseTimer);
    this.reparseTimer = setTimeout(() => this.session?.accept(document.getText()), REPARSE_DELAY_MS);
  }

  private watchReportsFolder(): void {
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(reportsGlob()));
    [
      // Saved by another program: re-read, unless the user has unsaved edits open (their editor is the truth then).
      watcher.onDidChange(uri => {
        if (!this.isCurrent(uri)) return;
        if (!openDocument(uri)?.isDirty)
          void vscode.workspace.fs.readFile(uri).then(
            b => this.session?.accept(new TextDecoder().decode(b)),
            () => undefined,
          );
      }),
      watcher.onDidDelete(uri => this.isCurrent(uri) && void this.reportMissing()),
    ].forEach(d => this._register(d));
  }

  private followRenames(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): void {
    const session = this.session;
    if (!session) return;
    for (const { oldUri, newUri } of files) {
      const old = oldUri.toString();
      const now = session.uri.toString();
      if (now === old || now.startsWith(`${old}/`)) {
        session.moveTo(vscode.Uri.parse(newUri.toString() + now.slice(old.length)));
        void this.memento.update(LAST_REPORT_KEY, session.uri.toString());
      }
    }
  }

  private adoptIfReport(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || this.isCurrent(uri) || !isReportUri(uri) || !isInFront(uri)) return;
    // A report the user brings to the front becomes the current incident; a markdown file that is not one is ignored.
    // The event can arrive late: by the time the report is read another one may have been opened on purpose, or
    // brought to the front. The report being opened, or the editor now in front, decides then.
    void ReportSession.open(uri)
      .then(async session => {
        if (this.explicitOpens > 0 || !isInFront(uri) || this.isCurrent(uri)) session.dispose();
        else await this.replace(session);
      })
      .catch(() => undefined);
  }

  private writeFailed(error: unknown): void {
    if (error instanceof ReportMissingError) {
      void this.reportMissing();
      return;
    }
    void ui.showErrorMessage(error instanceof Error ? error.message : String(error));
  }

  /** The report file vanished while open: say so, and offer to keep what is in memory somewhere else. */
  private async reportMissing(): Promise<void> {
    const session = this.session;
    if (!session || this.missingPromptOpen) return;
    this.missingPromptOpen = true;
    try {
      const saveAs = vscode.l10n.t('Save As…');
      const closeIncident = vscode.l10n.t('Close Incident');
      const choice = await ui.showWarningMessage(
        vscode.l10n.t(
          'The incident report {0} was deleted or moved outside VS Code. Its latest state is still in memory: save it elsewhere to keep working, or close the incident.',
          session.name,
        ),
        { modal: false },
        saveAs,
        closeIncident,
      );
      if (choice === saveAs) {
        const target = await ui.showSaveDialog({ defaultUri: session.uri, filters: { Markdown: ['md'] } });
        if (target) {
          await session.saveAs(target);
          await this.memento.update(LAST_REPORT_KEY, target.toString());
          await vscode.window.showTextDocument(target, { preview: false });
        }
      } else if (choice === closeIncident) {
        await this.close();
      }
    } finally {
      this.missingPromptOpen = false;
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.reparseTimer) clearTimeout(this.reparseTimer);
    this.sessionListeners.forEach(d => d.dispose());
    this.session?.dispose();
    super.dispose();
  }
}

function isInFront(uri: vscode.Uri): boolean {
  return vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
}

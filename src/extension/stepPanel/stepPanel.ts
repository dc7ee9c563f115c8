// The step webview panels. By default one panel shows one step at a time and moves on to the next step asked for (a
// setting opens each step beside the others); a panel with a query running keeps its step. The page is rebuilt
// whenever it becomes visible again (no retained context): it restores its own scroll and filters, the host re-sends
// the step and the rows it holds, and the page asks for each query's last recorded result (read from its evidence).
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { Disposable } from '../lifecycle';
import type { HostToWebview, WebviewToHost } from '../../shared/messages';
import { answerRequest } from './requests';
import { readSettings } from '../settings';
import { dataModeOf, type Features } from '../features';
import type { ReportSession } from '../report/reportSession';
import { panelHtml } from './html';
import { NamedQueryCatalog } from './namedQueries';
import { QueryRuns } from './queryRuns';
import { findStep } from '../../core/playbook/parser';
import { evidencePathByName, resolveEvidencePath } from '../../core/run/index';
import { buildStepView } from './stepView';
import { addFindingsFromRows } from '../findings/addFindings';

export const STEP_VIEW_TYPE = 'irPlaybook.step';
/** globalState key: whether step guidance is shown collapsed (the page's choice, kept for every step). */
const GUIDANCE_COLLAPSED_KEY = 'irPlaybook.stepPanel.guidanceCollapsed';

/** What the serializer gets back after a reload: enough to find the report and the step again. */
export interface PanelState {
  reportUri?: string;
  stepId?: string;
}

export class StepPanel extends Disposable {
  private static readonly panels = new Map<string, StepPanel>();
  private static readonly activated = new vscode.EventEmitter<string>();
  /** The panel the user looked at last: the one a step opened from the tree moves into. */
  private static lastActive: StepPanel | undefined;
  /** Fires with the step id when a step panel becomes the active editor (the tree selects that step). */
  static readonly onDidActivate = StepPanel.activated.event;
  private runs: QueryRuns;
  private namedQueries: NamedQueryCatalog;
  private sendTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly posted = new vscode.EventEmitter<HostToWebview>();
  /** Every message sent to the page (the test API listens here). */
  readonly onDidPost = this.posted.event;

  /**
   * Shows the panel of a step of the current report. Unless steps open side by side (a setting), an open panel moves
   * to the step: `from` (the panel the request came from) or the one used last, when no query of it is running.
   */
  static createOrShow(features: Features, stepId: string, from?: StepPanel): StepPanel {
    const existing = StepPanel.panels.get(stepId);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const reusable = readSettings().openStepsSideBySide ? undefined : (from ?? StepPanel.lastActive);
    if (reusable && !reusable.isDisposed && !reusable.runs.anyRunning()) {
      reusable.showStep(stepId);
      reusable.panel.reveal(undefined, false);
      return reusable;
    }
    const title = (features.reports.current && findStep(features.reports.current.playbook, stepId)?.title) ?? stepId;
    const panel = vscode.window.createWebviewPanel(
      STEP_VIEW_TYPE,
      title,
      vscode.ViewColumn.Active,
      StepPanel.options(features),
    );
    return new StepPanel(features, panel, stepId);
  }

  /** Rebuilds a panel VS Code restored after a reload; reopens its report if no incident is open yet. */
  static async revive(features: Features, panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    if (!state?.stepId) {
      panel.dispose();
      return;
    }
    if (state.reportUri && !features.reports.current) {
      await features.reports.open(vscode.Uri.parse(state.reportUri)).catch(() => undefined);
    }
    panel.webview.options = StepPanel.options(features);
    StepPanel.panels.get(state.stepId)?.panel.dispose();
    new StepPanel(features, panel, state.stepId);
  }

  static get(stepId: string): StepPanel | undefined {
    return StepPanel.panels.get(stepId);
  }

  static all(): StepPanel[] {
    return [...StepPanel.panels.values()];
  }

  private static options(features: Features): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = features.context.extensionUri;
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')],
    };
  }

  private constructor(
    private readonly features: Features,
    readonly panel: vscode.WebviewPanel,
    private currentStepId: string,
  ) {
    super();
    StepPanel.panels.set(currentStepId, this);
    StepPanel.lastActive = this;
    this.namedQueries = new NamedQueryCatalog(features, m => this.post(m));
    this.runs = new QueryRuns(features, currentStepId, this.namedQueries, m => this.post(m));
    panel.iconPath = vscode.Uri.joinPath(features.context.extensionUri, 'media', 'step.svg');
    panel.webview.html = panelHtml(panel.webview, features.context.extensionUri);
    for (const d of [
      this.posted,
      { dispose: () => this.runs.dispose() },
      { dispose: () => this.namedQueries.dispose() },
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(e => {
        if (!e.webviewPanel.active) return;
        StepPanel.lastActive = this;
        StepPanel.activated.fire(this.stepId);
      }),
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.handleMessage(m)),
      features.reports.onDidChange(() => this.scheduleSend()),
      // Another data mode offers other blocks (a local variant replaces its Athena block).
      vscode.workspace.onDidChangeConfiguration(
        e => e.affectsConfiguration('irPlaybook.engine.mode') && this.scheduleSend(),
      ),
    ])
      this._register(d);
  }

  get stepId(): string {
    return this.currentStepId;
  }

  /** Moves this panel to another step: the old step's results and named queries go, the page draws the new step. */
  private showStep(stepId: string): void {
    if (StepPanel.panels.get(this.currentStepId) === this) StepPanel.panels.delete(this.currentStepId);
    this.runs.dispose();
    this.namedQueries.dispose();
    this.currentStepId = stepId;
    StepPanel.panels.set(stepId, this);
    this.namedQueries = new NamedQueryCatalog(this.features, m => this.post(m));
    this.runs = new QueryRuns(this.features, stepId, this.namedQueries, m => this.post(m));
    this.sendStep();
    // The tree follows the panel to its new step, as it does when a panel becomes active.
    if (this.panel.active) StepPanel.activated.fire(stepId);
  }

  private get session(): ReportSession | undefined {
    return this.features.reports.current;
  }

  /** Handles one message from the page; public so tests can drive the panel without a browser. */
  async handleMessage(message: WebviewToHost): Promise<void> {
    const session = this.session;
    if (message.type === 'ready') {
      this.sendStep();
      this.namedQueries.resend();
      this.runs.resend();
      return;
    }
    if (!session) return;
    switch (message.type) {
      case 'setStatus':
        await session.setStatus(this.stepId, message.status);
        break;
      case 'setChecklist':
        session.editStep(this.stepId, `check:${message.itemId}`, s => {
          s.checklist[message.itemId] = message.checked;
        });
        break;
      case 'setAnswer':
        session.editStep(this.stepId, `answer:${message.questionId}`, s => {
          s.answers[message.questionId] = message.value;
        });
        break;
      case 'setNotes':
        session.editStep(this.stepId, 'notes', s => {
          s.notes = message.value;
        });
        break;
      case 'setParameter':
        session.setParameter(message.name, message.value);
        break;
      case 'run':
        await answerRequest(
          message,
          () => this.runs.run(session, message.queryId),
          m => this.post(m),
        );
        break;
      case 'lastResult':
        await answerRequest(
          message,
          () => this.runs.lastResult(session, message.queryId),
          m => this.post(m),
        );
        break;
      case 'cancel':
        this.runs.cancel(message.queryId);
        break;
      case 'openEvidence':
        await this.openEvidence(session, message.path);
        break;
      case 'openStep':
        StepPanel.createOrShow(this.features, message.stepId, this);
        break;
      case 'discoverNamedQueries':
        await answerRequest(
          message,
          () => this.namedQueries.discover(),
          m => this.post(m),
        );
        break;
      case 'setGuidanceCollapsed':
        await this.features.context.globalState.update(GUIDANCE_COLLAPSED_KEY, message.collapsed);
        break;
      case 'addFindings':
        await addFindingsFromRows(session, this.stepId, message);
        break;
    }
  }

  /** Opens a file the report lists as evidence; the report is editable text, so only its evidence folder is opened. */
  private async openEvidence(session: ReportSession, relative: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri =
        session.uri.scheme === 'file'
          ? vscode.Uri.file(await resolveEvidencePath(session.uri.fsPath, relative))
          : session.uri.with({ path: evidencePathByName(session.uri.path, relative) });
    } catch (e) {
      void ui.showErrorMessage(vscode.l10n.t('Not opened: {0}', e instanceof Error ? e.message : String(e)));
      return;
    }
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  private scheduleSend(): void {
    // Report changes come in bursts while the user types: one re-send for the burst.
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = setTimeout(() => this.sendStep(), 50);
  }

  private sendStep(): void {
    const session = this.session;
    const view = session && buildStepView(session, this.stepId, dataModeOf(session));
    if (view) {
      this.panel.title = view.title;
      const guidanceCollapsed = this.features.context.globalState.get<boolean>(GUIDANCE_COLLAPSED_KEY) ?? false;
      this.post({ type: 'step', view, guidanceCollapsed });
    } else {
      this.post({
        type: 'stepMissing',
        stepId: this.stepId,
        reason: session
          ? vscode.l10n.t('The playbook of {0} has no step "{1}" any more.', session.name, this.stepId)
          : vscode.l10n.t(
              'No incident report is open. Open the report this step belongs to from the IR Playbook view.',
            ),
      });
    }
  }

  private post(message: HostToWebview): void {
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.sendTimer) clearTimeout(this.sendTimer);
    if (StepPanel.panels.get(this.stepId) === this) StepPanel.panels.delete(this.stepId);
    if (StepPanel.lastActive === this) StepPanel.lastActive = undefined;
    // Whatever the user typed last is written now, not lost with the panel.
    void this.session?.flush();
    super.dispose();
    this.panel.dispose();
  }
}

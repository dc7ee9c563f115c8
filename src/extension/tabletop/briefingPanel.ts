// The players' briefing: the story, the questions and the injects released so far, in a page without scripts. It
// is redrawn whenever the report changes (a release from this window, another window, or a hand edit).
import * as vscode from 'vscode';
import { briefingHtml, playerView, type BriefingLabels } from '../../core/tabletop/index';
import type { Scenario } from '../../core/tabletop/model';
import type { Features } from '../features';
import { Disposable } from '../lifecycle';
import type { ReportSession } from '../report/reportSession';
import { readExerciseOf } from './exerciseRecord';
import { pageHtml } from './pageHtml';

const VIEW_TYPE = 'irPlaybook.briefing';

function labels(): BriefingLabels {
  return {
    injects: vscode.l10n.t('Injects'),
    story: vscode.l10n.t('The story'),
    questions: vscode.l10n.t('Questions for the team'),
    noInjectYet: vscode.l10n.t('No inject has been released yet.'),
    allOut: vscode.l10n.t('All injects are out.'),
    releasedAt: vscode.l10n.t('Released {0}'),
    pending: vscode.l10n.t('{0} more to come.'),
  };
}

export class BriefingPanel extends Disposable {
  private static instance: BriefingPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private redraws: Promise<void> = Promise.resolve();

  private constructor(
    features: Features,
    private session: ReportSession,
    private scenario: Scenario,
  ) {
    super();
    this.panel = this._register(
      vscode.window.createWebviewPanel(
        VIEW_TYPE,
        vscode.l10n.t('Briefing: {0}', scenario.title),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        // The page is static HTML: no script, no local files.
        { enableScripts: false, localResourceRoots: [] },
      ),
    );
    this._register(this.panel.onDidDispose(() => this.dispose()));
    this._register(
      features.reports.onDidChange(s => {
        if (s?.uri.toString() === this.session.uri.toString()) void this.redraw();
      }),
    );
  }

  /** Opens (or brings forward) the briefing of the exercise `session` and draws it. */
  static async show(features: Features, session: ReportSession, scenario: Scenario): Promise<BriefingPanel> {
    let panel = BriefingPanel.instance;
    if (!panel || panel.isDisposed) {
      panel = new BriefingPanel(features, session, scenario);
      BriefingPanel.instance = panel;
    } else {
      panel.session = session;
      panel.scenario = scenario;
      panel.panel.reveal(undefined, true);
    }
    await panel.redraw();
    return panel;
  }

  static get open(): BriefingPanel | undefined {
    return BriefingPanel.instance?.isDisposed ? undefined : BriefingPanel.instance;
  }

  get html(): string {
    return this.panel.webview.html;
  }

  /** Redraws from the report on disk; serialised, so the last change is the one shown. */
  redraw(): Promise<void> {
    this.redraws = this.redraws
      .then(async () => {
        const { released } = await readExerciseOf(this.session);
        if (this.isDisposed) return;
        const body = briefingHtml(playerView(this.scenario, released), labels());
        this.panel.webview.html = pageHtml(this.scenario.title, body);
      })
      .catch(() => undefined);
    return this.redraws;
  }

  override dispose(): void {
    if (BriefingPanel.instance === this) BriefingPanel.instance = undefined;
    super.dispose();
  }
}

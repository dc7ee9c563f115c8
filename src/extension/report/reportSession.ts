// One open incident report: the parsed state (always re-read from the document, the report is the state) and the
// queue of changes the UI makes to it. Changes are applied as core TextEdits through a WorkspaceEdit on the
// TextDocument, so text the user is editing in an editor is kept, then the document is saved.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { Disposable } from '../lifecycle';
import type { Playbook } from '../../core/playbook/model';
import type { IncidentStatus, ReportState, RunRecord, StepState, StepStatus } from '../../core/report/model';
import { withIncidentStatus } from '../../core/report/factsFormat';
import { emptyStepState, withWorkStarted } from '../../core/report/model';
import {
  applyEdits,
  parseReport,
  planHeaderUpdate,
  planRunAppend,
  planStepUpdate,
  ReportUpdateRefused,
} from '../../core/report/index';
import type { Repair, ReportUpdate } from '../../core/report/index';
import { smallestReplacement } from '../../core/report/replacement';
import { refreshTimeline } from '../../core/findings/refreshTimeline';
import { toWorkspaceEdit } from './textEdits';
import { exists, loadPlaybook, openDocument, playbookOf, writeReportText } from './workspaceFiles';

/** A change to the report, computed against the text as it is when the queue is flushed. */
type ReportChange = (text: string, state: ReportState, playbook: Playbook) => ReportUpdate;

const NO_CHANGE: ReportUpdate = { edits: [], repairs: [] };

/** Delay that gathers keystrokes from the panel into one write. */
const TYPING_DELAY_MS = 400;

export class ReportMissingError extends Error {
  constructor(readonly uri: vscode.Uri) {
    super(vscode.l10n.t('The incident report {0} no longer exists.', vscode.workspace.asRelativePath(uri)));
  }
}

export class ReportSession extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the state was re-read from the report (by us or by anyone editing it). */
  readonly onDidChange = this.changed.event;
  private readonly failed = this._register(new vscode.EventEmitter<unknown>());
  /** Fires when a write fails (the file was deleted, the editor refused the edit); flush() itself never rejects. */
  readonly onDidFailWrite = this.failed.event;

  private queue = new Map<string, ReportChange>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastText = '';
  state: ReportState | undefined;

  private constructor(
    public uri: vscode.Uri,
    public playbook: Playbook,
    public playbookUri: vscode.Uri,
  ) {
    super();
  }

  /** Opens the report document (without showing it) and the playbook its header names. */
  static async open(uri: vscode.Uri): Promise<ReportSession> {
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const parsed = parseReport(text);
    const missingHeader = parsed.diagnostics.find(d => d.code === 'missing-header');
    if (missingHeader) {
      throw new Error(
        vscode.l10n.t(
          '{0} is not an incident report this extension can read: {1}',
          vscode.workspace.asRelativePath(uri),
          missingHeader.message,
        ),
      );
    }
    const playbookUri = await playbookOf(uri, parsed.state.header.playbookPath);
    const { playbook } = await loadPlaybook(playbookUri);
    const session = new ReportSession(uri, playbook, playbookUri);
    session.adopt(text, parsed);
    return session;
  }

  get name(): string {
    return vscode.workspace.asRelativePath(this.uri);
  }

  /** Re-reads the state from report text; fires onDidChange when it changed. */
  accept(text: string): void {
    if (text === this.lastText && this.state) return;
    this.adopt(text, parseReport(text));
  }

  private adopt(text: string, parsed: ReturnType<typeof parseReport>): void {
    this.lastText = text;
    // A report whose header was damaged while open keeps its last readable state (the Problems panel says why).
    if (!parsed.diagnostics.some(d => d.code === 'missing-header')) this.state = parsed.state;
    this.changed.fire();
  }

  async reloadPlaybook(): Promise<void> {
    this.playbook = (await loadPlaybook(this.playbookUri)).playbook;
    this.changed.fire();
  }

  /** The state of a step as the report has it, with pending (not yet written) changes not included. */
  stepState(stepId: string): StepState {
    return this.state?.steps[stepId] ?? emptyStepState();
  }

  /** Sets a step's status now (no typing delay) and keeps its start and completion times. */
  setStatus(stepId: string, status: StepStatus): Promise<void> {
    this.enqueue(`status:${stepId}`, (text, state, playbook) => {
      const step = { ...(state.steps[stepId] ?? emptyStepState()) };
      const now = new Date().toISOString();
      step.status = status;
      if (status === 'not-started') {
        delete step.startedAt;
        delete step.completedAt;
      } else {
        step.startedAt ??= now;
        if (status === 'done' || status === 'skipped') step.completedAt = now;
        else delete step.completedAt;
      }
      return planStepUpdate(text, playbook, stepId, step);
    });
    return this.flush();
  }

  /** Changes one field of a step; writes after the typing delay. Work on a step that was not started starts it. */
  editStep(stepId: string, field: string, mutate: (step: StepState) => void): void {
    this.enqueue(
      `step:${stepId}:${field}`,
      (text, state, playbook) => {
        const current = state.steps[stepId] ?? emptyStepState();
        const step: StepState = { ...current, checklist: { ...current.checklist }, answers: { ...current.answers } };
        mutate(step);
        return planStepUpdate(text, playbook, stepId, withWorkStarted(step, new Date()));
      },
      TYPING_DELAY_MS,
    );
  }

  /** Sets an incident parameter; an empty value removes it, so the playbook's default applies again. */
  setParameter(name: string, value: string): void {
    this.enqueue(
      `parameter:${name}`,
      (text, state) => {
        const parameters = { ...state.header.parameters };
        if (value.trim()) parameters[name] = value.trim();
        else delete parameters[name];
        return planHeaderUpdate(text, { ...state.header, parameters });
      },
      TYPING_DELAY_MS,
    );
  }

  /** Changes the incident's status, recording the change in the facts' status history. */
  setIncidentStatus(status: IncidentStatus): Promise<void> {
    const at = new Date().toISOString();
    this.enqueue(`incidentStatus:${at}`, (text, state) =>
      planHeaderUpdate(text, { ...state.header, facts: withIncidentStatus(state.header.facts, status, at) }),
    );
    return this.flush();
  }

  addDataSource(relativePath: string): Promise<void> {
    this.enqueue(`dataSource:${relativePath}`, (text, state) => {
      const { dataSources } = state.header;
      return dataSources.includes(relativePath)
        ? NO_CHANGE
        : planHeaderUpdate(text, { ...state.header, dataSources: [...dataSources, relativePath] });
    });
    return this.flush();
  }

  /** Appends a run to the step; a run on a step that was not started starts it. */
  recordRun(stepId: string, run: RunRecord): Promise<void> {
    this.enqueue(`run:${run.runId}`, (text, _state, playbook) => planRunAppend(text, playbook, stepId, run));
    if ((this.state?.steps[stepId]?.status ?? 'not-started') === 'not-started')
      this.editStep(stepId, 'status', () => undefined);
    return this.flush();
  }

  /** Rewrites the whole text (a section the core renders, such as the debrief) and writes it now. */
  rewrite(key: string, transform: (text: string) => string): Promise<void> {
    this.enqueue(`rewrite:${key}`, text => ({
      edits: [{ start: 0, end: text.length, newText: transform(text) }],
      repairs: [],
    }));
    return this.flush();
  }

  private enqueue(key: string, change: ReportChange, delayMs = 0): void {
    // Re-queued keys move to the end, so the latest value of a field is the one written.
    this.queue.delete(key);
    this.queue.set(key, change);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  /** Writes every queued change to the document and saves it. Serialised: one write at a time. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(() => this.writeQueued()).catch(e => this.failed.fire(e));
    return this.writing;
  }

  private async writeQueued(): Promise<void> {
    if (this.queue.size === 0) return;
    // A document still open for a deleted file would be saved back to disk: after a delete, the user decides.
    if (!(await exists(this.uri))) throw new ReportMissingError(this.uri);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(this.uri);
    } catch {
      throw new ReportMissingError(this.uri);
    }
    const changes = [...this.queue.values()];
    const before = document.getText();
    const { text: after, repairs } = this.applyChanges(before, changes);
    // Only now: changes stay queued (and in "Save As") if the document could not be opened.
    for (const [key, change] of [...this.queue]) if (changes.includes(change)) this.queue.delete(key);
    const replacement = smallestReplacement(before, after);
    if (replacement) {
      if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document, replacement)))) {
        throw new Error(vscode.l10n.t('Could not write to {0}: the editor refused the change.', this.name));
      }
      // A save can fail without an exception (the file changed on disk meanwhile): the change is then only in the
      // editor, and the user must know it is not on disk yet.
      if (!(await document.save())) {
        this.accept(document.getText());
        throw new Error(
          vscode.l10n.t(
            '{0} was changed in the editor but could not be saved (did the file change on disk ' +
              'meanwhile?). Save it to keep the change.',
            this.name,
          ),
        );
      }
    }
    this.accept(document.getText());
    if (repairs.length > 0) {
      const message = vscode.l10n.t(
        '{0}: damaged report markers were repaired before the update: {1}',
        this.name,
        repairs.map(r => r.message).join(' '),
      );
      void ui.showInformationMessage(message);
    }
  }

  /** Every change applied in turn; a change the core refuses (damaged markers) stops them all, naming the line. */
  private applyChanges(original: string, changes: ReportChange[]): { text: string; repairs: Repair[] } {
    const repairs: Repair[] = [];
    let text = original;
    for (const change of changes) {
      const parsed = parseReport(text);
      let update: ReportUpdate;
      try {
        update = change(text, parsed.state, this.playbook);
      } catch (e) {
        // The person needs the file as well as the line: say which report refused.
        if (e instanceof ReportUpdateRefused) {
          throw new Error(vscode.l10n.t('{0}: {1}', this.name, e.message), { cause: e });
        }
        throw e;
      }
      text = applyEdits(text, update.edits);
      repairs.push(...update.repairs);
    }
    // The generated timeline follows every change of the state it is built from.
    return { text: text === original ? text : refreshTimeline(text, original), repairs };
  }

  /** The report text as it would be with every queued change applied: what "Save As" writes when the file is gone. */
  textWithPendingChanges(): string {
    return this.applyChanges(openDocument(this.uri)?.getText() ?? this.lastText, [...this.queue.values()]).text;
  }

  /** Follows the report to a new place after a rename. */
  moveTo(uri: vscode.Uri): void {
    this.uri = uri;
    this.changed.fire();
  }

  /** Writes the state kept in memory (with queued changes) to a new file and continues there: the way out after a delete. */
  async saveAs(target: vscode.Uri): Promise<void> {
    const text = this.textWithPendingChanges();
    await writeReportText(target, text);
    this.queue.clear();
    this.uri = target;
    this.lastText = '';
    this.accept(text);
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}

// The Incident view: playbook → phases → steps, and the playbook's reference sections (overview, escalation,
// appendix) after its phases; derived from the current report every time it changes.
import * as vscode from 'vscode';
import type { CommandId } from '../commands/commandIds';
import type { Phase, Playbook, Reference, Step } from '../../core/playbook/model';
import { allSteps } from '../../core/playbook/query';
import type { StepStatus } from '../../core/report/model';
import type { ReportManager } from '../report/reportManager';
import type { ReportSession } from '../report/reportSession';
import {
  openedPlaybook,
  previewChildren,
  previewItem,
  previewParent,
  type PreviewNode,
} from '../playbooks/openedPlaybook';

export type IncidentNode =
  | { kind: 'playbook'; session: ReportSession }
  | { kind: 'phase'; session: ReportSession; phase: Phase }
  | { kind: 'step'; session: ReportSession; phase: Phase; step: Step }
  | { kind: 'reference'; session: ReportSession; reference: Reference; index: number }
  | PreviewNode;

const isPreview = (node: IncidentNode): node is PreviewNode => node.kind.startsWith('preview');

/** What a command invoked from a tree item (or from the test API) receives. */
export interface StepRef {
  stepId: string;
}

const STATUS_ICON: Record<StepStatus, vscode.ThemeIcon> = {
  'not-started': new vscode.ThemeIcon('circle-large-outline'),
  'in-progress': new vscode.ThemeIcon('record', new vscode.ThemeColor('charts.blue')),
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  skipped: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

function statusLabel(status: StepStatus): string {
  switch (status) {
    case 'not-started':
      return vscode.l10n.t('Not started');
    case 'in-progress':
      return vscode.l10n.t('In progress');
    case 'done':
      return vscode.l10n.t('Done');
    case 'skipped':
      return vscode.l10n.t('Skipped');
  }
}

function countClosed(session: ReportSession, phase: Phase): number {
  return phase.steps.filter(s => ['done', 'skipped'].includes(session.stepState(s.id).status)).length;
}

export class IncidentTreeProvider implements vscode.TreeDataProvider<IncidentNode> {
  private readonly changed = new vscode.EventEmitter<IncidentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, IncidentNode>();
  private nodesFor: { session?: ReportSession; playbook?: Playbook } = {};

  constructor(private readonly reports: ReportManager) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: IncidentNode): IncidentNode[] {
    if (node && isPreview(node)) return previewChildren(node);
    const session = this.reports.current;
    if (!node)
      return [
        ...(session?.state ? [this.node('playbook', () => ({ kind: 'playbook', session }))] : []),
        ...this.preview(),
      ];
    if (!session?.state) return [];
    if (node.kind === 'playbook') {
      return [
        ...session.playbook.phases.map(phase =>
          this.node(`phase:${phase.id}`, () => ({ kind: 'phase', session, phase })),
        ),
        ...(session.playbook.references ?? []).map((reference, index) =>
          this.node(`reference:${index}`, () => ({ kind: 'reference', session, reference, index })),
        ),
      ];
    }
    if (node.kind === 'phase') {
      return node.phase.steps.map(step =>
        this.node(`step:${step.id}`, () => ({ kind: 'step', session, phase: node.phase, step })),
      );
    }
    return [];
  }

  /** The playbook opened or imported last, after the incident, unless the incident already follows it. */
  private preview(): PreviewNode[] {
    const opened = openedPlaybook.current;
    const incidentPlaybook = this.reports.current?.playbookUri.toString();
    return opened && opened.uri.toString() !== incidentPlaybook ? [{ kind: 'preview', opened }] : [];
  }

  getParent(node: IncidentNode): IncidentNode | undefined {
    if (isPreview(node)) return previewParent(node);
    if (node.kind === 'step')
      return this.node(`phase:${node.phase.id}`, () => ({ kind: 'phase', session: node.session, phase: node.phase }));
    if (node.kind === 'phase' || node.kind === 'reference') {
      return this.node('playbook', () => ({ kind: 'playbook', session: node.session }));
    }
    return undefined;
  }

  /** The node of a step, as the view knows it (for reveal), or undefined when the step is not in the tree. */
  stepNode(stepId: string): IncidentNode | undefined {
    const [root] = this.getChildren();
    return (
      root &&
      this.getChildren(root)
        .flatMap(phase => this.getChildren(phase))
        .find(n => n.kind === 'step' && n.step.id === stepId)
    );
  }

  /** Nodes are kept per playbook, so the view (and reveal) sees the same object for the same item. */
  private node(key: string, make: () => IncidentNode): IncidentNode {
    const session = this.reports.current;
    if (this.nodesFor.session !== session || this.nodesFor.playbook !== session?.playbook) {
      this.nodes.clear();
      this.nodesFor = { session, playbook: session?.playbook };
    }
    let node = this.nodes.get(key);
    if (!node) {
      node = make();
      this.nodes.set(key, node);
    }
    return node;
  }

  getTreeItem(node: IncidentNode): vscode.TreeItem {
    switch (node.kind) {
      case 'playbook':
        return this.playbookItem(node.session);
      case 'phase':
        return this.phaseItem(node.session, node.phase);
      case 'step':
        return this.stepItem(node.session, node.step);
      case 'reference':
        return this.referenceItem(node.session, node.reference, node.index);
      default:
        return previewItem(node);
    }
  }

  /** A section of the playbook that names no phase: read, not worked; opens the playbook at its heading. */
  private referenceItem(session: ReportSession, reference: Reference, index: number): vscode.TreeItem {
    const item = new vscode.TreeItem(reference.title, vscode.TreeItemCollapsibleState.None);
    item.id = `reference:${index}`;
    item.iconPath = new vscode.ThemeIcon('book');
    item.description = vscode.l10n.t('reference');
    const text = reference.text.length > 600 ? `${reference.text.slice(0, 600)}…` : reference.text;
    item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(reference.title)}**\n\n${escapeMarkdown(text)}`);
    item.contextValue = 'reference';
    const line = Math.max(0, reference.position.line - 1);
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open playbook'),
      arguments: [session.playbookUri, { selection: new vscode.Range(line, 0, line, 0) }],
    };
    return item;
  }

  private playbookItem(session: ReportSession): vscode.TreeItem {
    const { playbook, state } = session;
    const item = new vscode.TreeItem(playbook.title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = 'playbook';
    item.iconPath = new vscode.ThemeIcon(state?.header.mode === 'exercise' ? 'beaker' : 'shield');
    const closed = playbook.phases.reduce((n, p) => n + countClosed(session, p), 0);
    item.description = `${closed}/${allSteps(playbook).length}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(playbook.title)}** · ${escapeMarkdown(playbook.version)}\n\n`);
    if (playbook.description) tooltip.appendMarkdown(`${escapeMarkdown(playbook.description)}\n\n`);
    tooltip.appendMarkdown(vscode.l10n.t('Report: {0}', escapeMarkdown(session.name)));
    if (state?.header.mode === 'exercise')
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Tabletop exercise: queries run on local data.')}`);
    item.tooltip = tooltip;
    item.contextValue = 'playbook';
    item.resourceUri = session.uri;
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open incident report'), arguments: [session.uri] };
    return item;
  }

  private phaseItem(session: ReportSession, phase: Phase): vscode.TreeItem {
    const item = new vscode.TreeItem(phase.title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `phase:${phase.id}`;
    const closed = countClosed(session, phase);
    item.description = `${closed}/${phase.steps.length}`;
    item.iconPath = new vscode.ThemeIcon(closed === phase.steps.length && closed > 0 ? 'pass' : 'folder');
    item.tooltip = vscode.l10n.t('{0}: {1} of {2} steps done or skipped', phase.title, closed, phase.steps.length);
    item.contextValue = 'phase';
    return item;
  }

  private stepItem(session: ReportSession, step: Step): vscode.TreeItem {
    const state = session.stepState(step.id);
    const item = new vscode.TreeItem(step.title, vscode.TreeItemCollapsibleState.None);
    item.id = `step:${step.id}`;
    item.iconPath = STATUS_ICON[state.status];
    const parts = [statusLabel(state.status)];
    if (step.queries.length) parts.push(vscode.l10n.t('{0} queries', step.queries.length));
    if (state.runs.length) parts.push(vscode.l10n.t('{0} runs', state.runs.length));
    item.description = state.status === 'not-started' ? undefined : statusLabel(state.status);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(step.title)}**\n\n${parts.join(' · ')}`);
    const answered = step.questions.filter(q => state.answers[q.id]?.trim()).length;
    if (step.questions.length)
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('{0} of {1} questions answered', answered, step.questions.length)}`);
    const ticked = step.checklist.filter(c => state.checklist[c.id]).length;
    if (step.checklist.length)
      tooltip.appendMarkdown(
        `\n\n${vscode.l10n.t('{0} of {1} checklist items ticked', ticked, step.checklist.length)}`,
      );
    item.tooltip = tooltip;
    item.contextValue = `step-${state.status}`;
    item.command = {
      command: 'irPlaybook.openStep' satisfies CommandId,
      title: vscode.l10n.t('Open Step'),
      arguments: [{ stepId: step.id } satisfies StepRef],
    };
    item.accessibilityInformation = { label: `${step.title}, ${statusLabel(state.status)}` };
    return item;
  }
}

/** Playbook text shown in a Markdown tooltip is data: keep it from turning into links or formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, c => `\\${c}`);
}

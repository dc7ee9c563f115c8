// The playbook last opened or imported with "Open Playbook…" / "Import Playbook…": the Incident view shows it (its
// phases and steps, nothing started) until an incident is started from it, so a playbook the user just brought in is
// visible where they will work it, not only as markdown in the editor.
import * as vscode from 'vscode';
import type { Phase, Playbook, Step } from '../../core/playbook/model';

export interface OpenedPlaybook {
  uri: vscode.Uri;
  playbook: Playbook;
}

export type PreviewNode =
  | { kind: 'preview'; opened: OpenedPlaybook }
  | { kind: 'previewPhase'; opened: OpenedPlaybook; phase: Phase }
  | { kind: 'previewStep'; opened: OpenedPlaybook; phase: Phase; step: Step };

const changed = new vscode.EventEmitter<void>();
let opened: OpenedPlaybook | undefined;

export const openedPlaybook = {
  get current(): OpenedPlaybook | undefined {
    return opened;
  },
  onDidChange: changed.event,
  set(value: OpenedPlaybook | undefined): void {
    opened = value;
    changed.fire();
  },
};

export function previewChildren(node: PreviewNode): PreviewNode[] {
  if (node.kind === 'preview')
    return node.opened.playbook.phases.map(phase => ({ ...node, kind: 'previewPhase', phase }));
  if (node.kind === 'previewPhase') return node.phase.steps.map(step => ({ ...node, kind: 'previewStep', step }));
  return [];
}

export function previewParent(node: PreviewNode): PreviewNode | undefined {
  if (node.kind === 'previewStep') return { kind: 'previewPhase', opened: node.opened, phase: node.phase };
  if (node.kind === 'previewPhase') return { kind: 'preview', opened: node.opened };
  return undefined;
}

function openAt(uri: vscode.Uri, line: number): vscode.Command {
  const at = Math.max(0, line - 1);
  return {
    command: 'vscode.open',
    title: vscode.l10n.t('Open playbook'),
    arguments: [uri, { selection: new vscode.Range(at, 0, at, 0) }],
  };
}

export function previewItem(node: PreviewNode): vscode.TreeItem {
  const { uri, playbook } = node.opened;
  if (node.kind === 'preview') {
    const item = new vscode.TreeItem(playbook.title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `preview:${uri.toString()}`;
    item.iconPath = new vscode.ThemeIcon('book');
    item.description = vscode.l10n.t('playbook, no incident started');
    item.tooltip = vscode.l10n.t(
      '{0}: start an incident from it to work its steps.',
      vscode.workspace.asRelativePath(uri),
    );
    item.contextValue = 'playbookPreview';
    item.command = openAt(uri, 1);
    return item;
  }
  if (node.kind === 'previewPhase') {
    const item = new vscode.TreeItem(node.phase.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `preview:${uri.toString()}:phase:${node.phase.id}`;
    item.iconPath = new vscode.ThemeIcon('folder');
    item.description = vscode.l10n.t('{0} steps', node.phase.steps.length);
    item.command = openAt(uri, node.phase.position.line);
    return item;
  }
  const item = new vscode.TreeItem(node.step.title, vscode.TreeItemCollapsibleState.None);
  item.id = `preview:${uri.toString()}:step:${node.step.id}`;
  item.iconPath = new vscode.ThemeIcon('circle-large-outline');
  item.command = openAt(uri, node.step.position.line);
  return item;
}

// The Timeline view in the IR Playbook container: the report's timeline (what happened, what was done) and its
// indicators, rebuilt from the report every time it changes. Labels are log data: plainLabel shows them as text.
import * as vscode from 'vscode';
import type { CommandId } from '../commands/commandIds';
import { buildTimeline, type IndicatorRow, type TimelineEntry } from '../../core/findings/timeline';
import type { ReportManager } from '../report/reportManager';
import { plainLabel } from './labels';

export const TIMELINE_VIEW_ID = 'irPlaybook.timeline';

export type TimelineNode =
  | { kind: 'group'; group: 'entries' | 'indicators' }
  | { kind: 'entry'; entry: TimelineEntry; index: number }
  | { kind: 'indicator'; indicator: IndicatorRow };

export class TimelineTreeProvider implements vscode.TreeDataProvider<TimelineNode> {
  private readonly changed = new vscode.EventEmitter<TimelineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly reports: ReportManager) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: TimelineNode): TimelineNode[] {
    const state = this.reports.current?.state;
    if (!state) return [];
    if (!node)
      return [
        { kind: 'group', group: 'entries' },
        { kind: 'group', group: 'indicators' },
      ];
    if (node.kind !== 'group') return [];
    const timeline = buildTimeline(state);
    return node.group === 'entries'
      ? timeline.entries.map((entry, index) => ({ kind: 'entry', entry, index }))
      : timeline.indicators.map(indicator => ({ kind: 'indicator', indicator }));
  }

  getTreeItem(node: TimelineNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const label = node.group === 'entries' ? vscode.l10n.t('Timeline') : vscode.l10n.t('Indicators');
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.group}`;
        item.iconPath = new vscode.ThemeIcon(node.group === 'entries' ? 'history' : 'symbol-key');
        return item;
      }
      case 'entry':
        return entryItem(node.entry, node.index);
      case 'indicator':
        return indicatorItem(node.indicator);
    }
  }
}

function entryItem(entry: TimelineEntry, index: number): vscode.TreeItem {
  const item = new vscode.TreeItem(plainLabel(entry.what), vscode.TreeItemCollapsibleState.None);
  item.id = `entry:${index}:${entry.time}`;
  const side = entry.side === 'incident' ? vscode.l10n.t('happened') : vscode.l10n.t('response');
  item.description = `${plainLabel(entry.time, 40)} · ${side}`;
  item.iconPath = new vscode.ThemeIcon(entry.side === 'incident' ? 'flame' : 'person');
  // A plain-string tooltip is shown as text, never as Markdown.
  item.tooltip = `${plainLabel(entry.time, 40)} (${side})\n${plainLabel(entry.what, 2000)}`;
  item.contextValue = `timeline-${entry.side}`;
  return item;
}

function indicatorItem(row: IndicatorRow): vscode.TreeItem {
  const item = new vscode.TreeItem(plainLabel(row.value, 120), vscode.TreeItemCollapsibleState.None);
  item.id = `indicator:${row.type}:${row.value}`;
  item.description = `${row.type} · ${row.findings.map(f => plainLabel(f, 20)).join(', ')}`;
  item.iconPath = new vscode.ThemeIcon('eye');
  item.tooltip = vscode.l10n.t(
    '{0} {1}\nFirst seen: {2}\nLast seen: {3}\nFindings: {4}',
    row.type,
    plainLabel(row.value, 500),
    plainLabel(row.firstSeen ?? '?', 40),
    plainLabel(row.lastSeen ?? '?', 40),
    row.findings.map(f => plainLabel(f, 20)).join(', '),
  );
  item.contextValue = 'indicator';
  item.command = {
    command: 'irPlaybook.useIndicatorAsParameter' satisfies CommandId,
    title: vscode.l10n.t('Use as Parameter Value'),
    arguments: [{ type: row.type, value: row.value }],
  };
  return item;
}

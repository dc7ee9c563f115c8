// The findings feature: the Timeline view, kept in step with the report. Its commands (Add Finding, Use as
// Parameter Value) are in the command table; rows from a step panel arrive through the panel's message handler.
import * as vscode from 'vscode';
import type { Features } from '../features';
import { TIMELINE_VIEW_ID, TimelineTreeProvider, type TimelineNode } from './timelineView';

export function registerFindings(features: Features): TimelineTreeProvider {
  const provider = new TimelineTreeProvider(features.reports);
  const view = vscode.window.createTreeView<TimelineNode>(TIMELINE_VIEW_ID, { treeDataProvider: provider });
  features.context.subscriptions.push(
    provider,
    view,
    features.reports.onDidChange(() => provider.refresh()),
  );
  return provider;
}

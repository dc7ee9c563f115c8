import * as vscode from 'vscode';
import { statusLabel } from '../commands/incidentFacts';
import type { Features } from '../features';
import { openedPlaybook } from '../playbooks/openedPlaybook';
import { StepPanel } from '../stepPanel/stepPanel';
import { IncidentTreeProvider, type IncidentNode } from './incidentTree';

export const VIEW_ID = 'irPlaybook.incident';

export function registerTree(features: Features): IncidentTreeProvider {
  const provider = new IncidentTreeProvider(features.reports);
  const view = vscode.window.createTreeView<IncidentNode>(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const describe = () => {
    const header = features.reports.current?.state?.header;
    const status = header?.facts?.status;
    view.description = header
      ? [
          header.incidentId,
          header.title,
          ...(status ? [statusLabel(status)] : []),
          ...(header.mode === 'exercise' ? [vscode.l10n.t('exercise')] : []),
        ].join(' · ')
      : undefined;
  };
  features.context.subscriptions.push(
    view,
    openedPlaybook.onDidChange(() => provider.refresh()),
    features.reports.onDidChange(() => {
      provider.refresh();
      describe();
    }),
    StepPanel.onDidActivate(stepId => {
      // Follow the active panel in the tree, without taking the focus from it.
      const node = view.visible ? provider.stepNode(stepId) : undefined;
      if (node) void view.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
    }),
  );
  return provider;
}

import * as vscode from 'vscode';
import type { Features } from '../features';
import type { ReportSession } from '../report/reportSession';
import { STEP_VIEW_TYPE, StepPanel, type PanelState } from './stepPanel';

export function registerStepPanels(features: Features): void {
  let shown: ReportSession | undefined = features.reports.current;
  let shownUri = shown?.uri.toString();
  features.context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(STEP_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: PanelState | undefined) => StepPanel.revive(features, panel, state),
    }),
    features.reports.onDidChange(session => {
      // Panels belong to one incident: when another report becomes current (or none), the old one's panels close.
      // The same session after a rename, or the same file opened again, keeps them.
      if (shown && session !== shown && session?.uri.toString() !== shownUri) StepPanel.all().forEach(p => p.dispose());
      shown = session;
      shownUri = session?.uri.toString();
    }),
    { dispose: () => StepPanel.all().forEach(p => p.dispose()) },
  );
}

// Entry point: builds the shared pieces and lets each feature register itself. Nothing heavy happens here: the
// AWS SDK and DuckDB load when the first query needs them. package.json activates it during startup on the default
// layout (workspaceContains playbooks/ or incidents/), and after startup (onStartupFinished) everywhere else, since
// workspaceContains cannot read the reports folder setting; a workspace without incident work gets no status bar item.
import * as vscode from 'vscode';
import { registerCommands } from './commands/commandTable';
import { registerDiagnostics } from './diagnostics/problemsPanel';
import { EngineProvider } from './engines/engineProvider';
import type { Features } from './features';
import { ReportManager } from './report/reportManager';
import { registerIncidentStatusBar } from './statusBar/incidentStatus';
import { registerStatusBar } from './statusBar/queryTargetStatus';
import { registerStepPanels } from './stepPanel/stepPanels';
import { createTestApi, type TestApi } from './testApi';
import { registerTree } from './tree/incidentView';
import { registerFindings } from './findings/registerFindings';

let features: Features | undefined;

export function activate(context: vscode.ExtensionContext): TestApi {
  const reports = new ReportManager(context.workspaceState);
  const engines = new EngineProvider();
  context.subscriptions.push(reports, engines);
  features = { context, reports, engines };
  const tree = registerTree(features);
  registerStepPanels(features);
  registerDiagnostics(features);
  const statusBar = registerStatusBar(features);
  registerIncidentStatusBar(features);
  registerCommands(features);
  const timeline = registerFindings(features);
  void reports.restore();
  return createTestApi(features, tree, statusBar, timeline);
}

/** Writes what the panels still hold back for the typing delay before the window goes away. */
export async function deactivate(): Promise<void> {
  await features?.reports.flush();
}

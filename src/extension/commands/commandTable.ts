// Every command of the extension, by id. Command titles live in package.nls.json; the bodies in the files beside this.
import * as vscode from 'vscode';
import type { Features } from '../features';
import { selectProfile, selectRegion, switchEngineMode } from './awsCommands';
import { addLocalDataSource } from './dataSourceCommands';
import { verifyEvidence } from './evidenceCommands';
import { openReport, refresh, startIncident } from './incidentCommands';
import { setIncidentStatus } from './incidentFacts';
import type { CommandId } from './commandIds';
import { reportErrors } from './requireReport';
import { openStep, setStepStatus } from './stepCommands';
import { exportReport } from './exportCommands';
import { releaseInject, showBriefing, showDebrief, startTabletop } from './tabletopCommands';
import { importPlaybookCommand, openPlaybook } from '../playbooks/playbookCommands';
import { addFindingCommand, useIndicatorAsParameterCommand } from '../findings/findingCommands';

export function registerCommands(features: Features): void {
  const commands: Record<CommandId, (...args: never[]) => Promise<unknown>> = {
    'irPlaybook.startIncident': startIncident(features),
    'irPlaybook.startTabletop': startTabletop(features),
    'irPlaybook.openReport': openReport(features),
    'irPlaybook.refresh': refresh(features),
    'irPlaybook.setIncidentStatus': setIncidentStatus(features),
    'irPlaybook.switchEngineMode': switchEngineMode(features),
    'irPlaybook.openStep': openStep(features),
    'irPlaybook.markStepDone': setStepStatus(features, 'done'),
    'irPlaybook.markStepSkipped': setStepStatus(features, 'skipped'),
    'irPlaybook.markStepInProgress': setStepStatus(features, 'in-progress'),
    'irPlaybook.resetStep': setStepStatus(features, 'not-started'),
    'irPlaybook.selectProfile': selectProfile(features),
    'irPlaybook.selectRegion': selectRegion(),
    'irPlaybook.addLocalDataSource': addLocalDataSource(features),
    'irPlaybook.verifyEvidence': verifyEvidence(features),
    'irPlaybook.showDebrief': showDebrief(features),
    'irPlaybook.showBriefing': showBriefing(features),
    'irPlaybook.releaseInject': releaseInject(features),
    'irPlaybook.exportReport': exportReport(features),
    'irPlaybook.openPlaybook': openPlaybook(features),
    'irPlaybook.importPlaybook': importPlaybookCommand(),
    'irPlaybook.addFinding': addFindingCommand(features),
    'irPlaybook.useIndicatorAsParameter': useIndicatorAsParameterCommand(features),
  };
  for (const [id, body] of Object.entries(commands)) {
    features.context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: never[]) => reportErrors(() => body(...args))),
    );
  }
}

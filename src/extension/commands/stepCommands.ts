// Open a step, and set its status from the tree's context menu or the palette.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import type { StepStatus } from '../../core/report/model';
import type { Features } from '../features';
import { StepPanel } from '../stepPanel/stepPanel';
import { findStep } from '../../core/playbook/parser';
import { requireReport } from './requireReport';
import { stepIdOf, type StepArgument } from './stepArg';

async function pickStep(features: Features, arg: StepArgument): Promise<string | undefined> {
  const given = stepIdOf(arg);
  if (given) return given;
  const session = requireReport(features);
  if (!session) return undefined;
  const items = session.playbook.phases.flatMap(phase =>
    phase.steps.map(step => ({
      label: step.title,
      description: phase.title,
      stepId: step.id,
    })),
  );
  const picked = await ui.showQuickPick(items, {
    title: vscode.l10n.t('Choose a step'),
    matchOnDescription: true,
  });
  return picked?.stepId;
}

export function openStep(features: Features) {
  return async (arg?: StepArgument): Promise<StepPanel | undefined> => {
    const stepId = await pickStep(features, arg);
    if (!stepId || !requireReport(features)) return undefined;
    if (!findStep(features.reports.current!.playbook, stepId)) {
      void ui.showErrorMessage(vscode.l10n.t('The playbook has no step "{0}".', stepId));
      return undefined;
    }
    return StepPanel.createOrShow(features, stepId);
  };
}

export function setStepStatus(features: Features, status: StepStatus) {
  return async (arg?: StepArgument): Promise<void> => {
    const stepId = await pickStep(features, arg);
    // pickStep has already said so when no incident is open.
    const session = stepId ? requireReport(features) : undefined;
    if (stepId && session) await session.setStatus(stepId, status);
  };
}

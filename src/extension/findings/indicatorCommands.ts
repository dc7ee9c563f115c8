// "Use as parameter value": an indicator becomes the value of the incident parameter it fits, in one click when
// exactly one parameter fits, else after picking which.
import * as vscode from 'vscode';
import { ui } from '../window/windowPrompts';
import { isIndicatorType } from '../../core/findings/findingsSection';
import { parametersForIndicator } from '../../core/findings/indicatorParameters';
import type { Indicator } from '../../core/findings/model';
import type { ReportSession } from '../report/reportSession';
import type { TimelineNode } from './timelineView';
import { plainLabel } from './labels';

/** The indicator a command was given: from the tree's menu (a node) or its click (the indicator itself). */
function indicatorOf(arg: unknown): Indicator | undefined {
  const node = arg as Partial<TimelineNode> & Partial<Indicator>;
  if (node?.kind === 'indicator' && node.indicator) return { type: node.indicator.type, value: node.indicator.value };
  return typeof node?.type === 'string' && isIndicatorType(node.type) && typeof node.value === 'string'
    ? { type: node.type, value: node.value }
    : undefined;
}

/** Sets the parameter; returns its name, or undefined when nothing was set. */
export async function useIndicatorAsParameter(session: ReportSession, arg: unknown): Promise<string | undefined> {
  const indicator = indicatorOf(arg);
  if (!indicator) return undefined;
  const candidates = parametersForIndicator(indicator, session.playbook.parameters);
  if (candidates.length === 0) {
    void ui.showInformationMessage(
      vscode.l10n.t('No parameter of this playbook takes {0} "{1}".', indicator.type, plainLabel(indicator.value, 120)),
    );
    return undefined;
  }
  const chosen =
    candidates.length === 1
      ? candidates[0]
      : (
          await ui.showQuickPick(
            candidates.map(d => ({ label: d.name, description: d.label, definition: d })),
            { title: vscode.l10n.t('Which parameter takes "{0}"?', plainLabel(indicator.value, 120)) },
          )
        )?.definition;
  if (!chosen) return undefined;
  session.setParameter(chosen.name, indicator.value);
  await session.flush();
  void ui.showInformationMessage(
    vscode.l10n.t('Parameter {0} is now "{1}".', chosen.name, plainLabel(indicator.value, 120)),
  );
  return chosen.name;
}

// The questions asked before a finding is written: its summary (an input box), its kind (a quick pick) and its
// indicators (a quick pick with ticks), each prefilled and editable. They go through the window seam like every
// other prompt, so the integration tests answer them with the scripted window.
import * as vscode from 'vscode';
import { FINDING_KINDS, type FindingKind, type Indicator } from '../../core/findings/model';
import { ui } from '../window/windowPrompts';
import { plainLabel } from './labels';

export function kindLabel(kind: FindingKind): string {
  switch (kind) {
    case 'attacker-action':
      return vscode.l10n.t('Attacker action');
    case 'indicator':
      return vscode.l10n.t('Indicator');
    case 'response-action':
      return vscode.l10n.t('Response action');
    case 'observation':
      return vscode.l10n.t('Observation');
  }
}

export async function askText(
  title: string,
  prompt: string,
  value: string,
  validate: (value: string) => string | undefined,
): Promise<string | undefined> {
  return ui.showInputBox({ title, prompt, value, validateInput: validate, ignoreFocusOut: true });
}

/** The kind, with the prefilled one first and active. */
export async function askKind(title: string, prefilled: FindingKind): Promise<FindingKind | undefined> {
  const kinds = [prefilled, ...FINDING_KINDS.filter(k => k !== prefilled)];
  const items = kinds.map(k => ({ label: kindLabel(k), description: k, value: k }));
  return (await ui.showQuickPick(items, { title, ignoreFocusOut: true, matchOnDescription: true }))?.value;
}

/** The indicators to keep: every one found is ticked; the person unticks the ones that say nothing. */
export async function askIndicators(title: string, found: Indicator[]): Promise<Indicator[] | undefined> {
  if (found.length === 0) return [];
  const items = found.map(i => ({ label: plainLabel(i.value, 120), description: i.type, picked: true, value: i }));
  return (await ui.showQuickPickMany(items, { title, ignoreFocusOut: true, matchOnDescription: true }))?.map(
    i => i.value,
  );
}

// The questions asked before a finding is written: its summary (an input box), its kind (a quick pick) and its
// indicators (a multi-select quick pick), each prefilled and editable. Prompts are built with createInputBox and
// createQuickPick so the integration tests can answer the one on screen as a person would (see testApi.ts).
import * as vscode from 'vscode';
import { FINDING_KINDS, type FindingKind, type Indicator } from '../../core/findings/model';
import { plainLabel } from './labels';

/** A prompt on screen, as the test API sees it: its current value or items, and the person's Enter. */
export interface ShownPrompt {
  title: string;
  value?: string;
  items: { label: string; picked: boolean }[];
  accept(): void;
}

const shown: ShownPrompt[] = [];
const waiting: ((p: ShownPrompt) => void)[] = [];

function announce(prompt: ShownPrompt, input: vscode.QuickInput): void {
  const next = waiting.shift();
  if (next) next(prompt);
  else shown.push(prompt);
  input.onDidHide(() => {
    const at = shown.indexOf(prompt);
    if (at >= 0) shown.splice(at, 1);
  });
}

/** The next prompt shown (already on screen, or the next one to appear). */
export function nextPrompt(): Promise<ShownPrompt> {
  const first = shown.shift();
  return first ? Promise.resolve(first) : new Promise(resolve => waiting.push(resolve));
}

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

export function askText(
  title: string,
  prompt: string,
  value: string,
  validate: (value: string) => string | undefined,
): Promise<string | undefined> {
  return new Promise(resolve => {
    const box = vscode.window.createInputBox();
    let result: string | undefined;
    Object.assign(box, { title, prompt, value, ignoreFocusOut: true });
    // Enter, or the test API answering as a person would.
    const accept = () => {
      box.validationMessage = validate(box.value);
      if (box.validationMessage) return;
      result = box.value;
      box.hide();
    };
    box.onDidChangeValue(v => (box.validationMessage = validate(v)));
    box.onDidAccept(accept);
    box.onDidHide(() => {
      box.dispose();
      resolve(result);
    });
    box.show();
    announce({ title, value, items: [], accept }, box);
  });
}

interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

function pick<T>(title: string, items: PickItem<T>[], many: boolean): Promise<T[] | undefined> {
  return new Promise(resolve => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    let result: T[] | undefined;
    Object.assign(qp, { title, items, canSelectMany: many, ignoreFocusOut: true, matchOnDescription: true });
    if (many) qp.selectedItems = items.filter(i => i.picked);
    else qp.activeItems = items.slice(0, 1);
    const accept = () => {
      result = (many ? qp.selectedItems : qp.activeItems.slice(0, 1)).map(i => i.value);
      qp.hide();
    };
    qp.onDidAccept(accept);
    qp.onDidHide(() => {
      qp.dispose();
      resolve(result);
    });
    qp.show();
    announce({ title, items: items.map(i => ({ label: i.label, picked: i.picked ?? false })), accept }, qp);
  });
}

/** The kind, with the prefilled one first and active. */
export async function askKind(title: string, prefilled: FindingKind): Promise<FindingKind | undefined> {
  const kinds = [prefilled, ...FINDING_KINDS.filter(k => k !== prefilled)];
  const items = kinds.map(k => ({ label: kindLabel(k), description: k, value: k }));
  return (await pick(title, items, false))?.[0];
}

/** The indicators to keep: every one found is selected; the person unticks the ones that say nothing. */
export function askIndicators(title: string, found: Indicator[]): Promise<Indicator[] | undefined> {
  if (found.length === 0) return Promise.resolve([]);
  const items = found.map(i => ({ label: plainLabel(i.value, 120), description: i.type, picked: true, value: i }));
  return pick(title, items, true);
}

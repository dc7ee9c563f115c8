// A scripted stand-in for VS Code's window, installed through the extension's test API (`useWindow`): each test says
// in advance which prompts it expects (a quick pick, an input box, a message, a save or open dialog) and how the user
// answers; the answer function sees what was shown and asserts on it (items, title, prompt, modal text). What no test
// expected is recorded: an unexpected quick pick, input box, dialog, modal, warning or error fails the test when it
// ends (helpers.ts checks when each test ends). Plain information notifications need no script; they are recorded.
import type * as vscode from 'vscode';
import type { MessageArgs, WindowPrompts } from '../../../src/extension/window/windowPrompts';

export type Severity = 'information' | 'warning' | 'error';

export interface ShownQuickPick {
  kind: 'quickPick';
  title?: string;
  placeHolder?: string;
  items: vscode.QuickPickItem[];
  /** Several items can be ticked (the answer is a list). */
  many: boolean;
}

export interface ShownInputBox {
  kind: 'inputBox';
  title?: string;
  prompt?: string;
  /** The text the box opens with (a prefilled answer). */
  value?: string;
  placeHolder?: string;
  password: boolean;
  /** The box's own check of a value: the message it would show, or undefined when the value is accepted. */
  validate(value: string): Promise<string | undefined>;
}

export interface ShownMessage {
  kind: 'message';
  severity: Severity;
  text: string;
  modal: boolean;
  detail?: string;
  /** The buttons, in order (a modal's Cancel is VS Code's own and is not listed). */
  items: string[];
}

export interface ShownSaveDialog {
  kind: 'saveDialog';
  title?: string;
  defaultUri?: vscode.Uri;
  filters?: Record<string, string[]>;
}

export interface ShownOpenDialog {
  kind: 'openDialog';
  title?: string;
  canSelectFiles: boolean;
  canSelectFolders: boolean;
  canSelectMany: boolean;
}

export type Shown = ShownQuickPick | ShownInputBox | ShownMessage | ShownSaveDialog | ShownOpenDialog;

interface Step {
  kind: Shown['kind'];
  severity?: Severity;
  answer(shown: Shown): unknown;
  done(shown: Shown): void;
}

function describeShown(s: Shown): string {
  switch (s.kind) {
    case 'quickPick':
      return `quick pick "${s.title ?? s.placeHolder ?? ''}" (${s.items.map(i => i.label).join(', ')})`;
    case 'inputBox':
      return `input box "${s.title ?? ''}": ${s.prompt ?? ''}`;
    case 'message':
      return `${s.modal ? 'modal ' : ''}${s.severity} message "${s.text}"`;
    case 'saveDialog':
    case 'openDialog':
      return `${s.kind} "${s.title ?? ''}"`;
  }
}

export class ScriptedWindow implements WindowPrompts {
  /** Every prompt and message shown, in order. */
  readonly shown: Shown[] = [];
  private readonly script: Step[] = [];
  private readonly seenProblems: string[] = [];

  /** Logged as it happens too: a test that then waits forever still shows why in the log. */
  private problem(text: string): void {
    console.log(`[scripted window] ${text}`);
    this.seenProblems.push(text);
  }

  /** The next quick pick: `choose` asserts on what is shown and returns the item the user picks (undefined: Escape). */
  nextQuickPick<T extends vscode.QuickPickItem>(choose: (shown: ShownQuickPick & { items: T[] }) => T | undefined) {
    return this.expect<ShownQuickPick>('quickPick', choose as (s: ShownQuickPick) => unknown);
  }

  /** The next quick pick with ticks: `choose` returns the ticked items (undefined: Escape). */
  nextQuickPickMany<T extends vscode.QuickPickItem>(
    choose: (shown: ShownQuickPick & { items: T[] }) => T[] | undefined,
  ) {
    return this.expect<ShownQuickPick>('quickPick', choose as (s: ShownQuickPick) => unknown);
  }

  /** The next input box: `type` returns what the user types and accepts (undefined: Escape). */
  nextInputBox(type: (shown: ShownInputBox) => string | undefined | Promise<string | undefined>) {
    return this.expect<ShownInputBox>('inputBox', type);
  }

  /** The next message of this severity: `click` returns the button pressed (undefined: closed or Cancel). */
  nextMessage(severity: Severity, click: (shown: ShownMessage) => string | void = () => undefined) {
    return this.expect<ShownMessage>('message', click, severity);
  }

  nextSaveDialog(choose: (shown: ShownSaveDialog) => vscode.Uri | undefined) {
    return this.expect<ShownSaveDialog>('saveDialog', choose);
  }

  nextOpenDialog(choose: (shown: ShownOpenDialog) => vscode.Uri[] | undefined) {
    return this.expect<ShownOpenDialog>('openDialog', choose);
  }

  /**
   * What went wrong, or '' when nothing did: a prompt came that no step expected, an answer function threw (its
   * assertion failed), or an expected prompt never came.
   */
  problems(): string {
    const problems = [
      ...this.seenProblems,
      ...this.script.map(s => `expected a ${s.severity ? `${s.severity} ` : ''}${s.kind} that was never shown`),
    ];
    return problems.length ? `The scripted window saw:\n- ${problems.join('\n- ')}` : '';
  }

  /** Resolves with the prompt once it was shown and answered. */
  private expect<S extends Shown>(kind: S['kind'], answer: (shown: S) => unknown, severity?: Severity): Promise<S> {
    return new Promise(resolve =>
      this.script.push({
        kind,
        severity,
        answer: answer as (shown: Shown) => unknown,
        done: resolve as (shown: Shown) => void,
      }),
    );
  }

  private async respond(shown: Shown): Promise<unknown> {
    this.shown.push(shown);
    const index = this.script.findIndex(
      s => s.kind === shown.kind && (shown.kind !== 'message' || s.severity === shown.severity),
    );
    if (index < 0) {
      const harmless = shown.kind === 'message' && shown.severity === 'information' && !shown.modal;
      if (!harmless) this.problem(`unexpected ${describeShown(shown)}`);
      return undefined;
    }
    const [step] = this.script.splice(index, 1);
    try {
      const answer = await step.answer(shown);
      return answer;
    } catch (e) {
      this.problem(`${describeShown(shown)}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      step.done(shown);
    }
  }

  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Thenable<readonly T[]>,
    options: vscode.QuickPickOptions,
  ): Thenable<T | undefined> {
    return Promise.resolve(items).then(
      list =>
        this.respond({
          kind: 'quickPick',
          title: options.title,
          placeHolder: options.placeHolder,
          items: [...list],
          many: false,
        }) as Promise<T | undefined>,
    );
  }

  showQuickPickMany<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions,
  ): Promise<T[] | undefined> {
    return this.respond({
      kind: 'quickPick',
      title: options.title,
      placeHolder: options.placeHolder,
      items: [...items],
      many: true,
    }) as Promise<T[] | undefined>;
  }

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const validate = async (value: string) => {
      const verdict = await options.validateInput?.(value);
      return typeof verdict === 'string' ? verdict || undefined : (verdict?.message ?? undefined);
    };
    const typed = (await this.respond({
      kind: 'inputBox',
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      password: options.password ?? false,
      validate,
    })) as string | undefined;
    // The real box does not close on a value its check refuses: a script that types one is wrong.
    const refused = typed === undefined ? undefined : await validate(typed);
    if (refused) {
      this.problem(`the input box refused the scripted value "${typed}": ${refused}`);
      return undefined;
    }
    return typed;
  }

  private message(severity: Severity, [text, ...rest]: MessageArgs): Promise<string | undefined> {
    const options: vscode.MessageOptions = typeof rest[0] === 'object' ? rest[0] : {};
    const items = rest.filter(r => typeof r === 'string') as string[];
    return this.respond({
      kind: 'message',
      severity,
      text,
      modal: options.modal ?? false,
      detail: options.detail,
      items,
    }) as Promise<string | undefined>;
  }

  showInformationMessage(...args: MessageArgs): Promise<string | undefined> {
    return this.message('information', args);
  }

  showWarningMessage(...args: MessageArgs): Promise<string | undefined> {
    return this.message('warning', args);
  }

  showErrorMessage(...args: MessageArgs): Promise<string | undefined> {
    return this.message('error', args);
  }

  showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.respond({
      kind: 'saveDialog',
      title: options.title,
      defaultUri: options.defaultUri,
      filters: options.filters,
    }) as Promise<vscode.Uri | undefined>;
  }

  showOpenDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    return this.respond({
      kind: 'openDialog',
      title: options.title,
      canSelectFiles: options.canSelectFiles ?? true,
      canSelectFolders: options.canSelectFolders ?? false,
      canSelectMany: options.canSelectMany ?? false,
    }) as Promise<vscode.Uri[] | undefined>;
  }
}

/** Picks the item with this label, after checking the quick pick offers it. */
export function itemLabelled<T extends vscode.QuickPickItem>(shown: { items: T[] }, label: string): T {
  const item = shown.items.find(i => i.label === label);
  if (!item) throw new Error(`no item "${label}" among ${shown.items.map(i => `"${i.label}"`).join(', ')}`);
  return item;
}

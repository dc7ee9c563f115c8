// Everything the extension asks or tells the user through VS Code's window: quick picks, input boxes, messages
// (modal or not) and file dialogs. The extension calls `ui.show…` instead of `vscode.window.show…`, so that the
// integration tests can put a scripted window in its place (through the test API) and answer, and check, every
// prompt a command shows where the user would click. By default `ui` is VS Code's own window.
import * as vscode from 'vscode';

/** A message's buttons, after the optional options (modal, detail), as `vscode.window.show…Message` takes them. */
export type MessageArgs =
  [message: string, ...items: string[]] | [message: string, options: vscode.MessageOptions, ...items: string[]];

export interface WindowPrompts {
  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Thenable<readonly T[]>,
    options: vscode.QuickPickOptions,
  ): Thenable<T | undefined>;
  /** A quick pick where several items can be ticked (`picked` items start ticked); Escape gives undefined. */
  showQuickPickMany<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions,
  ): Thenable<T[] | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showInformationMessage(...args: MessageArgs): Thenable<string | undefined>;
  showWarningMessage(...args: MessageArgs): Thenable<string | undefined>;
  showErrorMessage(...args: MessageArgs): Thenable<string | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  showOpenDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
}

type Show = (message: string, options: vscode.MessageOptions, ...items: string[]) => Thenable<string | undefined>;

/** VS Code's overloads take the options only when given; an empty options object is the same as none. */
function message(show: Show) {
  return (...[text, ...rest]: MessageArgs): Thenable<string | undefined> =>
    typeof rest[0] === 'object'
      ? show(text, rest[0], ...(rest.slice(1) as string[]))
      : show(text, {}, ...(rest as string[]));
}

const vscodeWindow: WindowPrompts = {
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
  showQuickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  showInputBox: options => vscode.window.showInputBox(options),
  showInformationMessage: message((m, o, ...i) => vscode.window.showInformationMessage(m, o, ...i)),
  showWarningMessage: message((m, o, ...i) => vscode.window.showWarningMessage(m, o, ...i)),
  showErrorMessage: message((m, o, ...i) => vscode.window.showErrorMessage(m, o, ...i)),
  showSaveDialog: options => vscode.window.showSaveDialog(options),
  showOpenDialog: options => vscode.window.showOpenDialog(options),
};

let current: WindowPrompts = vscodeWindow;

/** What the extension shows prompts through: VS Code's window, or the one the tests installed. */
export const ui: WindowPrompts = {
  showQuickPick: (items, options) => current.showQuickPick(items, options),
  showQuickPickMany: (items, options) => current.showQuickPickMany(items, options),
  showInputBox: options => current.showInputBox(options),
  showInformationMessage: (...args) => current.showInformationMessage(...args),
  showWarningMessage: (...args) => current.showWarningMessage(...args),
  showErrorMessage: (...args) => current.showErrorMessage(...args),
  showSaveDialog: options => current.showSaveDialog(options),
  showOpenDialog: options => current.showOpenDialog(options),
};

/** Puts `prompts` in place of VS Code's window; `undefined` puts VS Code's window back. */
export function useWindowPrompts(prompts: WindowPrompts | undefined): void {
  current = prompts ?? vscodeWindow;
}

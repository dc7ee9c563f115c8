// Turns "old text → new text" into the one smallest replacement, so applying core edits to an open document moves
// the user's cursor and undo history as little as possible.
import * as vscode from 'vscode';

export interface Replacement {
  start: number;
  end: number;
  newText: string;
}

/** The range of `before` to replace with `newText` to obtain `after`; undefined when they are equal. */
export function smallestReplacement(before: string, after: string): Replacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}

export function toWorkspaceEdit(document: vscode.TextDocument, r: Replacement): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.newText);
  return edit;
}

// A replacement (see core/report/replacement.ts) as a WorkspaceEdit on an open document.
import * as vscode from 'vscode';
import type { Replacement } from '../../core/report/replacement';

export function toWorkspaceEdit(document: vscode.TextDocument, r: Replacement): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.newText);
  return edit;
}

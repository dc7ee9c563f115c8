// Problems panel: playbook diagnostics (parsePlaybook) for files under playbooks/, report diagnostics (parseReport)
// and what the report still lacks as a document (lintReport) for files in the reports folder, refreshed on open, on
// change (after a pause in typing) and on save.
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/playbook/model';
import { parsePlaybook } from '../../core/playbook/parser';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseReport } from '../../core/report/index';
import { lintReport } from '../../core/report/lint';
import type { Features } from '../features';
import { isPlaybookUri, isReportUri } from '../report/workspaceFiles';

const CHANGE_DELAY_MS = 300;

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Core positions are 1-based; the editor's are 0-based. The range runs to the end of the line named. */
function toVscodeDiagnostic(document: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const line = Math.min(Math.max(d.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const text = document.lineAt(line);
  const column = Math.min(Math.max(d.column - 1, 0), text.text.length);
  const end = column < text.text.length ? text.range.end : new vscode.Position(line, column + 1);
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, column, end.line, end.character),
    d.message,
    SEVERITY[d.severity],
  );
  diagnostic.code = d.code;
  diagnostic.source = 'IR Playbook';
  return diagnostic;
}

function isMarkdown(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' || document.uri.path.endsWith('.md');
}

function diagnose(document: vscode.TextDocument): Diagnostic[] | undefined {
  if (!isMarkdown(document)) return undefined;
  if (isPlaybookUri(document.uri)) return parsePlaybook(document.getText()).diagnostics;
  if (isReportUri(document.uri)) {
    const text = document.getText();
    const folder = path.dirname(document.uri.fsPath);
    const lint = lintReport(text, {
      evidenceExists: p => document.uri.scheme !== 'file' || existsSync(path.resolve(folder, p)),
    });
    return [...parseReport(text).diagnostics, ...lint];
  }
  return undefined;
}

export function registerDiagnostics(features: Features): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('irPlaybook');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const update = (document: vscode.TextDocument) => {
    const found = diagnose(document);
    if (found)
      collection.set(
        document.uri,
        found.map(d => toVscodeDiagnostic(document, d)),
      );
  };
  const later = (document: vscode.TextDocument) => {
    // Runs on every keystroke in every editor (and every output channel line): only markdown is worth a timer.
    if (!isMarkdown(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        update(document);
      }, CHANGE_DELAY_MS),
    );
  };
  features.context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument(e => later(e.document)),
    vscode.workspace.onDidSaveTextDocument(update),
    // A deleted file's problems go with it.
    vscode.workspace.onDidDeleteFiles(e => e.files.forEach(uri => collection.delete(uri))),
    { dispose: () => timers.forEach(t => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(update);
  return collection;
}

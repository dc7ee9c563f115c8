// Collects the problems found while parsing a playbook. Parsing never stops at the first one: every part reports
// here and carries on with what it could read.
import type { Diagnostic, DiagnosticSeverity, SourcePosition } from './model';

export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];

  add(severity: DiagnosticSeverity, at: SourcePosition, code: string, message: string): void {
    this.items.push({ line: Math.max(1, at.line), column: Math.max(1, at.column), severity, code, message });
  }

  error(at: SourcePosition, code: string, message: string): void {
    this.add('error', at, code, message);
  }

  warning(at: SourcePosition, code: string, message: string): void {
    this.add('warning', at, code, message);
  }

  /** In file order, so the first problem a person should look at comes first. */
  sorted(): Diagnostic[] {
    return [...this.items].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

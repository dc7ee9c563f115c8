// Collects the problems found while parsing a playbook. Parsing never stops at the first one: every part reports
// here and carries on with what it could read.
import type { Diagnostic, DiagnosticSeverity, SourcePosition } from './model';

/** Past this many, more problems add nothing a person can act on, and only slow the editor down. */
export const MAX_DIAGNOSTICS = 500;

export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  private dropped = 0;

  add(severity: DiagnosticSeverity, at: SourcePosition, code: string, message: string): void {
    if (this.items.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
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
    const sorted = [...this.items].sort((a, b) => a.line - b.line || a.column - b.column);
    if (this.dropped) {
      sorted.push({
        line: 1,
        column: 1,
        severity: 'info',
        code: 'too-many-problems',
        message: `${this.dropped} more problem(s) not listed; fix the ones above and validate again`,
      });
    }
    return sorted;
  }
}

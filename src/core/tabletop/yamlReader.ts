// Reads typed values out of YAML nodes and reports problems at the file line of the node that caused them.
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic, DiagnosticSeverity, SourcePosition } from '../playbook/model';

export class YamlReader {
  constructor(
    private readonly lineCounter: LineCounter,
    /** File line of the YAML text's first line. */
    private readonly firstLine: number,
    readonly diagnostics: Diagnostic[],
    /** Where to report a problem that has no node. */
    private readonly fallback: SourcePosition,
  ) {}

  position(node: unknown): SourcePosition {
    const range = (node as Node | undefined)?.range;
    if (!range) return this.fallback;
    const p = this.lineCounter.linePos(range[0]);
    return { line: p.line + this.firstLine - 1, column: p.col };
  }

  report(node: unknown, code: string, message: string, severity: DiagnosticSeverity = 'error'): void {
    this.diagnostics.push({ ...this.position(node), severity, code, message });
  }

  /** The map's pairs keyed by their scalar key text; reports non-map values. */
  entries(node: unknown, what: string): Map<string, Pair<unknown, unknown>> {
    const out = new Map<string, Pair<unknown, unknown>>();
    if (!isMap(node)) {
      this.report(node, 'invalid-value', `${what} must be a map of "key: value" lines.`);
      return out;
    }
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) this.report(pair.key, 'invalid-value', `${what}: keys must be plain words.`);
      else out.set(key, pair);
    }
    return out;
  }

  /** A scalar as text (numbers and booleans as written), or undefined with a problem reported. */
  text(node: unknown, what: string): string | undefined {
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
      return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    }
    this.report(node, 'invalid-value', `${what} must be a single value.`);
    return undefined;
  }

  /** A scalar or a list of scalars, as a list of texts. */
  texts(node: unknown, what: string): string[] {
    if (isSeq(node)) {
      return node.items.flatMap(item => {
        const t = this.text(item, `Each item of ${what}`);
        return t === undefined ? [] : [t];
      });
    }
    const t = this.text(node, what);
    return t === undefined ? [] : [t];
  }
}

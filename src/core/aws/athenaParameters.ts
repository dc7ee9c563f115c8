// Athena ExecutionParameters are SQL literal text applied to the `?` markers in order; a string value must carry its
// own quotes. Values are never put into the query text itself.
import type { BoundValue } from '../playbook/placeholders';

export function toExecutionParameter(v: BoundValue): string {
  switch (v.kind) {
    case 'integer':
      // validateParameter already guaranteed digits only; re-check so nothing else can ever travel bare.
      if (!/^-?\d+$/.test(v.value)) throw new Error(`not a whole number: ${v.value}`);
      return v.value;
    case 'string':
    case 'timestamp':
      return `'${v.value.replace(/'/g, "''")}'`;
  }
}

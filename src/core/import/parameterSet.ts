// The typed parameters an import discovers (from sample values in queries and CLI commands), written to the front
// matter. One name per parameter; the first type seen for a name wins.
import type { ParameterType } from '../playbook/model';
import type { PlaceholderKind } from '../playbook/placeholderLiterals';

interface ImportedParameter {
  name: string;
  type: ParameterType;
  label: string;
  default?: string;
}

const TYPE_OF: Record<PlaceholderKind, ParameterType> = {
  accessKeyId: 'accessKeyId',
  windowStart: 'timeWindow',
  windowEnd: 'timeWindow',
  time: 'isoTime',
  accountId: 'accountId',
  ip: 'ip',
  instanceId: 'instanceId',
  securityGroupId: 'securityGroupId',
  text: 'string',
};

const LABELS: Record<string, string> = {
  access_key_id: 'Access key id',
  window: 'Investigation window',
  time: 'Time',
  account_id: 'AWS account id',
  ip: 'IP address',
  instance_id: 'EC2 instance id',
  security_group_id: 'Security group id',
};

export class ParameterSet {
  private readonly byName = new Map<string, ImportedParameter>();

  /** Declares the parameter a sample value stands for; returns the `{{…}}` reference to put in its place. */
  reference(kind: PlaceholderKind, name: string): string {
    const type = TYPE_OF[kind];
    // A parameter name is lower-case letters, digits and "_", starting with a letter (FORMAT.md).
    const clean = name
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40);
    let key = /^[a-z]/.test(clean) ? clean : `value_${clean}`.replace(/_+$/, '');
    const existing = this.byName.get(key);
    if (existing && existing.type !== type) key = `${name}_${type.toLowerCase()}`;
    if (!this.byName.has(key)) {
      const param: ImportedParameter = { name: key, type, label: LABELS[key] ?? key.replace(/_/g, ' ') };
      if (type === 'timeWindow') param.default = 'P7D';
      this.byName.set(key, param);
    }
    if (kind === 'windowStart') return `{{${key}.start}}`;
    if (kind === 'windowEnd') return `{{${key}.end}}`;
    return `{{${key}}}`;
  }

  list(): ImportedParameter[] {
    return [...this.byName.values()];
  }
}

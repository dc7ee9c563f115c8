// Wire-shaped data as the XML of the query protocols: an object's keys become elements in the order given, a list
// becomes one child per element (EC2 names it <item>, IAM and STS <member>), and a time becomes ISO 8601 text.
import { xmlEscape } from './wire';

export type ListTag = 'item' | 'member';

export function toXml(value: unknown, listTag: ListTag): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(v => `<${listTag}>${toXml(v, listTag)}</${listTag}>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, listTag)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

/** Numbered query parameters (`GroupId.1`, `Filter.1.Value.2`) as lists: `list(params, 'GroupId')`. */
export function queryList(params: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params[`${prefix}.${i}`] !== undefined; i++) out.push(params[`${prefix}.${i}`]);
  return out;
}

/** EC2 filters: `Filter.N.Name` with `Filter.N.Value.M`. */
export function queryFilters(params: Record<string, string>): Array<{ name: string; values: string[] }> {
  const out: Array<{ name: string; values: string[] }> = [];
  for (let i = 1; params[`Filter.${i}.Name`] !== undefined; i++) {
    out.push({ name: params[`Filter.${i}.Name`], values: queryList(params, `Filter.${i}.Value`) });
  }
  return out;
}

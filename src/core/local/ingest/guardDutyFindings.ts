// GuardDuty findings in the shapes responders have them (S3 export lines, EventBridge events, `aws guardduty
// get-findings` output, API responses, a bare finding), reshaped to one row of `guardduty_findings`. The columns the
// AWS API engine also shows are read by its own projection, so a finding gives the same values offline and live.
import { PROJECTIONS } from '../../aws/api/projections';
import { sdkShape, valueAt } from '../sdkShape';
import type { FoundRecord, NormalizedEvent } from './cloudtrailRecords';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An EventBridge event carries the finding in `detail`; anything else is taken as the finding itself. */
function unwrap(value: unknown, where: string): FoundRecord {
  if (!isObject(value)) return { where, problem: 'not a JSON object' };
  if ('detail' in value && ('detail-type' in value || 'source' in value)) {
    return isObject(value.detail)
      ? { where: `${where}.detail`, record: value.detail }
      : { where, problem: 'the event\'s "detail" is not a JSON object' };
  }
  return { where, record: value };
}

/** Findings in a parsed document: `{"Findings": [...]}` (CLI), `{"findings": [...]}` (API), an array, one event or finding. */
export function findingsInDocument(doc: unknown, prefix = ''): FoundRecord[] {
  const list = (items: unknown[], name: string) => items.map((v, i) => unwrap(v, `${prefix}${name}[${i}]`));
  if (Array.isArray(doc)) return list(doc, '');
  if (isObject(doc) && Array.isArray(doc.Findings)) return list(doc.Findings, 'Findings');
  if (isObject(doc) && Array.isArray(doc.findings)) return list(doc.findings, 'findings');
  return [unwrap(doc, prefix || 'document')];
}

const projected = new Map(PROJECTIONS['guardduty:GetFindings'].columns);
const fromProjection = (column: string, finding: unknown) =>
  projected.get(column)?.(finding as Record<string, unknown>, {});

function isoTime(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const t = new Date(v);
  return isNaN(t.getTime()) ? undefined : t.toISOString();
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? null : String(v));
const num = (v: unknown) => (v === undefined || v === null || v === '' || isNaN(Number(v)) ? null : Number(v));
const bool = (v: unknown) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null);

/** Validates a finding (id, type and a time are required) and reshapes it to a row of `guardduty_findings`. */
export function normalizeFinding(finding: Record<string, unknown>, file: string): NormalizedEvent {
  const f = sdkShape(finding) as Record<string, unknown>;
  const id = typeof f.Id === 'string' && f.Id !== '' ? f.Id : undefined;
  const named = id ? ` (id ${id.slice(0, 80)})` : '';
  if (!id || typeof f.Type !== 'string')
    return { problem: `not a GuardDuty finding: missing ${id ? 'type' : 'id'}${named}` };
  const updated = isoTime(f.UpdatedAt) ?? isoTime(f.CreatedAt);
  if (!updated) return { problem: `no valid updatedAt or createdAt time${named}` };
  const portProbe = (valueAt(f, 'Service.Action.PortProbeAction.PortProbeDetails') as unknown[] | undefined)?.[0];
  return {
    row: {
      id,
      type: f.Type,
      severity: num(f.Severity),
      title: text(f.Title),
      created_at: isoTime(f.CreatedAt) ?? updated,
      updated_at: updated,
      account_id: text(f.AccountId),
      region: text(f.Region),
      resource_type: text(fromProjection('resource_type', f)),
      instance_id: text(fromProjection('instance_id', f)),
      access_key_id: text(fromProjection('access_key_id', f)),
      user_name: text(fromProjection('user_name', f)),
      principal_id: text(valueAt(f, 'Resource.AccessKeyDetails.PrincipalId')),
      remote_ip: text(fromProjection('remote_ip', f)),
      local_port: num(
        valueAt(f, 'Service.Action.NetworkConnectionAction.LocalPortDetails.Port') ??
          valueAt(portProbe, 'LocalPortDetails.Port'),
      ),
      action_type: text(fromProjection('action_type', f)),
      count: num(valueAt(f, 'Service.Count')),
      sample: bool(valueAt(f, 'Service.AdditionalInfo.Sample')) ?? false,
      archived: bool(valueAt(f, 'Service.Archived')),
      finding: JSON.stringify(finding),
      _file: file,
    },
  };
}

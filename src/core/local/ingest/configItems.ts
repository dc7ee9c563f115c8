// AWS Config configuration items as Config delivers them to S3 (history and snapshot files,
// `{"fileVersion": ..., "configurationItems": [...]}`) or as `aws configservice get-resource-config-history` prints
// them, reshaped to one row of `config_items`. Field names differ between the two (`ARN`/`arn`,
// `awsAccountId`/`accountId`), so they are matched without regard to case and both spellings are read.
import type { FoundRecord, NormalizedEvent } from './cloudtrailRecords';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function configItemsInDocument(doc: unknown, prefix = ''): FoundRecord[] {
  const list = (items: unknown[], name: string) =>
    items.map((v, i) =>
      isObject(v)
        ? { where: `${prefix}${name}[${i}]`, record: v }
        : { where: `${prefix}${name}[${i}]`, problem: 'not a JSON object' },
    );
  if (isObject(doc) && Array.isArray(doc.configurationItems)) return list(doc.configurationItems, 'configurationItems');
  if (Array.isArray(doc)) return list(doc, '');
  if (isObject(doc) && 'resourceType' in doc) return [{ where: prefix || 'document', record: doc }];
  return [{ where: prefix || 'document', problem: 'no "configurationItems" array and not a configuration item' }];
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? null : String(v));
/** JSON-valued fields as JSON text; the API already gives `configuration` as a JSON string. */
const json = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

export function normalizeConfigItem(item: Record<string, unknown>, file: string): NormalizedEvent {
  const lower: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) lower[k.toLowerCase()] = v;
  const type = text(lower.resourcetype);
  const id = text(lower.resourceid);
  if (!type || !id) return { problem: `not a configuration item: missing ${type ? 'resourceId' : 'resourceType'}` };
  const time = new Date(String(lower.configurationitemcapturetime));
  if (isNaN(time.getTime()))
    return { problem: `configurationItemCaptureTime is not a time (${type} ${id.slice(0, 80)})` };
  return {
    row: {
      resource_type: type,
      resource_id: id,
      resource_name: text(lower.resourcename),
      arn: text(lower.arn),
      account_id: text(lower.awsaccountid ?? lower.accountid),
      region: text(lower.awsregion),
      capture_time: time.toISOString(),
      status: text(lower.configurationitemstatus),
      state_id: text(lower.configurationstateid),
      configuration: json(lower.configuration),
      relationships: json(lower.relationships),
      related_events: json(lower.relatedevents),
      tags: json(lower.tags),
      item: JSON.stringify(item),
      _file: file,
    },
  };
}

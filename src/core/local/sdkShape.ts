// GuardDuty's API and EventBridge give findings with camelCase keys, the SDK and the AWS CLI with PascalCase ones, and
// AWS Config records resources in the EC2 API's camelCase. One shape, the SDK's, lets the local engine read them with
// the AWS API engine's own projections.

/** The value with every object key's first letter upper-cased (`remoteIpDetails` → `RemoteIpDetails`). */
export function sdkShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sdkShape);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), sdkShape(v)]),
  );
}

/** Reads a dotted path (`Service.Action.ActionType`) from a value in the SDK shape. */
export function valueAt(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

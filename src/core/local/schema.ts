// The Athena table shapes the local database reproduces, and the physical tables behind them.
// CloudTrail columns follow the Athena CloudTrail DDL (lower-case names, nested structs); flow-log columns follow the
// Athena VPC flow-log DDL for versions 2–5 (field `a-b` in a log header is column `a_b`).

export type FieldType = 'VARCHAR' | 'MAP' | { struct: Record<string, FieldType> } | { list: FieldType };

const S = 'VARCHAR' as const;
const struct = (fields: Record<string, FieldType>): FieldType => ({ struct: fields });

/** CloudTrail record fields in Athena's column order. JSON-valued fields are strings holding JSON text, like the SerDe. */
export const CLOUDTRAIL_COLUMNS: Record<string, FieldType> = {
  eventversion: S,
  useridentity: struct({
    type: S,
    principalid: S,
    arn: S,
    accountid: S,
    invokedby: S,
    accesskeyid: S,
    username: S,
    onbehalfof: struct({ userid: S, identitystorearn: S }),
    sessioncontext: struct({
      attributes: struct({ mfaauthenticated: S, creationdate: S }),
      sessionissuer: struct({ type: S, principalid: S, arn: S, accountid: S, username: S }),
      ec2roledelivery: S,
      webidfederationdata: struct({ federatedprovider: S, attributes: 'MAP' }),
      sourceidentity: S,
    }),
  }),
  eventtime: S,
  eventsource: S,
  eventname: S,
  awsregion: S,
  sourceipaddress: S,
  useragent: S,
  errorcode: S,
  errormessage: S,
  requestparameters: S,
  responseelements: S,
  additionaleventdata: S,
  requestid: S,
  eventid: S,
  resources: { list: struct({ arn: S, accountid: S, type: S }) },
  eventtype: S,
  apiversion: S,
  readonly: S,
  recipientaccountid: S,
  serviceeventdetails: S,
  sharedeventid: S,
  vpcendpointid: S,
  vpcendpointaccountid: S,
  eventcategory: S,
  addendum: struct({ reason: S, updatedfields: S, originalrequestid: S, originaleventid: S }),
  sessioncredentialfromconsole: S,
  edgedevicedetails: S,
  tlsdetails: struct({ tlsversion: S, ciphersuite: S, clientprovidedhostheader: S }),
};

/**
 * The keys CloudTrail writes for the CLOUDTRAIL_COLUMNS, in its own case: DuckDB's JSON reader matches keys exactly,
 * then casts the struct by name to the lower-case columns. A file written with other casing reads as records without
 * eventTime and goes to the Node loader, which matches keys without regard to case (bulkLoad.ts).
 */
export const CLOUDTRAIL_JSON_KEYS: Record<string, FieldKeys> = {
  eventversion: 'eventVersion',
  useridentity: {
    key: 'userIdentity',
    fields: {
      type: 'type',
      principalid: 'principalId',
      arn: 'arn',
      accountid: 'accountId',
      invokedby: 'invokedBy',
      accesskeyid: 'accessKeyId',
      username: 'userName',
      onbehalfof: { key: 'onBehalfOf', fields: { userid: 'userId', identitystorearn: 'identityStoreArn' } },
      sessioncontext: {
        key: 'sessionContext',
        fields: {
          attributes: {
            key: 'attributes',
            fields: { mfaauthenticated: 'mfaAuthenticated', creationdate: 'creationDate' },
          },
          sessionissuer: {
            key: 'sessionIssuer',
            fields: {
              type: 'type',
              principalid: 'principalId',
              arn: 'arn',
              accountid: 'accountId',
              username: 'userName',
            },
          },
          ec2roledelivery: 'ec2RoleDelivery',
          webidfederationdata: {
            key: 'webIdFederationData',
            fields: { federatedprovider: 'federatedProvider', attributes: 'attributes' },
          },
          sourceidentity: 'sourceIdentity',
        },
      },
    },
  },
  eventtime: 'eventTime',
  eventsource: 'eventSource',
  eventname: 'eventName',
  awsregion: 'awsRegion',
  sourceipaddress: 'sourceIPAddress',
  useragent: 'userAgent',
  errorcode: 'errorCode',
  errormessage: 'errorMessage',
  requestparameters: 'requestParameters',
  responseelements: 'responseElements',
  additionaleventdata: 'additionalEventData',
  requestid: 'requestID',
  eventid: 'eventID',
  resources: { key: 'resources', fields: { arn: 'ARN', accountid: 'accountId', type: 'type' } },
  eventtype: 'eventType',
  apiversion: 'apiVersion',
  readonly: 'readOnly',
  recipientaccountid: 'recipientAccountId',
  serviceeventdetails: 'serviceEventDetails',
  sharedeventid: 'sharedEventID',
  vpcendpointid: 'vpcEndpointId',
  vpcendpointaccountid: 'vpcEndpointAccountId',
  eventcategory: 'eventCategory',
  addendum: {
    key: 'addendum',
    fields: {
      reason: 'reason',
      updatedfields: 'updatedFields',
      originalrequestid: 'originalRequestID',
      originaleventid: 'originalEventID',
    },
  },
  sessioncredentialfromconsole: 'sessionCredentialFromConsole',
  edgedevicedetails: 'edgeDeviceDetails',
  tlsdetails: {
    key: 'tlsDetails',
    fields: {
      tlsversion: 'tlsVersion',
      ciphersuite: 'cipherSuite',
      clientprovidedhostheader: 'clientProvidedHostHeader',
    },
  },
};

/** A JSON key, or for a struct its key and the keys of its fields (a list of structs names its element's fields). */
export type FieldKeys = string | { key: string; fields: Record<string, FieldKeys> };

/** The json_transform structure that reads these columns from a record under CloudTrail's own key names. */
export function cloudTrailJsonStructure(
  columns: Record<string, FieldType> = CLOUDTRAIL_COLUMNS,
  keys: Record<string, FieldKeys> = CLOUDTRAIL_JSON_KEYS,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(columns)) {
    const k = keys[name];
    const key = typeof k === 'string' ? k : k.key;
    const fields = typeof k === 'string' ? {} : k.fields;
    if (type === 'VARCHAR' || type === 'MAP') out[key] = duckdbType(type);
    else if ('list' in type)
      out[key] = [cloudTrailJsonStructure((type.list as { struct: Record<string, FieldType> }).struct, fields)];
    else out[key] = cloudTrailJsonStructure(type.struct, fields);
  }
  return out;
}

/** Athena's partition columns for CloudTrail (from the S3 key), exposed like the partitioned table does. */
export const CLOUDTRAIL_PARTITIONS = ['region', 'year', 'month', 'day'];

/** Columns the engine keeps beside each event, never shown through the Athena views. */
export const CLOUDTRAIL_INTERNAL: Record<string, string> = {
  _file: 'VARCHAR',
  _username: 'VARCHAR',
  _event_ts: 'TIMESTAMP',
  // The record as delivered is most of the cache: zstd keeps it at about 40% of what DuckDB's default (FSST) does.
  _raw: 'VARCHAR USING COMPRESSION zstd',
};

export function duckdbType(t: FieldType): string {
  if (t === 'VARCHAR') return 'VARCHAR';
  if (t === 'MAP') return 'MAP(VARCHAR, VARCHAR)';
  if ('list' in t) return `${duckdbType(t.list)}[]`;
  return `STRUCT(${Object.entries(t.struct)
    .map(([k, v]) => `"${k}" ${duckdbType(v)}`)
    .join(', ')})`;
}

/** Flow-log columns of the Athena DDL, in order, with their Athena types mapped to DuckDB. */
const FLOW_COLUMNS: Array<[string, string]> = [
  ['version', 'INTEGER'],
  ['account_id', 'VARCHAR'],
  ['interface_id', 'VARCHAR'],
  ['srcaddr', 'VARCHAR'],
  ['dstaddr', 'VARCHAR'],
  ['srcport', 'INTEGER'],
  ['dstport', 'INTEGER'],
  ['protocol', 'BIGINT'],
  ['packets', 'BIGINT'],
  ['bytes', 'BIGINT'],
  ['start', 'BIGINT'],
  ['end', 'BIGINT'],
  ['action', 'VARCHAR'],
  ['log_status', 'VARCHAR'],
  ['vpc_id', 'VARCHAR'],
  ['subnet_id', 'VARCHAR'],
  ['instance_id', 'VARCHAR'],
  ['tcp_flags', 'INTEGER'],
  ['type', 'VARCHAR'],
  ['pkt_srcaddr', 'VARCHAR'],
  ['pkt_dstaddr', 'VARCHAR'],
  ['region', 'VARCHAR'],
  ['az_id', 'VARCHAR'],
  ['sublocation_type', 'VARCHAR'],
  ['sublocation_id', 'VARCHAR'],
  ['pkt_src_aws_service', 'VARCHAR'],
  ['pkt_dst_aws_service', 'VARCHAR'],
  ['flow_direction', 'VARCHAR'],
  ['traffic_path', 'INTEGER'],
];

const ATHENA_FLOW_NAMES = new Set(FLOW_COLUMNS.map(([name]) => name));

/** True for a column of the Athena DDL; any other field of a custom format is an extra VARCHAR column. */
export function isAthenaFlowColumn(name: string): boolean {
  return ATHENA_FLOW_NAMES.has(name);
}

/** The columns for these fields: those of the Athena DDL in its order, then the fields beyond it in their own order. */
export function flowColumnsInOrder(fields: string[]): string[] {
  const present = new Set(fields);
  return [...FLOW_COLUMNS.map(([n]) => n).filter(n => present.has(n)), ...fields.filter(f => !isAthenaFlowColumn(f))];
}

/** The default (version 2) format: the first 14 columns, also what a header-less 14-field file is read as. */
export const DEFAULT_FLOW_FIELDS = FLOW_COLUMNS.slice(0, 14).map(([name]) => name);

/** A header field (`log-status`, `${log-status}`, `log_status`) → its column name. */
export function flowColumnName(field: string): string {
  return field
    .replace(/^\$\{|\}$/g, '')
    .trim()
    .toLowerCase()
    .replace(/-/g, '_');
}

export function flowColumnType(name: string): string {
  return FLOW_COLUMNS.find(([n]) => n === name)?.[1] ?? 'VARCHAR';
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const SCHEMA_VERSION = '4';

/**
 * GuardDuty findings (S3 export, EventBridge event, CLI output or API shape), one row per finding version as found; the
 * offline `aws` blocks keep the latest version of each id. `finding` is the finding's JSON as delivered.
 */
export const GUARDDUTY_COLUMNS: Record<string, string> = {
  id: 'VARCHAR',
  type: 'VARCHAR',
  severity: 'DOUBLE',
  title: 'VARCHAR',
  created_at: 'VARCHAR',
  updated_at: 'VARCHAR',
  account_id: 'VARCHAR',
  region: 'VARCHAR',
  resource_type: 'VARCHAR',
  instance_id: 'VARCHAR',
  access_key_id: 'VARCHAR',
  user_name: 'VARCHAR',
  principal_id: 'VARCHAR',
  remote_ip: 'VARCHAR',
  local_port: 'INTEGER',
  action_type: 'VARCHAR',
  count: 'BIGINT',
  sample: 'BOOLEAN',
  archived: 'BOOLEAN',
  finding: 'VARCHAR',
  _file: 'VARCHAR',
};

/** AWS Config configuration items from history and snapshot files; JSON-valued fields hold JSON text. */
export const CONFIG_COLUMNS: Record<string, string> = {
  resource_type: 'VARCHAR',
  resource_id: 'VARCHAR',
  resource_name: 'VARCHAR',
  arn: 'VARCHAR',
  account_id: 'VARCHAR',
  region: 'VARCHAR',
  capture_time: 'VARCHAR',
  status: 'VARCHAR',
  state_id: 'VARCHAR',
  configuration: 'VARCHAR',
  relationships: 'VARCHAR',
  related_events: 'VARCHAR',
  tags: 'VARCHAR',
  item: 'VARCHAR',
  _file: 'VARCHAR',
};

const columnList = (columns: Record<string, string>) =>
  Object.entries(columns)
    .map(([n, t]) => `${quoteIdent(n)} ${t}`)
    .join(', ');

/** Tables created once per cache database. Extra flow-log fields a custom format adds are added as VARCHAR columns. */
export function baseTableStatements(): string[] {
  const ct = [
    ...Object.entries(CLOUDTRAIL_COLUMNS).map(([n, t]) => `${quoteIdent(n)} ${duckdbType(t)}`),
    ...CLOUDTRAIL_PARTITIONS.map(n => `${quoteIdent(n)} VARCHAR`),
    ...Object.entries(CLOUDTRAIL_INTERNAL).map(([n, t]) => `${n} ${t}`),
  ];
  const flow = [...FLOW_COLUMNS.map(([n, t]) => `${quoteIdent(n)} ${t}`), '"date" DATE', '_file VARCHAR'];
  return [
    `CREATE TABLE IF NOT EXISTS ct_events (${ct.join(', ')})`,
    `CREATE TABLE IF NOT EXISTS flow_records (${flow.join(', ')})`,
    `CREATE TABLE IF NOT EXISTS guardduty_findings (${columnList(GUARDDUTY_COLUMNS)})`,
    `CREATE TABLE IF NOT EXISTS config_items (${columnList(CONFIG_COLUMNS)})`,
    // One row per data file: what was loaded from it and what was wrong with it.
    `CREATE TABLE IF NOT EXISTS _files (path VARCHAR PRIMARY KEY, size BIGINT, mtime_ms DOUBLE, kind VARCHAR,
      records BIGINT, skipped_records BIGINT, failed BOOLEAN, problems VARCHAR,
      bytes_read BIGINT, invalid_utf8 BIGINT)`,
    'CREATE TABLE IF NOT EXISTS _flow_fields (name VARCHAR PRIMARY KEY)',
    'CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)',
  ];
}

/** The Athena-named views; `vpc_flow_logs` shows the default columns plus every custom field a loaded file has. */
export function viewStatements(flowFields: string[]): string[] {
  const ordered = flowColumnsInOrder([...DEFAULT_FLOW_FIELDS, ...flowFields]);
  const ctColumns = [...Object.keys(CLOUDTRAIL_COLUMNS), ...CLOUDTRAIL_PARTITIONS].map(quoteIdent).join(', ');
  return [
    `CREATE OR REPLACE VIEW cloudtrail_logs AS SELECT ${ctColumns} FROM ct_events`,
    'CREATE OR REPLACE VIEW cloudtrail AS SELECT * FROM cloudtrail_logs',
    `CREATE OR REPLACE VIEW vpc_flow_logs AS SELECT ${[...ordered, 'date'].map(quoteIdent).join(', ')} FROM flow_records`,
  ];
}

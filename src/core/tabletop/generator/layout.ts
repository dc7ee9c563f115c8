// Where CloudTrail and VPC Flow Logs put their files in S3, reproduced on disk:
//   AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz
//   AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/<account>_vpcflowlogs_<region>_<fl-id>_<YYYYMMDDTHHmmZ>_<8 hex>.log.gz

/** `20261120T0915Z`: the delivery stamp in both services' file names. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
}

function dayFolder(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
}

export function cloudTrailPath(accountId: string, region: string, deliveredMs: number, suffix16: string): string {
  return `AWSLogs/${accountId}/CloudTrail/${region}/${dayFolder(deliveredMs)}/${accountId}_CloudTrail_${region}_${fileStamp(deliveredMs)}_${suffix16}.json.gz`;
}

export function flowLogPath(
  accountId: string,
  region: string,
  flowLogId: string,
  deliveredMs: number,
  hash8: string,
): string {
  return `AWSLogs/${accountId}/vpcflowlogs/${region}/${dayFolder(deliveredMs)}/${accountId}_vpcflowlogs_${region}_${flowLogId}_${fileStamp(deliveredMs)}_${hash8}.log.gz`;
}

/** `AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz`: GuardDuty's export of findings to S3. */
export function guardDutyPath(accountId: string, region: string, exportedMs: number, uuid: string): string {
  return `AWSLogs/${accountId}/GuardDuty/${region}/${dayFolder(exportedMs)}/${uuid}.jsonl.gz`;
}

/**
 * `AWSLogs/<account>/Config/<region>/YYYY/M/D/ConfigHistory/<account>_Config_<region>_ConfigHistory_<type>_<from>_<to>_1.json.gz`
 * (and `ConfigSnapshot/<account>_Config_<region>_ConfigSnapshot_<time>_<uuid>.json.gz`): Config's delivery to S3,
 * whose day folders are not zero-padded.
 */
export function configPath(
  accountId: string,
  region: string,
  ms: number,
  name: string,
  kind: 'ConfigHistory' | 'ConfigSnapshot',
): string {
  const d = new Date(ms);
  const day = `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
  return `AWSLogs/${accountId}/Config/${region}/${day}/${kind}/${accountId}_Config_${region}_${kind}_${name}.json.gz`;
}

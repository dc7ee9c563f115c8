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

export function flowLogPath(accountId: string, region: string, flowLogId: string, deliveredMs: number, hash8: string): string {
  return `AWSLogs/${accountId}/vpcflowlogs/${region}/${dayFolder(deliveredMs)}/${accountId}_vpcflowlogs_${region}_${flowLogId}_${fileStamp(deliveredMs)}_${hash8}.log.gz`;
}

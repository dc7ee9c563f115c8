// The AWS side of the core: sessions from profiles, the CloudTrail and Athena engines, the AWS API engine (read-only
// calls) and containment actions.
export { listProfiles, awsFilePaths, defaultProfileName, regionFromEnv } from './profiles';
export type { AwsProfile, ProfileKind, Env } from './profiles';
export { AwsSession, ENVIRONMENT_PROFILE } from './session';
export type { AwsSessionOptions, CallerIdentity, SessionDescription } from './session';
export { toAwsEngineError, unknownProfileError, missingRegionError, AWS_ERROR } from './errors';
export type { AwsErrorContext } from './errors';
export { CloudTrailEngine, EVENT_HISTORY_DAYS, checkWindow } from './cloudtrailEngine';
export type { CloudTrailEngineOptions } from './cloudtrailEngine';
export { CLOUDTRAIL_COLUMNS, cloudTrailRow, opensToWorld, parseCloudTrailEvent } from './cloudtrailRows';
export { AthenaEngine } from './athenaEngine';
export type { AthenaSettings } from './athenaEngine';
export { listNamedQueries } from './namedQueries';
export type { NamedQuery } from './namedQueries';
export { checkReadOnly } from './readOnlyGuard';
export { athenaCostUsd } from './athenaCost';
export { ALL_KNOWN_REGIONS, DEFAULT_REGIONS, OPT_IN_REGIONS } from './awsRegions';
export { AwsApiEngine } from './api/awsApiEngine';
export type { AwsApiEngineOptions } from './api/awsApiEngine';
export { ActionEngine } from './api/actionEngine';
export type { ActionConfirmation, ConfirmAction } from './api/actionEngine';

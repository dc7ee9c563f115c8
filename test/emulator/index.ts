// Local AWS wire emulator (CloudTrail, Athena, STS, and the inventory services) for tests and benchmarks. See README.md.
export { startEmulator } from './emulator';
export { DEFAULT_CREDENTIALS, DEFAULT_CREDENTIALS_ENV, DEFAULT_ENABLED_REGIONS, DEFAULT_MFA_CODE } from './defaults';
export type {
  ApiRate,
  CallRecord,
  Emulator,
  EmulatorCredentials,
  EmulatorOptions,
  EmulatorRole,
  Fault,
  FaultKind,
  LazyRows,
  InventorySeed,
  QueryFinalState,
  ReceivedQueryExecution,
  SeededQueryResult,
  SeedEvent,
  SeedNamedQuery,
  ServiceName,
  WireItem,
} from './types';

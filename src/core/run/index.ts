// Running a query into the report: evidence files, the run record, and checking evidence later.
export { describeFailure, executeAndRecord, SUMMARY_CELL_CHARS, type RecordOptions } from './record';
export { verifyEvidence, type EvidenceCheck } from './verify';
export { csvField, csvRecord } from './csv';
export { evidenceFolderName } from './evidenceSink';
export { evidencePathByName, resolveEvidencePath } from './evidencePath';
export { blockParameterProblems, blockRequest, effectiveParameters } from './prepare';

// The extension's command ids, exactly as package.json declares them under contributes.commands. The command table
// is keyed by this type (a missing body does not compile) and every place that runs or shows a command names one of
// these; test/unit/extension/commandIds.test.ts keeps this list and the manifest equal.
export const COMMAND_IDS = [
  'irPlaybook.openPlaybook',
  'irPlaybook.importPlaybook',
  'irPlaybook.startIncident',
  'irPlaybook.startTabletop',
  'irPlaybook.openReport',
  'irPlaybook.refresh',
  'irPlaybook.setIncidentStatus',
  'irPlaybook.switchEngineMode',
  'irPlaybook.openStep',
  'irPlaybook.markStepDone',
  'irPlaybook.markStepSkipped',
  'irPlaybook.markStepInProgress',
  'irPlaybook.resetStep',
  'irPlaybook.selectProfile',
  'irPlaybook.selectRegion',
  'irPlaybook.addLocalDataSource',
  'irPlaybook.verifyEvidence',
  'irPlaybook.showDebrief',
  'irPlaybook.addFinding',
  'irPlaybook.useIndicatorAsParameter',
  'irPlaybook.showBriefing',
  'irPlaybook.releaseInject',
  'irPlaybook.exportReport',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

// Tabletop exercises: the scenario format, the data generator, the debrief and the sample workspace.
export * from './model';
export { parseScenario, hasErrors } from './parseScenario';
export { loadScenario, scenarioFile, type LoadedScenario } from './loadScenario';
export {
  generateScenarioData,
  type GenerateOptions,
  type GeneratedFile,
  type GenerationSummary,
  type StoryFacts,
} from './generator/generate';
export { FLOW_LOG_HEADER } from './generator/flowLogs';
export { scoreDebrief, renderDebrief, type DebriefResult } from './debrief';
export { readExercise, withExercise, type ExerciseRecord, type ReleasedInject } from './exerciseSection';
export { playerView, briefingHtml, type PlayerView, type BriefingLabels } from './briefing';
export { ensureScenarioData } from './scenarioData';
export { prepareSampleWorkspace, type SampleWorkspaceOptions, type SampleWorkspaceResult } from './sampleWorkspace';

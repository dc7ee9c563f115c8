// Reading and writing the exercise section of the current report (released injects, the debrief) through the core's
// one report writer, after the session wrote what it still held back.
import type { ExerciseRecord } from '../../core/tabletop/index';
import { readExercise, withExercise } from '../../core/tabletop/index';
import type { Scenario } from '../../core/tabletop/model';
import { updateReportFile } from '../../core/report/reportFile';
import type { ReportSession } from '../report/reportSession';
import { readText } from '../report/workspaceFiles';

export async function readExerciseOf(session: ReportSession): Promise<ExerciseRecord> {
  return readExercise(await readText(session.uri));
}

/** Applies `change` to the exercise section on disk and returns the section as written. */
export async function updateExercise(
  session: ReportSession,
  scenario: Scenario,
  change: (record: ExerciseRecord) => ExerciseRecord,
): Promise<ExerciseRecord> {
  await session.flush();
  const { text } = await updateReportFile(session.uri.fsPath, current =>
    withExercise(current, scenario, change(readExercise(current))),
  );
  session.accept(text);
  return readExercise(text);
}

/** Marks the injects released now (those already released keep their time). */
export function releaseInjects(session: ReportSession, scenario: Scenario, ids: string[]): Promise<ExerciseRecord> {
  const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return updateExercise(session, scenario, record => ({
    ...record,
    released: [
      ...record.released,
      ...ids.filter(id => !record.released.some(r => r.id === id)).map(id => ({ id, at })),
    ],
  }));
}

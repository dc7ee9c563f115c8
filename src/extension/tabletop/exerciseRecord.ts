// Reading and writing the exercise section of the current report (released injects, the debrief). Writes go through
// the report session like every other change the extension makes: applied to the document (so text being edited in
// an editor is kept, and the editor never holds a copy older than the file), then saved.
import type { ExerciseRecord } from '../../core/tabletop/index';
import { readExercise, withExercise } from '../../core/tabletop/index';
import type { Scenario } from '../../core/tabletop/model';
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
  await session.rewrite('exercise', text => withExercise(text, scenario, change(readExercise(text))));
  return readExerciseOf(session);
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

// What one import collects as it goes: the parameters it declares, the query ids it hands out, what it counted and
// what it could not map.
import { IdScope } from '../playbook/ids';
import { ParameterSet } from './parameterSet';

type UnmappedKind = 'aws-command' | 'response-step' | 'placeholder' | 'companion-file' | 'section';

export interface Unmapped {
  kind: UnmappedKind;
  /** The text that stays as guidance (a command, a title, a sample value). */
  text: string;
  /** The step or section it is in. */
  where: string;
  reason?: string;
}

export interface ImportCounts {
  athena: number;
  cloudtrail: number;
  aws: number;
  action: number;
  questions: number;
}

export interface ImportContext {
  parameters: ParameterSet;
  queryIds: IdScope;
  counts: ImportCounts;
  unmapped: Unmapped[];
  /** Reads a companion file named by a path relative to the playbook; undefined when it cannot. */
  readCompanion?: (relativePath: string) => string | undefined;
}

export function newContext(readCompanion?: (relativePath: string) => string | undefined): ImportContext {
  return {
    parameters: new ParameterSet(),
    queryIds: new IdScope(),
    counts: { athena: 0, cloudtrail: 0, aws: 0, action: 0, questions: 0 },
    unmapped: [],
    readCompanion,
  };
}

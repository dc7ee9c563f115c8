// Command bodies of the findings feature, for the command table.
import type { Features } from '../features';
import { requireReport } from '../commands/requireReport';
import { addFindingByHand } from './addFindings';
import { useIndicatorAsParameter } from './indicatorCommands';

export function addFindingCommand(features: Features) {
  return async (): Promise<boolean> => {
    const session = requireReport(features);
    return session ? addFindingByHand(session) : false;
  };
}

export function useIndicatorAsParameterCommand(features: Features) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const session = requireReport(features);
    return session ? useIndicatorAsParameter(session, arg) : undefined;
  };
}

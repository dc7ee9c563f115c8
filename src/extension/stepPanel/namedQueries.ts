// The Athena named queries a flow-log step offers beside its own blocks. The VPC console's "Generate Athena
// integration" template saves its predefined flow-log queries in the workgroup with names starting VpcFlowLogs;
// discovering them shows the ones this account really has, each run on the database it was saved with.
import type * as vscode from 'vscode';
import type { NamedQuery } from '../../core/aws/namedQueries';
import type { QueryBlock, Step } from '../../core/playbook/model';
import { describeFailure } from '../../core/run/index';
import type { HostNotification, NamedQueriesState, NamedQueryView } from '../../shared/messages';
import type { Features } from '../features';
import { readSettings } from '../settings';

const ID_PREFIX = 'named:';
const FLOW_LOG_TABLE = /\bvpc_flow_logs\b/i;
const TEMPLATE_NAME_PREFIX = 'VpcFlowLogs';

/** Any playbook's step whose Athena blocks read the flow-log table: the template's queries belong beside them. */
export function readsFlowLogsWithAthena(step: Step): boolean {
  return step.queries.some(q => q.engine === 'athena' && FLOW_LOG_TABLE.test(q.text));
}

export function isNamedQueryId(queryId: string): boolean {
  return queryId.startsWith(ID_PREFIX);
}

/** The template's queries, one per name (names need not be unique in a workgroup; the first listed is kept). */
function flowLogNamedQueries(all: NamedQuery[]): NamedQueryView[] {
  const views = new Map<string, NamedQueryView>();
  for (const q of all) {
    if (!q.name.startsWith(TEMPLATE_NAME_PREFIX) || views.has(q.name)) continue;
    views.set(q.name, {
      id: ID_PREFIX + q.name,
      title: q.name,
      description: q.description,
      database: q.database,
      text: q.queryString,
      engine: 'athena',
      parameters: [],
    });
  }
  return [...views.values()];
}

/** A named query as a block of the step, so it is validated, sent and recorded like the playbook's own. */
export function namedQueryBlock(query: NamedQueryView): QueryBlock {
  return {
    id: query.id,
    engine: 'athena',
    title: query.title,
    text: query.text,
    parameters: [],
    position: { line: 1, column: 1 },
  };
}

/** The named queries one step panel has discovered, and where discovering them stands. */
export class NamedQueryCatalog implements vscode.Disposable {
  private state: NamedQueriesState = { phase: 'idle', queries: [] };
  private controller: AbortController | undefined;

  constructor(
    private readonly features: Features,
    private readonly post: (message: HostNotification) => void,
  ) {}

  find(queryId: string): NamedQueryView | undefined {
    return this.state.queries.find(q => q.id === queryId);
  }

  /** Lists the configured workgroup's named queries. Never throws: a failure reaches the page with the AWS code. */
  async discover(): Promise<NamedQueriesState> {
    if (this.controller) return this.state;
    const controller = new AbortController();
    this.controller = controller;
    const workgroup = readSettings().athena.workgroup;
    this.publish({ phase: 'discovering', workgroup, queries: this.state.queries });
    try {
      const [session, aws] = await Promise.all([this.features.engines.session(), import('../../core/aws/index.js')]);
      const all = await aws.listNamedQueries(session, workgroup, controller.signal);
      this.publish({ phase: 'done', workgroup, queries: flowLogNamedQueries(all) });
    } catch (e) {
      if (!controller.signal.aborted)
        this.publish({ phase: 'failed', workgroup, queries: [], error: describeFailure(e) });
    } finally {
      this.controller = undefined;
    }
    return this.state;
  }

  /** Sends the last state again, for a page that was reloaded. */
  resend(): void {
    if (this.state.phase !== 'idle') this.post({ type: 'namedQueries', state: this.state });
  }

  private publish(state: NamedQueriesState): void {
    this.state = state;
    this.post({ type: 'namedQueries', state });
  }

  dispose(): void {
    this.controller?.abort();
  }
}

// The saved (named) queries of an Athena workgroup. The VPC console's "Generate Athena integration" template saves
// its predefined flow-log queries (VpcFlowLogsTopTalkers, VpcFlowLogsRejectedTCPTraffic, ...) this way, so the
// flow-log step can offer the ones the account actually has.
import { BatchGetNamedQueryCommand, ListNamedQueriesCommand } from '@aws-sdk/client-athena';
import { toAwsEngineError } from './errors';
import type { AwsSession } from './session';

export interface NamedQuery {
  id: string;
  name: string;
  description?: string;
  database: string;
  queryString: string;
  workgroup: string;
}

/** BatchGetNamedQuery accepts at most 50 ids per call. */
const BATCH = 50;

export async function listNamedQueries(
  session: AwsSession,
  workgroup: string,
  signal?: AbortSignal,
): Promise<NamedQuery[]> {
  const client = session.athena();
  const ids: string[] = [];
  let action = 'athena:ListNamedQueries';
  try {
    let token: string | undefined;
    do {
      const out = await client.send(
        new ListNamedQueriesCommand({ WorkGroup: workgroup, NextToken: token, MaxResults: 50 }),
        { abortSignal: signal },
      );
      ids.push(...(out.NamedQueryIds ?? []));
      token = out.NextToken;
    } while (token);
    action = 'athena:BatchGetNamedQuery';
    const found: NamedQuery[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const out = await client.send(new BatchGetNamedQueryCommand({ NamedQueryIds: ids.slice(i, i + BATCH) }), {
        abortSignal: signal,
      });
      for (const q of out.NamedQueries ?? []) {
        found.push({
          id: q.NamedQueryId ?? '',
          name: q.Name ?? '',
          description: q.Description || undefined,
          database: q.Database ?? '',
          queryString: q.QueryString ?? '',
          workgroup: q.WorkGroup ?? workgroup,
        });
      }
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  } catch (e) {
    throw toAwsEngineError(e, session.errorContext(action));
  }
}

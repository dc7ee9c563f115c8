import assert from 'node:assert/strict';
import { answerRequest } from '../../../src/extension/stepPanel/requests';
import type { HostResponse, LastResult } from '../../../src/shared/messages';

describe('answerRequest', () => {
  it('answers a request with its result under the request id', async () => {
    const posted: HostResponse[] = [];
    const result: LastResult = {
      kind: 'problem',
      runId: 'r1',
      path: 'r.evidence/a.csv',
      problem: 'the file is missing',
    };
    await answerRequest(
      { type: 'lastResult', queryId: 'q', requestId: 7 },
      async () => result,
      m => posted.push(m),
    );
    assert.deepEqual(posted, [{ type: 'response', requestId: 7, request: 'lastResult', result }]);
  });

  it('answers with the error when the handler fails, so the page is never left waiting', async () => {
    const posted: HostResponse[] = [];
    await answerRequest(
      { type: 'run', queryId: 'q', requestId: 8 },
      () => Promise.reject(new Error('the engine is gone')),
      m => posted.push(m),
    );
    assert.deepEqual(posted, [{ type: 'response', requestId: 8, request: 'run', error: 'the engine is gone' }]);
  });

  it('handles a request sent without an id and answers nothing', async () => {
    const posted: HostResponse[] = [];
    let handled = 0;
    await answerRequest(
      { type: 'discoverNamedQueries' },
      async () => {
        handled++;
        return { phase: 'idle', queries: [] };
      },
      m => posted.push(m),
    );
    assert.equal(handled, 1);
    assert.deepEqual(posted, []);
  });
});

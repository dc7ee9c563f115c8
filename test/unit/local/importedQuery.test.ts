// A query an import rewrote runs as written on the local engine: a sample value inside a LIKE pattern, bound by
// cutting the pattern around it, matches the value the responder gives.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { importPlaybook } from '../../../src/core/import';
import { allSteps, parsePlaybook } from '../../../src/core/playbook/parser';
import { engineFor, objects, param, request, rowsOf, tempDir } from './helpers';

const record = (arn: string, eventID: string) => ({
  eventVersion: '1.09',
  eventTime: '2026-11-20T10:00:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  eventID,
  userIdentity: { type: 'AssumedRole', arn },
});

describe('an imported query with a sample value inside a LIKE pattern', () => {
  it('binds the value the responder gives and matches only its events', async () => {
    const data = tempDir();
    fs.writeFileSync(
      path.join(data, 'trail.json'),
      JSON.stringify({
        Records: [
          record('arn:aws:sts::111122223333:assumed-role/web/i-0feedbeef00000001', 'e1'),
          record('arn:aws:sts::111122223333:assumed-role/web/i-0feedbeef00000002', 'e2'),
        ],
      }),
    );
    const imported = importPlaybook(
      [
        '# Token abuse',
        '## Part 1 — Prepare',
        '### 1.1 Logging',
        '- [ ] Keep the trail on',
        '## Part 2 — Detect & Analyze',
        '### 2.1 Role sessions of one instance',
        '```sql',
        'SELECT eventid FROM cloudtrail_logs',
        "WHERE eventname = 'AssumeRole' AND useridentity.arn LIKE '%i-1234567890abcdef0%'",
        '```',
      ].join('\n'),
    );
    assert.ok(imported.ok);
    const playbook = parsePlaybook(imported.markdown).playbook!;
    const query = allSteps(playbook).flatMap(s => s.queries)[0];
    assert.match(query.text, /LIKE \('%' \|\| \{\{instance_id\}\} \|\| '%'\)/);
    const engine = engineFor([data]);
    try {
      const r = await rowsOf(
        engine,
        request('athena', query.text, { instance_id: 'i-0feedbeef00000002' }, [param('instance_id', 'instanceId')]),
      );
      assert.deepEqual(objects(r), [{ eventid: 'e2' }]);
    } finally {
      await engine.dispose();
    }
  });
});

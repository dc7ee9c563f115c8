// A CloudTrail record's EventTime cell: the text kept when it is already UTC to the second, otherwise the Date round
// trip; both ways must give the same cell for every text. Its Username cell for an assumed role: the session name.
import assert from 'node:assert/strict';
import { cloudTrailRow } from '../../../src/core/aws/cloudtrailRows';

/** What the row showed before the shortcut: every eventTime through Date. */
function throughDate(text: string): string | null {
  const d = new Date(text);
  return isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const timeCell = (eventTime: unknown) => cloudTrailRow({ eventTime }, '{}')[2];

describe('CloudTrail rows: EventTime', () => {
  it('is what Date gives for valid, rolled-over and invalid times', () => {
    const texts = [
      '2024-02-29T12:00:00Z',
      '2023-02-29T12:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-12-31T23:59:59Z',
      '2024-00-10T00:00:00Z',
      '2024-13-10T00:00:00Z',
      '2024-01-00T00:00:00Z',
      '2024-01-32T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T23:60:00Z',
      '2024-01-01T23:59:60Z',
      '0000-01-01T00:00:00Z',
      '2024-01-01T00:00:00.123Z',
      '2024-01-01T02:00:00+02:00',
      '2024-01-01 00:00:00Z',
      '2024-01-01T00:00:00z',
      'yesterday',
    ];
    for (const text of texts) assert.equal(timeCell(text), throughDate(text), text);
  });

  it('is what Date gives for every day of four years', () => {
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000 + 3_661_000) {
      const text = new Date(t).toISOString().replace('.000Z', 'Z');
      assert.equal(timeCell(text), throughDate(text), text);
    }
  });

  it('is null without a time', () => {
    assert.equal(timeCell(undefined), null);
    assert.equal(timeCell(''), null);
    assert.equal(timeCell(42), null);
  });
});

describe('CloudTrail rows: Username of an assumed role', () => {
  const userCell = (arn: string) => cloudTrailRow({ userIdentity: { type: 'AssumedRole', arn } }, '{}')[3];

  it("is the session name, the ARN's last part", () => {
    assert.equal(userCell('arn:aws:sts::123456789012:assumed-role/Operator/alice'), 'alice');
    assert.equal(userCell('arn:aws:sts::123456789012:assumed-role/path/to/Role/i-0abc'), 'i-0abc');
    // Odd ARNs as the split on '/' read them: without a '/', the whole ARN; after a trailing '/', an empty name.
    assert.equal(userCell('no-slash'), 'no-slash');
    assert.equal(userCell('arn:aws:sts::123456789012:assumed-role/Operator/'), '');
  });
});

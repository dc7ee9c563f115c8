import assert from 'node:assert/strict';
import {
  formatBytes,
  formatTime,
  groupThousands,
  parseTime,
  showValue,
  valueKind,
} from '../../../src/core/results/valueFormat';

describe('result value formatting', () => {
  it('reads bytes with binary units and keeps the raw value', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.50 KiB');
    assert.equal(formatBytes(11_888_395_916), '11.1 GiB');
    assert.equal(formatBytes(150 * 1024 ** 2), '150 MiB');
    assert.deepEqual(showValue(11888395916, 'bytes', 'utc'), { text: '11.1 GiB', raw: '11888395916' });
    assert.deepEqual(showValue('not a number', 'bytes', 'utc'), { text: 'not a number' });
  });

  it('groups thousands in counts, not in ports, protocols or account ids', () => {
    assert.equal(groupThousands(1234567), '1,234,567');
    assert.equal(valueKind('packets', 'bigint'), 'count');
    assert.equal(valueKind('dstport', 'integer'), 'plain');
    assert.equal(valueKind('protocol', 'int'), 'plain');
    assert.equal(valueKind('account_id', 'bigint'), 'plain');
    assert.deepEqual(showValue(1234567, 'count', 'utc'), { text: '1,234,567', raw: '1234567' });
    assert.deepEqual(showValue(12, 'count', 'utc'), { text: '12' });
  });

  it('tells bytes, times and flow-log epoch seconds apart by name and type', () => {
    assert.equal(valueKind('bytes', 'bigint'), 'bytes');
    assert.equal(valueKind('total_bytes', 'bigint'), 'bytes');
    assert.equal(valueKind('start', 'bigint'), 'epochSeconds');
    assert.equal(valueKind('EventTime', 'timestamp'), 'time');
    assert.equal(valueKind('eventtime', 'varchar'), 'time');
    assert.equal(valueKind('EventName', 'varchar'), 'plain');
  });

  it('parses ISO and Athena timestamps; a time without a zone is UTC', () => {
    const ms = Date.UTC(2026, 10, 28, 14, 3, 7);
    assert.equal(parseTime('2026-11-28T14:03:07Z'), ms);
    assert.equal(parseTime('2026-11-28 14:03:07.000'), ms);
    assert.equal(parseTime('2026-11-28T15:03:07+01:00'), ms);
    assert.equal(parseTime('2026-11-28 14:03:07 UTC'), ms);
    assert.equal(parseTime('yesterday'), undefined);
    assert.equal(parseTime(ms), undefined);
  });

  it('shows every time in one format with its zone: UTC by default, local with its offset', () => {
    const ms = Date.UTC(2026, 10, 28, 14, 3, 7);
    assert.equal(formatTime(ms, 'utc'), '2026-11-28 14:03:07 UTC');
    assert.equal(formatTime(ms + 250, 'utc'), '2026-11-28 14:03:07.250 UTC');
    assert.equal(
      formatTime(ms, 'local', () => 60),
      '2026-11-28 15:03:07 UTC+01:00',
    );
    assert.equal(
      formatTime(ms, 'local', () => -330),
      '2026-11-28 08:33:07 UTC-05:30',
    );
    assert.deepEqual(showValue(ms / 1000, 'epochSeconds', 'utc'), {
      text: '2026-11-28 14:03:07 UTC',
      raw: String(ms / 1000),
    });
    assert.deepEqual(showValue('2026-11-28T14:03:07Z', 'time', 'utc'), {
      text: '2026-11-28 14:03:07 UTC',
      raw: '2026-11-28T14:03:07Z',
    });
    assert.deepEqual(showValue(null, 'time', 'utc'), { text: '' });
  });
});

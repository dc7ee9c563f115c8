import * as assert from 'node:assert/strict';
import type { ParameterDefinition, ParameterType } from '../../../src/core/playbook/model';
import {
  bindPlaceholders,
  findPlaceholders,
  ParameterError,
  resolvePlaceholder,
  substitutePlaceholders,
} from '../../../src/core/playbook/placeholders';

function def(name: string, type: ParameterType, extra: Partial<ParameterDefinition> = {}): ParameterDefinition {
  return { name, type, label: name, required: false, position: { line: 1, column: 1 }, ...extra };
}

const DEFINITIONS = [
  def('window', 'timeWindow', { default: 'P1D' }),
  def('ip', 'ip'),
  def('port', 'integer'),
  def('at', 'isoTime'),
];
const NOW = new Date('2026-11-20T12:00:00Z');

describe('findPlaceholders', () => {
  it('finds names, parts and offsets, allowing spaces inside the braces', () => {
    assert.deepEqual(findPlaceholders('a {{ip}} b {{ window.start }} {{window.end}}'), [
      { name: 'ip', part: undefined, offset: 2, length: 6 },
      { name: 'window', part: 'start', offset: 11, length: 18 },
      { name: 'window', part: 'end', offset: 30, length: 14 },
    ]);
  });

  it('ignores text that is not a placeholder', () => {
    assert.deepEqual(findPlaceholders('{{Ip}} {{1x}} {{ip.middle}} {ip} {{}}'), []);
  });
});

describe('bindPlaceholders', () => {
  it('replaces every placeholder with ? and returns typed values in order, never splicing them into the text', () => {
    const bound = bindPlaceholders(
      'SELECT * FROM t WHERE ip = {{ip}} AND port = {{port}} AND ts BETWEEN {{window.start}} AND {{window.end}} AND x > {{at}}',
      {
        ip: "1.2.3.4' OR 1=1 --".slice(0, 7),
        port: '22',
        window: '2026-11-19T00:00:00Z/2026-11-20T00:00:00Z',
        at: '2026-11-19T10:00:00+01:00',
      },
      DEFINITIONS,
      NOW,
    );
    assert.equal(bound.text, 'SELECT * FROM t WHERE ip = ? AND port = ? AND ts BETWEEN ? AND ? AND x > ?');
    assert.deepEqual(bound.values, [
      { kind: 'string', value: '1.2.3.4' },
      { kind: 'integer', value: '22' },
      { kind: 'timestamp', value: '2026-11-19T00:00:00Z' },
      { kind: 'timestamp', value: '2026-11-20T00:00:00Z' },
      { kind: 'timestamp', value: '2026-11-19T10:00:00+01:00' },
    ]);
  });

  it('uses a parameter default when no value is given', () => {
    const bound = bindPlaceholders('{{window.start}}/{{window.end}}', {}, DEFINITIONS, NOW);
    assert.deepEqual(
      bound.values.map(v => v.value),
      ['2026-11-19T12:00:00Z', '2026-11-20T12:00:00Z'],
    );
  });

  it('lists every problem at once, each only once', () => {
    assert.throws(
      () =>
        bindPlaceholders('{{ip}} {{ip}} {{nope}} {{port.start}} {{port}}', { ip: 'x', port: '2' }, DEFINITIONS, NOW),
      (e: unknown) => {
        assert.ok(e instanceof ParameterError);
        assert.equal(e.problems.length, 3);
        assert.match(e.problems[0], /ip \(ip\) must be an IPv4 or IPv6 address: "x"/);
        assert.match(e.problems[1], /\{\{nope\}\}.*does not declare/);
        assert.match(e.problems[2], /only valid for a timeWindow/);
        return true;
      },
    );
  });

  it('treats a missing value as required at run time', () => {
    assert.throws(() => bindPlaceholders('{{ip}}', {}, DEFINITIONS, NOW), /ip \(ip\) is required/);
  });

  it('resolves a single placeholder', () => {
    assert.deepEqual(resolvePlaceholder({ name: 'port', offset: 0, length: 0 }, { port: '443' }, DEFINITIONS, NOW), {
      kind: 'integer',
      value: '443',
    });
  });
});

describe('substitutePlaceholders', () => {
  it('puts resolved values into lookup text', () => {
    assert.equal(
      substitutePlaceholders('start: {{window.start}} ip: {{ip}}', { ip: '10.0.0.1' }, DEFINITIONS, NOW),
      'start: 2026-11-19T12:00:00Z ip: 10.0.0.1',
    );
  });
});

import assert from 'node:assert/strict';
import { Redactor } from '../../../../src/core/report/export/redact';

describe('report export: redaction', () => {
  it('replaces account ids, access keys, IPv4 and IPv6 addresses, ARNs and e-mail addresses', () => {
    const r = new Redactor();
    const out = r.redact(
      [
        'Account 111122223333 and key AKIAWX3N7QGT5LKE2HVR, session key ASIAZZZZZZZZZZZZZZZZ.',
        'From 203.0.113.77 and 2001:db8::1f, to 198.51.100.23:22.',
        'Principal arn:aws:iam::111122223333:user/ci-deploy wrote to maria.lopez@example.com.',
        'File AWSLogs/444455556666_CloudTrail_eu-west-1_20261120T0915Z.json.gz',
      ].join('\n'),
    );
    for (const original of [
      '111122223333',
      '444455556666',
      'AKIAWX3N7QGT5LKE2HVR',
      'ASIAZZZZZZZZZZZZZZZZ',
      '203.0.113.77',
      '2001:db8::1f',
      '198.51.100.23',
      'ci-deploy',
      'maria.lopez@example.com',
    ]) {
      assert.ok(!out.includes(original), `${original} is still in: ${out}`);
    }
    assert.match(out, /Account ACCOUNT-1 and key ACCESS-KEY-1, session key ACCESS-KEY-2\./);
    assert.match(out, /From IP-1 and IP-2, to IP-3:22\./);
    assert.match(out, /Principal ARN-1 wrote to EMAIL-1\./);
    assert.match(out, /AWSLogs\/ACCOUNT-2_CloudTrail_eu-west-1_20261120T0915Z/);
  });

  it('gives one value one placeholder, across calls of one document, and lists each once with its count', () => {
    const r = new Redactor();
    const a = r.redact('203.0.113.77 then 198.51.100.23 then 203.0.113.77');
    const b = r.redact('again 198.51.100.23, and 2001:DB8::1F vs 2001:db8::1f');
    assert.equal(a, 'IP-1 then IP-2 then IP-1');
    assert.equal(b, 'again IP-2, and IP-3 vs IP-3');
    assert.deepEqual(
      r.replacements().map(x => [x.placeholder, x.original, x.count]),
      [
        ['IP-1', '203.0.113.77', 2],
        ['IP-2', '198.51.100.23', 2],
        ['IP-3', '2001:DB8::1F', 2],
      ],
    );
  });

  it('leaves times, hashes, versions, longer numbers and 0.0.0.0/0 alone', () => {
    const r = new Redactor();
    const text =
      'At 12:47:55 and 2026-11-20T09:14:07Z, sha256 ab12345678901234cd, 1234567890123, ' +
      'version 1.0.0, rule 0.0.0.0/0, ::';
    assert.equal(r.redact(text), text);
    assert.deepEqual(r.replacements(), []);
  });

  it('keeps a CIDR suffix and a trailing full stop outside the placeholder', () => {
    const r = new Redactor();
    assert.equal(r.redact('Allowed 10.20.0.0/16. Then 192.0.2.10.'), 'Allowed IP-1/16. Then IP-2.');
  });
});

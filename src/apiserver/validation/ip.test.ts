import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../api/status-error.js';
import { isDualStack, isIPv4String, isIPv6String, parseCIDR, parseIP, validateIP, validateNonSpecialIP } from './ip.js';

describe('IP parsing (Go sloppy rules)', () => {
  const cases: [string, boolean][] = [
    ['10.0.0.1', true],
    ['010.000.0.1', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['::1', true],
    ['2001:db8::ffff', true],
    ['::ffff:1.2.3.4', true],
    ['fe80::1%eth0', false],
    ['abc', false],
    ['', false],
  ];
  for (const [ip, ok] of cases)
    it(`${ip || '(empty)'} ${ok ? 'parses' : 'does not parse'}`, () => assert.equal(parseIP(ip) !== undefined, ok));

  it('families', () => {
    assert.ok(isIPv4String('::ffff:1.2.3.4'));
    assert.ok(isIPv6String('2001:db8::1'));
    assert.ok(isDualStack(['10.0.0.1', '2001:db8::1']));
    assert.ok(!isDualStack(['10.0.0.1', '10.0.0.2']));
    assert.deepEqual(parseCIDR('10.0.0.0/8')?.bits, 8);
    assert.equal(parseCIDR('10.0.0.0/33'), undefined);
  });

  it('messages', () => {
    assert.deepEqual(validateIP('spec.clusterIPs[0]', 'nope').map(fieldErrorMessage), [
      'spec.clusterIPs[0]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    assert.deepEqual(validateNonSpecialIP('ip', '0.0.0.0').map(fieldErrorMessage), [
      'ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    ]);
    assert.deepEqual(validateNonSpecialIP('ip', '169.254.1.1').map(fieldErrorMessage), [
      'ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
    assert.deepEqual(validateNonSpecialIP('ip', '127.244.0.5'), [], 'loopback pod IPs are kubeling addresses');
  });
});

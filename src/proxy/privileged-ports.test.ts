import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hasNetBindCapability } from './privileged-ports.js';

it('reads CAP_NET_BIND_SERVICE (bit 10) from CapEff', () => {
  const status = (capEff: string) =>
    `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\nCapBnd:\t000001ffffffffff\n`;
  assert.equal(hasNetBindCapability(status('000001ffffffffff')), true);
  assert.equal(hasNetBindCapability(status('0000000000000400')), true);
  assert.equal(hasNetBindCapability(status('0000000000000000')), false);
  assert.equal(hasNetBindCapability(status('00000000000003ff')), false);
  assert.equal(hasNetBindCapability(''), false);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQuantity, compareQuantity, milliValue, parseQuantity } from './quantity.js';

describe('quantities', () => {
  const canonical: [unknown, string][] = [
    ['0.5', '500m'],
    ['0.1', '100m'],
    ['1.5', '1500m'],
    ['100m', '100m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1k', '1k'],
    ['1Ki', '1Ki'],
    ['1024', '1024'],
    ['1.5Gi', '1536Mi'],
    ['2048Mi', '2Gi'],
    ['512', '512'],
    ['1e3', '1e3'],
    ['0', '0'],
    [2, '2'],
    ['-1', '-1'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
  ];
  for (const [input, want] of canonical)
    it(`canonical ${String(input)} → ${want}`, () => assert.equal(canonicalQuantity(input), want));

  it('rejects what is not a quantity', () => {
    for (const bad of ['abc', '1Gb', '', '1.2.3', 'Ki']) assert.equal(parseQuantity(bad), undefined, bad);
  });

  it('compares across formats', () => {
    const a = parseQuantity('500m');
    const b = parseQuantity('0.5');
    const c = parseQuantity('1');
    assert.ok(a && b && c);
    assert.equal(compareQuantity(a, b), 0);
    assert.equal(compareQuantity(a, c), -1);
    assert.equal(compareQuantity(parseQuantity('1Gi')!, parseQuantity('1G')!), 1);
  });

  it('milli values round away from zero', () => {
    assert.equal(milliValue(parseQuantity('1.5')!), 1500n);
    assert.equal(milliValue(parseQuantity('1n')!), 1n);
  });
});

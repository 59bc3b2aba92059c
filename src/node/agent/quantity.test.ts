import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantityMilliValue, quantityValue } from './quantity.js';

describe('quantities', () => {
  const cases: [string, number | undefined, number | undefined][] = [
    ['128Mi', 134217728, 134217728000],
    ['1Gi', 1073741824, 1073741824000],
    ['500m', 1, 500],
    ['250m', 1, 250],
    ['2', 2, 2000],
    ['1.5', 2, 1500],
    ['0.1', 1, 100],
    ['1k', 1000, 1000000],
    ['1M', 1000000, 1000000000],
    ['1e3', 1000, 1000000],
    ['1E-3', 1, 1],
    ['0', 0, 0],
    ['1n', 1, 1],
    ['abc', undefined, undefined],
    ['', undefined, undefined],
    ['1Qi', undefined, undefined],
  ];
  for (const [input, value, milli] of cases) {
    it(`${JSON.stringify(input)}: value ${value}, milli ${milli}`, () => {
      assert.equal(quantityValue(input), value);
      assert.equal(quantityMilliValue(input), milli);
    });
  }
});

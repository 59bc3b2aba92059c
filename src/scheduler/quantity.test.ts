import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantityMilliValue, quantityValue } from './quantity.js';

test('quantityValue and quantityMilliValue round up like resource.Quantity', () => {
  const cases: [input: unknown, value: number | undefined, milli: number | undefined][] = [
    ['1', 1, 1000],
    ['500m', 1, 500],
    ['0.5', 1, 500],
    ['1.5', 2, 1500],
    ['100m', 1, 100],
    ['1n', 1, 1],
    ['0', 0, 0],
    ['128974848', 128974848, 128974848000],
    ['129e6', 129000000, 129000000000],
    ['123Mi', 128974848, 128974848000],
    ['1Ki', 1024, 1024000],
    ['1Gi', 1073741824, 1073741824000],
    ['2k', 2000, 2000000],
    ['1M', 1000000, 1000000000],
    [2, 2, 2000],
    ['.5', 1, 500],
    ['-1', -1, -1000],
    ['', undefined, undefined],
    ['1Qi', undefined, undefined],
    ['abc', undefined, undefined],
    [undefined, undefined, undefined],
  ];
  for (const [input, value, milli] of cases) {
    assert.equal(quantityValue(input), value, `value of ${String(input)}`);
    assert.equal(quantityMilliValue(input), milli, `milli value of ${String(input)}`);
  }
});

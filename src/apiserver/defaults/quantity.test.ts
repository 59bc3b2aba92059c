import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addQuantities, compareQuantities, parseQuantity } from './quantity.js';

const equal: [string, string][] = [
  ['1', '1000m'],
  ['0.5', '500m'],
  ['.5', '500m'],
  ['1Gi', '1024Mi'],
  ['1Ki', '1024'],
  ['1k', '1000'],
  ['1e3', '1k'],
  ['1E3', '1000'],
  ['1E', '1e18'],
  ['1.5Gi', '1536Mi'],
  ['100n', '0.1u'],
  ['+2', '2'],
  ['0', '0m'],
  ['1e-3', '1m'],
  ['129e6', '129M'],
];

for (const [a, b] of equal) {
  test(`${a} equals ${b}`, () => {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    assert.ok(qa && qb);
    assert.equal(compareQuantities(qa, qb), 0);
  });
}

const ordered: [string, string][] = [
  ['999m', '1'],
  ['1G', '1Gi'],
  ['-1', '0'],
  ['128974848', '129e6'],
  ['123Mi', '129M'],
];

for (const [small, large] of ordered) {
  test(`${small} < ${large}`, () => {
    const qs = parseQuantity(small);
    const ql = parseQuantity(large);
    assert.ok(qs && ql);
    assert.equal(compareQuantities(qs, ql), -1);
    assert.equal(compareQuantities(ql, qs), 1);
  });
}

for (const bad of ['', 'abc', '1.2.3', '1Zi', '1 Gi', '.', 'm', '1e', '1e99999']) {
  test(`${JSON.stringify(bad)} is not a quantity`, () => {
    assert.equal(parseQuantity(bad), undefined);
  });
}

test('addition', () => {
  const sum = addQuantities(parseQuantity('500m')!, parseQuantity('0.75')!);
  assert.equal(compareQuantities(sum, parseQuantity('1250m')!), 0);
});

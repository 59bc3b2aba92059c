import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './fenceposts.js';
import { deployment } from './test-fixtures.js';

test('resolveFenceposts: surge rounds up, unavailable rounds down, never both 0', () => {
  const cases: [number | string | undefined, number | string | undefined, number, number, number][] = [
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 0, 0, 1],
    [0, 0, 5, 0, 1],
    ['0%', '0%', 5, 0, 1],
    ['1%', '0%', 2, 1, 0],
    ['0%', '1%', 2, 0, 1],
    [2, 3, 10, 2, 3],
    [undefined, 1, 10, 0, 1],
    ['100%', '100%', 7, 7, 7],
  ];
  for (const [surge, unavailable, desired, wantSurge, wantUnavailable] of cases) {
    assert.deepEqual(
      resolveFenceposts(surge, unavailable, desired),
      { surge: wantSurge, unavailable: wantUnavailable },
      `${surge}/${unavailable} of ${desired}`,
    );
  }
});

test('scaledValue rejects strings that are not percentages', () => {
  assert.throws(() => scaledValue('3', 10, true), /not a percentage/);
  assert.throws(() => scaledValue('x%', 10, true), /invalid value/);
});

test('maxSurge / maxUnavailable follow the strategy and the replicas', () => {
  const cases: [Parameters<typeof deployment>[0], number, number][] = [
    [{ replicas: 10 }, 3, 2],
    [{ replicas: 0 }, 0, 0],
    [{ replicas: 2, maxUnavailable: 5, maxSurge: 0 }, 0, 2],
    [{ replicas: 10, strategy: 'Recreate' }, 0, 0],
  ];
  for (const [options, surge, unavailable] of cases) {
    const d = deployment(options);
    assert.equal(maxSurge(d), surge, JSON.stringify(options));
    assert.equal(maxUnavailable(d), unavailable, JSON.stringify(options));
  }
});

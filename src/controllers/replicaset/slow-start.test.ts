import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slowStartBatch, slowStartBatchSizes } from './slow-start.js';

const sizes: [number, number, number[]][] = [
  [0, 1, []],
  [1, 1, [1]],
  [3, 1, [1, 2]],
  [10, 1, [1, 2, 4, 3]],
  [15, 1, [1, 2, 4, 8]],
  [500, 1, [1, 2, 4, 8, 16, 32, 64, 128, 245]],
  [5, 2, [2, 3]],
];

for (const [count, initial, want] of sizes) {
  test(`slow start: ${count} calls from ${initial} go in batches ${want.join(',') || '(none)'}`, () => {
    assert.deepEqual(slowStartBatchSizes(count, initial), want);
  });
}

test('slowStartBatch runs batches concurrently and stops after a failing batch', async () => {
  let calls = 0;
  let running = 0;
  let maxRunning = 0;
  const result = await slowStartBatch(10, 1, async () => {
    const n = ++calls;
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, 1));
    running--;
    if (n === 5) throw new Error('quota exceeded');
  });
  // Batches 1, 2, 4: call 5 (in the third batch) fails, so the fourth batch never starts.
  assert.equal(calls, 7);
  assert.equal(result.successes, 6);
  assert.equal((result.error as Error).message, 'quota exceeded');
  assert.equal(maxRunning, 4);
});

test('slowStartBatch reports every success when nothing fails', async () => {
  let calls = 0;
  const result = await slowStartBatch(6, 1, async () => {
    calls++;
  });
  assert.deepEqual(result, { successes: 6 });
  assert.equal(calls, 6);
});

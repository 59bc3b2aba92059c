import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPodActive, isPodAvailable, isPodReady, maxContainerRestarts, podDeletionCost } from './pod-state.js';
import { testPod } from './test-fixtures.js';

const costs: [string, number][] = [
  ['0', 0],
  ['100', 100],
  ['-100', -100],
  ['2147483647', 2147483647],
  ['-2147483648', -2147483648],
  ['2147483648', 0],
  ['+10', 0],
  ['010', 0],
  ['', 0],
  ['abc', 0],
  ['1.5', 0],
  ['-', 0],
  ['-010', -10],
];

for (const [value, want] of costs) {
  test(`pod-deletion-cost ${JSON.stringify(value)} is ${want}`, () => {
    assert.equal(podDeletionCost(testPod({ deletionCost: value })), want);
  });
}

test('a pod without the deletion-cost annotation costs 0', () => {
  assert.equal(podDeletionCost(testPod()), 0);
});

const activity: [string, Parameters<typeof testPod>[0], boolean][] = [
  ['running', { phase: 'Running' }, true],
  ['pending', { phase: 'Pending' }, true],
  ['unknown', { phase: 'Unknown' }, true],
  ['succeeded', { phase: 'Succeeded' }, false],
  ['failed', { phase: 'Failed' }, false],
  ['terminating', { phase: 'Running', deleting: true }, false],
];

for (const [name, opts, want] of activity) {
  test(`a ${name} pod is ${want ? '' : 'not '}active`, () => {
    assert.equal(isPodActive(testPod(opts)), want);
  });
}

const now = new Date('2024-01-01T00:01:00Z');
const availability: [string, Parameters<typeof testPod>[0], number, boolean][] = [
  ['not ready', { notReady: true }, 0, false],
  ['ready, minReadySeconds 0', { readySince: '2024-01-01T00:00:59Z' }, 0, true],
  ['ready for 60 s, minReadySeconds 30', { readySince: '2024-01-01T00:00:00Z' }, 30, true],
  ['ready for exactly minReadySeconds', { readySince: '2024-01-01T00:00:00Z' }, 60, false],
  ['ready for 10 s, minReadySeconds 30', { readySince: '2024-01-01T00:00:50Z' }, 30, false],
];

for (const [name, opts, minReady, want] of availability) {
  test(`availability: ${name} → ${want}`, () => {
    assert.equal(isPodAvailable(testPod(opts), minReady, now), want);
  });
}

test('ready and restarts read the pod status', () => {
  assert.equal(isPodReady(testPod({ readySince: '2024-01-01T00:00:00Z' })), true);
  assert.equal(isPodReady(testPod()), false);
  assert.equal(maxContainerRestarts(testPod({ restarts: 4 })), 4);
  assert.equal(maxContainerRestarts(testPod()), 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, service } from './endpoint-test-helpers.js';
import { TriggerTimeTracker } from './trigger-time-tracker.js';

test('a new Service exports its creation time', () => {
  const t = new TriggerTimeTracker();
  assert.equal(t.compute(service('web'), [pod('a', 1)])?.toISOString(), '2025-01-01T00:00:00.000Z');
});

test('afterwards the earliest changed pod readiness time, or nothing', () => {
  const t = new TriggerTimeTracker();
  const svc = service('web');
  t.compute(svc, [pod('a', 1), pod('b', 2)]);
  assert.equal(t.compute(svc, [pod('a', 1), pod('b', 2)]), undefined);
  const changed = [
    pod('a', 1, { readySince: '2025-01-01T00:05:00Z' }),
    pod('b', 2, { readySince: '2025-01-01T00:04:00Z' }),
    pod('c', 3, { readySince: '2025-01-01T00:06:00Z' }),
  ];
  assert.equal(t.compute(svc, changed)?.toISOString(), '2025-01-01T00:04:00.000Z');
  assert.equal(t.compute(svc, changed), undefined);
});

test('a deleted Service starts over', () => {
  const t = new TriggerTimeTracker();
  const svc = service('web');
  t.compute(svc, []);
  t.deleteService('ns', 'web');
  assert.equal(t.compute(svc, [])?.toISOString(), '2025-01-01T00:00:00.000Z');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDuration, PodBackoff } from './pod-backoff.js';

test('backoffDuration doubles from 1 s up to 10 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 20].map((n) => backoffDuration(n)),
    [1000, 2000, 4000, 8000, 10000, 10000, 10000],
  );
});

test('PodBackoff: unschedulable pods wait for a cluster event, then for the rest of their backoff', () => {
  const b = new PodBackoff();
  b.startAttempt('dev/a');
  assert.equal(b.failed('dev/a', 0), undefined);
  assert.ok(b.isUnschedulable('dev/a'));
  assert.deepEqual(b.moveAll(400), [['dev/a', 600]]);
  assert.equal(b.isUnschedulable('dev/a'), false);
  assert.deepEqual(b.moveAll(500), [], 'a moved pod is not moved twice');

  b.startAttempt('dev/a');
  assert.equal(b.failed('dev/a', 5000), undefined);
  assert.deepEqual(b.moveAll(9000), [['dev/a', 0]], 'second failure: 2 s backoff, already over');
});

test('PodBackoff: an event during the attempt re-queues the pod with its backoff', () => {
  const b = new PodBackoff();
  b.startAttempt('dev/a');
  b.moveAll(10);
  assert.equal(b.failed('dev/a', 20), 1000);
  assert.equal(b.isUnschedulable('dev/a'), false);
});

test('PodBackoff: move and forget', () => {
  const b = new PodBackoff();
  b.startAttempt('dev/a');
  b.failed('dev/a', 0);
  assert.equal(b.move('dev/b', 0), undefined);
  assert.equal(b.move('dev/a', 250), 750);
  b.startAttempt('dev/a');
  b.failed('dev/a', 1000);
  b.forget('dev/a');
  assert.equal(b.isUnschedulable('dev/a'), false);
  b.startAttempt('dev/a');
  b.failed('dev/a', 0);
  assert.deepEqual(b.moveAll(0), [['dev/a', 1000]], 'forget resets the attempt count');
});

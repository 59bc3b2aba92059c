import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  calculateStatus,
  nextAvailabilityCheckMs,
  statusNeedsWrite,
  withObservedGeneration,
} from './replica-status.js';
import { testPod, testReplicaSet } from './test-fixtures.js';
import type { ReplicaSetObject } from './types.js';

const now = new Date('2024-01-01T00:01:00Z');

test('status counts replicas, fully labeled, ready and available pods', () => {
  const rs = testReplicaSet({ replicas: 4, minReadySeconds: 30, templateLabels: { app: 'web', tier: 'front' } });
  const pods = [
    testPod({ name: 'a', labels: { app: 'web', tier: 'front' }, readySince: '2024-01-01T00:00:00Z' }),
    testPod({ name: 'b', labels: { app: 'web', tier: 'front', extra: 'x' }, readySince: '2024-01-01T00:00:50Z' }),
    testPod({ name: 'c', labels: { app: 'web' }, readySince: '2024-01-01T00:00:00Z' }),
    testPod({ name: 'd', labels: { app: 'web', tier: 'front' }, notReady: true }),
  ];
  assert.deepEqual(calculateStatus(rs, pods, undefined, now), {
    replicas: 4,
    fullyLabeledReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 2,
  });
});

test('zero counts are omitted, replicas is always there', () => {
  assert.deepEqual(calculateStatus(testReplicaSet(), [], undefined, now), { replicas: 0 });
});

const failureCases: [string, number, number, string][] = [
  ['too few pods', 3, 1, 'FailedCreate'],
  ['too many pods', 1, 3, 'FailedDelete'],
  ['the right count', 2, 2, ''],
];

for (const [name, replicas, podCount, reason] of failureCases) {
  test(`a manage error with ${name} sets ReplicaFailure reason ${JSON.stringify(reason)}`, () => {
    const rs = testReplicaSet({ replicas });
    const pods = Array.from({ length: podCount }, (_, i) => testPod({ name: `p${i}` }));
    const status = calculateStatus(rs, pods, new Error('pods "web-x" is forbidden: exceeded quota'), now);
    assert.deepEqual(status.conditions, [
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: '2024-01-01T00:01:00Z',
        reason,
        message: 'pods "web-x" is forbidden: exceeded quota',
      },
    ]);
  });
}

function withStatus(rs: ReplicaSetObject, status: NonNullable<ReplicaSetObject['status']>): ReplicaSetObject {
  return { ...rs, status };
}

test('an existing ReplicaFailure is kept on further errors and removed on success', () => {
  const old = {
    type: 'ReplicaFailure',
    status: 'True',
    lastTransitionTime: '2023-01-01T00:00:00Z',
    reason: 'FailedCreate',
    message: 'old',
  };
  const rs = withStatus(testReplicaSet(), { replicas: 0, conditions: [old] });
  assert.deepEqual(calculateStatus(rs, [], new Error('new'), now).conditions, [old]);
  assert.equal(calculateStatus(rs, [], undefined, now).conditions, undefined);
});

test('observedGeneration is written from metadata.generation', () => {
  const rs = testReplicaSet({ generation: 3 });
  assert.deepEqual(withObservedGeneration(rs, { replicas: 1, observedGeneration: 2 }), {
    replicas: 1,
    observedGeneration: 3,
  });
});

const writes: [string, NonNullable<ReplicaSetObject['status']>, NonNullable<ReplicaSetObject['status']>, boolean][] = [
  [
    'nothing changed',
    { replicas: 2, readyReplicas: 1, observedGeneration: 1 },
    { replicas: 2, readyReplicas: 1 },
    false,
  ],
  ['replicas changed', { replicas: 1, observedGeneration: 1 }, { replicas: 2 }, true],
  ['ready changed', { replicas: 2, observedGeneration: 1 }, { replicas: 2, readyReplicas: 1 }, true],
  ['generation not observed', { replicas: 2 }, { replicas: 2 }, true],
  [
    'condition added',
    { replicas: 0, observedGeneration: 1 },
    { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True' }] },
    true,
  ],
];

for (const [name, current, next, want] of writes) {
  test(`status write needed when ${name}: ${want}`, () => {
    assert.equal(statusNeedsWrite(withStatus(testReplicaSet({ generation: 1 }), current), next), want);
  });
}

test('next availability check: the soonest pod to become available', () => {
  const pods = [
    testPod({ name: 'a', readySince: '2024-01-01T00:00:50Z' }),
    testPod({ name: 'b', readySince: '2024-01-01T00:00:40Z' }),
    testPod({ name: 'c', readySince: '2023-01-01T00:00:00Z' }),
  ];
  const status = { replicas: 3, readyReplicas: 3, availableReplicas: 1 };
  assert.equal(nextAvailabilityCheckMs(pods, 30, status, now), 10_001);
  assert.equal(nextAvailabilityCheckMs(pods, 0, status, now), undefined);
  assert.equal(
    nextAvailabilityCheckMs(pods, 30, { replicas: 3, readyReplicas: 3, availableReplicas: 3 }, now),
    undefined,
  );
  assert.equal(nextAvailabilityCheckMs([], 30, status, now), 30_000);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import {
  calculateStatus,
  compactStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  rolloutStatus,
  statusEqual,
  stuckRequeueDelay,
} from './status.js';
import { deployment, replicaSet } from './test-fixtures.js';

const now = new Date('2024-05-01T12:00:00Z');
const earlier = (s: number) => new Date(now.getTime() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function condition(type: string, status: string, reason: string, updatedSecondsAgo: number) {
  return {
    type,
    status,
    reason,
    message: 'm',
    lastUpdateTime: earlier(updatedSecondsAgo),
    lastTransitionTime: earlier(600),
  };
}

test('calculateStatus counts from the ReplicaSets and sets Available', () => {
  const d = deployment({ replicas: 4, generation: 3, status: { collisionCount: 1 } });
  const oldRS = replicaSet({ name: 'old', replicas: 2, actual: 3, ready: 3, available: 2 });
  const newRS = replicaSet({ name: 'new', replicas: 3, actual: 2, ready: 1, available: 1 });
  const status = calculateStatus([oldRS, newRS], newRS, d, now);
  assert.deepEqual(
    { ...status, conditions: undefined },
    {
      observedGeneration: 3,
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 4,
      availableReplicas: 3,
      unavailableReplicas: 2,
      collisionCount: 1,
      conditions: undefined,
    },
  );
  assert.deepEqual(status.conditions, [
    {
      type: 'Available',
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
      lastUpdateTime: '2024-05-01T12:00:00Z',
      lastTransitionTime: '2024-05-01T12:00:00Z',
    },
  ]);
  const short = calculateStatus([newRS], newRS, d, now);
  assert.equal(short.conditions?.[0]?.reason, 'MinimumReplicasUnavailable');
  assert.equal(short.conditions?.[0]?.message, 'Deployment does not have minimum availability.');
});

test('compactStatus omits zero counters like omitempty; statusEqual treats absent as zero', () => {
  assert.deepEqual(compactStatus({ replicas: 0, updatedReplicas: 2, conditions: [], collisionCount: 0 }), {
    updatedReplicas: 2,
    collisionCount: 0,
  });
  assert.ok(statusEqual({ replicas: 0 }, undefined));
  assert.ok(!statusEqual({ replicas: 1 }, {}));
});

test('complete, progressing and timed out', () => {
  const d = deployment({
    replicas: 3,
    generation: 2,
    status: { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 },
  });
  const cases: [string, DeploymentStatus, boolean, boolean][] = [
    ['done', { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2 }, true, true],
    [
      'generation not observed',
      { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 },
      false,
      true,
    ],
    ['no change', { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 }, false, false],
    ['more updated', { replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }, false, true],
    ['fewer old', { replicas: 3, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 }, false, true],
    ['more ready', { replicas: 4, updatedReplicas: 2, readyReplicas: 4, availableReplicas: 3 }, false, true],
  ];
  for (const [name, status, complete, progressing] of cases) {
    assert.equal(deploymentComplete(d, status), complete, name);
    assert.equal(deploymentProgressing(d, status), progressing, name);
  }
  const timedOut: [string, DeploymentStatus, boolean][] = [
    ['no condition', {}, false],
    ['recent progress', { conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 30)] }, false],
    ['old progress', { conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 601)] }, true],
    ['already complete', { conditions: [condition('Progressing', 'True', 'NewReplicaSetAvailable', 6000)] }, false],
    ['already timed out', { conditions: [condition('Progressing', 'False', 'ProgressDeadlineExceeded', 0)] }, true],
  ];
  for (const [name, status, want] of timedOut) assert.equal(deploymentTimedOut(d, status, now), want, name);
});

test('rolloutStatus moves Progressing through a rollout', () => {
  const newRS = replicaSet({ name: 'hello-new', replicas: 3, actual: 2, ready: 1, available: 1 });
  const created = condition('Progressing', 'True', 'NewReplicaSetCreated', 10);
  const d = deployment({ replicas: 3, status: { conditions: [created] } });

  const progressing = rolloutStatus([newRS], newRS, d, now);
  const p = progressing.conditions?.find((c) => c.type === 'Progressing');
  assert.equal(p?.reason, 'ReplicaSetUpdated');
  assert.equal(p?.message, 'ReplicaSet "hello-new" is progressing.');
  assert.equal(p?.lastUpdateTime, '2024-05-01T12:00:00Z');
  assert.equal(p?.lastTransitionTime, created.lastTransitionTime);

  const stalled = deployment({
    replicas: 3,
    status: { ...progressing, conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 700)] },
  });
  const timedOut = rolloutStatus([newRS], newRS, stalled, now).conditions?.find((c) => c.type === 'Progressing');
  assert.equal(timedOut?.status, 'False');
  assert.equal(timedOut?.reason, 'ProgressDeadlineExceeded');
  assert.equal(timedOut?.message, 'ReplicaSet "hello-new" has timed out progressing.');

  const ready = replicaSet({ name: 'hello-new', replicas: 3, available: 3 });
  const done = rolloutStatus([ready], ready, d, now).conditions?.find((c) => c.type === 'Progressing');
  assert.equal(done?.reason, 'NewReplicaSetAvailable');
  assert.equal(done?.message, 'ReplicaSet "hello-new" has successfully progressed.');

  const noDeadline = deployment({ status: { conditions: [created] } });
  delete noDeadline.spec.progressDeadlineSeconds;
  assert.equal(
    rolloutStatus([ready], ready, noDeadline, now).conditions?.find((c) => c.type === 'Progressing'),
    undefined,
  );
});

test('rolloutStatus promotes ReplicaSet failures, the new one first', () => {
  const failing = replicaSet({ name: 'new', replicas: 3 });
  failing.status = {
    replicas: 0,
    conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'new' }],
  };
  const old = replicaSet({ name: 'old', replicas: 1 });
  old.status = {
    replicas: 1,
    conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'old' }],
  };
  const d = deployment();
  assert.equal(
    rolloutStatus([old, failing], failing, d, now).conditions?.find((c) => c.type === 'ReplicaFailure')?.message,
    'new',
  );
  const healthy = replicaSet({ name: 'new', replicas: 3 });
  assert.equal(
    rolloutStatus([old, healthy], healthy, d, now).conditions?.find((c) => c.type === 'ReplicaFailure')?.message,
    'old',
  );
  const cleared = deployment({ status: { conditions: [condition('ReplicaFailure', 'True', 'FailedCreate', 5)] } });
  assert.equal(
    rolloutStatus([healthy], healthy, cleared, now).conditions?.find((c) => c.type === 'ReplicaFailure'),
    undefined,
  );
});

test('stuckRequeueDelay waits for the deadline of a rollout without progress', () => {
  const pending: DeploymentStatus = { replicas: 1 };
  const cases: [string, DeploymentStatus, number | 'now' | undefined][] = [
    ['no condition', {}, undefined],
    ['updated 100 s ago', { conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 100)] }, 501_000],
    ['deadline passed', { conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 700)] }, 'now'],
    ['timed out', { conditions: [condition('Progressing', 'False', 'ProgressDeadlineExceeded', 700)] }, undefined],
  ];
  for (const [name, status, want] of cases) {
    assert.equal(stuckRequeueDelay(deployment({ status }), pending, now), want, name);
  }
  const complete = { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 };
  const d = deployment({ status: { conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 100)] } });
  assert.equal(stuckRequeueDelay(d, complete, now), undefined);
});

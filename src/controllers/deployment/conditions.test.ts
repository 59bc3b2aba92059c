import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { fromReplicaSetCondition, metaTime, newCondition, removeCondition, setCondition } from './conditions.js';

const t1 = new Date('2024-05-01T10:00:00.123Z');
const t2 = new Date('2024-05-01T10:05:00Z');

test('metaTime has second precision', () => {
  assert.equal(metaTime(t1), '2024-05-01T10:00:00Z');
});

test('setCondition: same status and reason is a no-op; same status keeps lastTransitionTime; moves to the end', () => {
  const status: DeploymentStatus = {};
  setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'Created', t1));
  setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'no', t1));
  setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'other message', t2));
  assert.equal(status.conditions?.[0]?.message, 'Created');
  setCondition(status, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'progressing', t2));
  assert.deepEqual(
    status.conditions?.map((c) => c.type),
    ['Available', 'Progressing'],
  );
  const progressing = status.conditions?.[1];
  assert.equal(progressing?.lastTransitionTime, '2024-05-01T10:00:00Z');
  assert.equal(progressing?.lastUpdateTime, '2024-05-01T10:05:00Z');
  setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'yes', t2));
  assert.equal(status.conditions?.[1]?.lastTransitionTime, '2024-05-01T10:05:00Z');
  removeCondition(status, 'Available');
  removeCondition(status, 'Progressing');
  assert.equal(status.conditions, undefined);
});

test('a ReplicaSet failure becomes a Deployment condition', () => {
  assert.deepEqual(
    fromReplicaSetCondition({
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'quota',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    }),
    {
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'quota',
      lastTransitionTime: '2024-01-01T00:00:00Z',
      lastUpdateTime: '2024-01-01T00:00:00Z',
    },
  );
});

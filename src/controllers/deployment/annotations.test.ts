import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  replicasAnnotationsNeedUpdate,
  setDeploymentAnnotationsTo,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './annotations.js';
import { deployment, replicaSet } from './test-fixtures.js';

test('a ReplicaSet about to be created gets the revision, desired and max replicas, and copied annotations', () => {
  const d = deployment({
    replicas: 4,
    annotations: {
      'kubernetes.io/change-cause': 'kubectl set image',
      'deployment.kubernetes.io/revision': '7',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    },
  });
  const rs = replicaSet({ name: 'n', replicas: 0 });
  assert.ok(setNewReplicaSetAnnotations(d, rs, 3, false, 1));
  assert.deepEqual(rs.metadata.annotations, {
    'kubernetes.io/change-cause': 'kubectl set image',
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
  });
  assert.ok(!setNewReplicaSetAnnotations(d, rs, 3, true, 1), 'nothing left to change');
});

test('raising an existing revision records the old one in revision-history (a rollback)', () => {
  const d = deployment();
  const rs = replicaSet({ name: 'r', replicas: 1, revision: 2 });
  assert.ok(setNewReplicaSetAnnotations(d, rs, 5, true, 1));
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision'], '5');
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '2');
  assert.ok(setNewReplicaSetAnnotations(d, rs, 8, true, 1));
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '2,5');
  assert.ok(!setNewReplicaSetAnnotations(d, rs, 4, true, 1), 'a lower revision is never written');
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], undefined);
});

test('revision-history drops its oldest entries past the length limit', () => {
  const rs = replicaSet({ name: 'r', replicas: 1, revision: 40 });
  rs.metadata.annotations = { ...rs.metadata.annotations, 'deployment.kubernetes.io/revision-history': '10,20,30' };
  setNewReplicaSetAnnotations(deployment(), rs, 50, true, 0, 9);
  assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision-history'], '20,30,40');
});

test('an unparsable revision on the ReplicaSet stops the update', () => {
  const rs = replicaSet({ name: 'r', replicas: 1 });
  rs.metadata.annotations = { 'deployment.kubernetes.io/revision': 'abc' };
  assert.ok(!setNewReplicaSetAnnotations(deployment(), rs, 2, true, 0));
  assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision'], 'abc');
});

test('replica annotations', () => {
  const rs = replicaSet({ name: 'r', replicas: 1, desired: 3, max: 4 });
  assert.ok(!replicasAnnotationsNeedUpdate(rs, 3, 4));
  assert.ok(replicasAnnotationsNeedUpdate(rs, 3, 5));
  assert.ok(setReplicasAnnotations(rs, 3, 5));
  assert.ok(!setReplicasAnnotations(rs, 3, 5));
});

test('deployment revision and rollback annotations', () => {
  const d = deployment({ annotations: { 'deployment.kubernetes.io/revision': '2', note: 'mine' } });
  assert.ok(setDeploymentRevision(d, '3'));
  assert.ok(!setDeploymentRevision(d, '3'));
  const rs = replicaSet({ name: 'r', replicas: 0, revision: 1 });
  rs.metadata.annotations = { ...rs.metadata.annotations, 'kubernetes.io/change-cause': 'first' };
  setDeploymentAnnotationsTo(d, rs);
  assert.deepEqual(d.metadata.annotations, {
    'deployment.kubernetes.io/revision': '3',
    'kubernetes.io/change-cause': 'first',
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildNewReplicaSet,
  existingNewReplicaSetUpdate,
  noteCreatedReplicaSet,
  noteCreateFailure,
  noteExistingNewReplicaSet,
  selectorWithLabel,
} from './new-replica-set.js';
import { computeHash } from './pod-template-hash.js';
import { deployment, replicaSet, template } from './test-fixtures.js';

const now = new Date('2024-05-01T12:00:00Z');

test('buildNewReplicaSet: name, hash label, selector, owner, size and annotations', () => {
  const d = deployment({ replicas: 3, annotations: { 'kubernetes.io/change-cause': 'create' } });
  const rs = buildNewReplicaSet(d, [], 1);
  const hash = computeHash(template());
  assert.equal(rs.metadata.name, `hello-${hash}`);
  assert.equal(rs.metadata.namespace, 'default');
  assert.deepEqual(rs.metadata.labels, { app: 'hello', 'pod-template-hash': hash });
  assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'hello', 'pod-template-hash': hash } });
  assert.deepEqual(rs.spec.template?.metadata?.labels, { app: 'hello', 'pod-template-hash': hash });
  assert.deepEqual(rs.spec.template?.spec, d.spec.template.spec);
  assert.deepEqual(rs.metadata.ownerReferences, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'hello',
      uid: 'd-uid',
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(rs.spec.replicas, 3, 'no old pods: straight to replicas');
  assert.deepEqual(rs.metadata.annotations, {
    'kubernetes.io/change-cause': 'create',
    'deployment.kubernetes.io/revision': '1',
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
  });
  assert.deepEqual(d.spec.template.metadata?.labels, { app: 'hello' }, 'the Deployment is not modified');
});

test('buildNewReplicaSet: surge-limited size during a rollout, collision count changes the name', () => {
  const d = deployment({ replicas: 4, image: 'nginx:2' });
  const old = replicaSet({ name: 'old', replicas: 4 });
  assert.equal(buildNewReplicaSet(d, [old], 2).spec.replicas, 1);
  const collided = deployment({ image: 'nginx:2', status: { collisionCount: 1 } });
  assert.notEqual(buildNewReplicaSet(collided, [], 1).metadata.name, buildNewReplicaSet(d, [], 1).metadata.name);
  const slow = deployment();
  slow.spec.minReadySeconds = 5;
  assert.equal(buildNewReplicaSet(slow, [], 1).spec.minReadySeconds, 5);
});

test('selectorWithLabel copies expressions and adds the label', () => {
  const selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] };
  assert.deepEqual(selectorWithLabel(selector, 'pod-template-hash', 'x'), {
    matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }],
    matchLabels: { 'pod-template-hash': 'x' },
  });
  assert.equal(Object.keys(selector).length, 1);
});

test('existingNewReplicaSetUpdate: only when annotations or minReadySeconds lag', () => {
  const d = deployment();
  const current = replicaSet({ name: 'n', replicas: 3, revision: 2 });
  assert.equal(existingNewReplicaSetUpdate(d, current, 2), undefined);
  assert.equal(
    existingNewReplicaSetUpdate(d, current, 3)?.metadata.annotations?.['deployment.kubernetes.io/revision'],
    '3',
  );
  const slow = deployment();
  slow.spec.minReadySeconds = 10;
  assert.equal(existingNewReplicaSetUpdate(slow, current, 2)?.spec.minReadySeconds, 10);
  const caused = deployment({ annotations: { 'kubernetes.io/change-cause': 'x' } });
  assert.equal(
    existingNewReplicaSetUpdate(caused, current, 2)?.metadata.annotations?.['kubernetes.io/change-cause'],
    'x',
  );
});

test('the Deployment records the new ReplicaSet: revision and Progressing', () => {
  const d = deployment();
  const rs = replicaSet({ name: 'hello-abc', replicas: 3, revision: 4 });
  assert.ok(noteExistingNewReplicaSet(d, rs, now));
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '4');
  assert.equal(d.status?.conditions?.[0]?.reason, 'FoundNewReplicaSet');
  assert.equal(d.status?.conditions?.[0]?.message, 'Found new replica set "hello-abc"');
  assert.ok(!noteExistingNewReplicaSet(d, rs, now));

  const created = deployment();
  assert.ok(noteCreatedReplicaSet(created, rs, 1, false, now));
  assert.equal(created.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.equal(created.status?.conditions?.[0]?.reason, 'NewReplicaSetCreated');
  assert.equal(created.status?.conditions?.[0]?.message, 'Created new replica set "hello-abc"');
  const found = deployment({ annotations: { 'deployment.kubernetes.io/revision': '1' } });
  assert.ok(!noteCreatedReplicaSet(found, rs, 1, true, now), 'found after AlreadyExists: nothing new');

  const failed = deployment();
  assert.equal(noteCreateFailure(failed, 'hello-x', 'quota', now), 'Failed to create new replica set "hello-x": quota');
  assert.deepEqual(
    [failed.status?.conditions?.[0]?.status, failed.status?.conditions?.[0]?.reason],
    ['False', 'ReplicaSetCreateError'],
  );
});

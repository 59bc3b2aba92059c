import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CacheLookup,
  deploymentsSelecting,
  type HandlerDeps,
  podHandlers,
  replicaSetHandlers,
  resolveDeployment,
} from './event-handlers.js';
import { deployment, pod, replicaSet } from './test-fixtures.js';
import { type DeploymentObject, objectKey, type ReplicaSetObject } from './types.js';

function lookup<T extends DeploymentObject | ReplicaSetObject>(items: T[]): CacheLookup<T> {
  return {
    get: (key) => items.find((i) => objectKey(i) === key),
    list: (namespace) => items.filter((i) => namespace === undefined || i.metadata.namespace === namespace),
  };
}

function setup(extra: { recreate?: boolean } = {}) {
  const hello = deployment(extra.recreate ? { strategy: 'Recreate' } : {});
  const other = deployment();
  other.metadata = { ...other.metadata, name: 'other', uid: 'other-uid' };
  other.spec.selector = { matchLabels: { tier: 'web' } };
  const rs = replicaSet({ name: 'rs', replicas: 1 });
  const enqueued: string[] = [];
  const deps: HandlerDeps = {
    deployments: lookup([hello, other]),
    replicaSets: lookup([rs]),
    enqueue: (d) => enqueued.push(d.metadata.name ?? ''),
  };
  return { deps, enqueued, rs };
}

test('resolveDeployment checks kind and uid', () => {
  const { deps } = setup();
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello', uid: 'd-uid' };
  assert.equal(resolveDeployment(deps.deployments, 'default', ref)?.metadata.name, 'hello');
  assert.equal(resolveDeployment(deps.deployments, 'default', { ...ref, uid: 'stale' }), undefined);
  assert.equal(resolveDeployment(deps.deployments, 'default', { ...ref, kind: 'StatefulSet' }), undefined);
});

test('deploymentsSelecting matches labels against non-empty selectors', () => {
  const { deps } = setup();
  const web = replicaSet({ name: 'w', replicas: 1, owner: null });
  web.metadata.labels = { app: 'hello', tier: 'web' };
  assert.deepEqual(
    deploymentsSelecting(deps.deployments, web).map((d) => d.metadata.name),
    ['hello', 'other'],
  );
  const bare = replicaSet({ name: 'b', replicas: 1, owner: null });
  bare.metadata.labels = {};
  assert.deepEqual(deploymentsSelecting(deps.deployments, bare), []);
});

test('ReplicaSet events enqueue the owner, or every selecting Deployment for orphans', () => {
  const { deps, enqueued, rs } = setup();
  const handlers = replicaSetHandlers(deps);
  handlers.add?.(rs);
  const orphan = replicaSet({ name: 'o', replicas: 1, owner: null });
  handlers.add?.(orphan);
  assert.deepEqual(enqueued.splice(0), ['hello', 'hello']);

  handlers.update?.(rs, rs);
  assert.deepEqual(enqueued.splice(0), [], 'a resync with the same resourceVersion is ignored');

  const v1 = { ...rs, metadata: { ...rs.metadata, resourceVersion: '1' } };
  const released = {
    ...rs,
    metadata: { ...rs.metadata, resourceVersion: '2', ownerReferences: [], labels: { tier: 'web' } },
  };
  handlers.update?.(v1, released);
  assert.deepEqual(enqueued.splice(0), ['hello', 'other'], 'the former owner, then the Deployments selecting it now');

  const moved = { ...v1, metadata: { ...v1.metadata, resourceVersion: '3' } };
  handlers.update?.(v1, moved);
  assert.deepEqual(enqueued.splice(0), ['hello']);

  handlers.delete?.(rs);
  const dying = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  handlers.add?.(dying);
  assert.deepEqual(enqueued.splice(0), ['hello', 'hello']);
});

test('a deleted pod syncs its Deployment only under Recreate', () => {
  for (const recreate of [false, true]) {
    const { deps, enqueued } = setup({ recreate });
    const p = pod('p', 'uid-rs');
    podHandlers(deps).delete?.(p);
    assert.deepEqual(enqueued, recreate ? ['hello'] : [], `recreate=${recreate}`);
  }
});

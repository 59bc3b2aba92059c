/**
 * One ReplicaSet sync at a time against an in-process API server, with informer caches filled by hand so
 * that they can lag behind the API: the expectations must keep a lagging cache from causing double creates
 * or deletes.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { KubeObject } from '../../src/api/object.js';
import { ApiHandler } from '../../src/apiserver/api-handler.js';
import type { EventRecorder, Informer, InformerHandlers } from '../../src/client/framework-types.js';
import { inProcessClient } from '../../src/client/in-process-client.js';
import { silentLogger } from '../../src/client/logger.js';
import { keyOf, ObjectCache } from '../../src/client/object-cache.js';
import type { KubeClient, ResourceClient } from '../../src/client/types.js';
import { createWorkQueue } from '../../src/client/workqueue.js';
import { ReplicaSetEventHandlers } from '../../src/controllers/replicaset/event-handlers.js';
import { Expectations } from '../../src/controllers/replicaset/expectations.js';
import {
  podControllerIndexValues,
  podsByControllerIndex,
  replicaSetControllerIndexValues,
  replicaSetsByControllerIndex,
} from '../../src/controllers/replicaset/indexes.js';
import { PodControl } from '../../src/controllers/replicaset/pod-control.js';
import { type SyncDeps, syncReplicaSet } from '../../src/controllers/replicaset/sync-replica-set.js';
import type { PodObject, ReplicaSetObject } from '../../src/controllers/replicaset/types.js';
import { MemoryStore } from '../../src/storage/memory-store.js';

/** An informer whose cache changes only when the test says so. */
class ManualInformer<T extends KubeObject> implements Informer<T> {
  private readonly cache = new ObjectCache<T>();
  private readonly handlers: InformerHandlers<T>[] = [];

  addHandlers(h: InformerHandlers<T>): void {
    this.handlers.push(h);
  }
  addIndex(name: string, fn: (obj: T) => string[]): void {
    this.cache.addIndex(name, fn);
  }
  hasSynced(): boolean {
    return true;
  }
  async waitForSync(): Promise<void> {}
  get(key: string): T | undefined {
    return this.cache.get(key);
  }
  list(namespace?: string): T[] {
    return namespace ? this.cache.byIndex('namespace', namespace) : this.cache.values();
  }
  byIndex(index: string, value: string): T[] {
    return this.cache.byIndex(index, value);
  }
  lastResourceVersion(): string {
    return '';
  }
  /** Delivers an add or update, as a watch event would. */
  observe(obj: T): void {
    const old = this.cache.set(keyOf(obj), obj);
    for (const h of this.handlers) {
      if (old) h.update?.(old, obj);
      else h.add?.(obj);
    }
  }
  /** Delivers a deletion. */
  observeDeleted(obj: T): void {
    this.cache.delete(keyOf(obj));
    for (const h of this.handlers) h.delete?.(obj);
  }
}

const ns = 'sync-test';
const events: string[] = [];
const recorder: EventRecorder = { event: (_obj, type, reason, message) => events.push(`${type} ${reason} ${message}`) };

let client: KubeClient;
let pods: ResourceClient<PodObject>;
let replicaSets: ResourceClient<ReplicaSetObject>;
let rsInformer: ManualInformer<ReplicaSetObject>;
let podInformer: ManualInformer<PodObject>;
let deps: SyncDeps;

beforeEach(async () => {
  const handler = new ApiHandler({ store: new MemoryStore(), serverAddress: () => 'x' });
  client = inProcessClient(handler, { fieldManager: 'kube-controller-manager' });
  await client
    .resource({ group: '', version: 'v1', resource: 'namespaces' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  pods = client.resource<PodObject>({ group: '', version: 'v1', resource: 'pods' }, ns);
  replicaSets = client.resource<ReplicaSetObject>({ group: 'apps', version: 'v1', resource: 'replicasets' }, ns);
  rsInformer = new ManualInformer();
  podInformer = new ManualInformer();
  rsInformer.addIndex(replicaSetsByControllerIndex, replicaSetControllerIndexValues);
  podInformer.addIndex(podsByControllerIndex, podControllerIndexValues);
  const queue = createWorkQueue();
  const expectations = new Expectations(() => new Date());
  new ReplicaSetEventHandlers({ replicaSets: rsInformer, pods: podInformer, queue, expectations }).register();
  deps = {
    client,
    replicaSets: rsInformer,
    pods: podInformer,
    queue,
    podControl: new PodControl(client, recorder),
    expectations,
    now: () => new Date(),
    log: silentLogger,
  };
  events.length = 0;
});

async function createReplicaSet(replicas: number): Promise<ReplicaSetObject> {
  const rs = await replicaSets.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  });
  rsInformer.observe(rs);
  return rs;
}

async function apiPods(): Promise<PodObject[]> {
  return (await pods.list()).items;
}

describe('syncReplicaSet with a lagging cache', () => {
  it('does not create again before the informer has seen the pods it created', async () => {
    await createReplicaSet(3);
    await syncReplicaSet(deps, `${ns}/web`);
    const created = await apiPods();
    assert.equal(created.length, 3);
    assert.deepEqual(deps.expectations.pending(`${ns}/web`), { add: 3, del: 0 });

    await syncReplicaSet(deps, `${ns}/web`);
    assert.equal((await apiPods()).length, 3, 'no double creation while the cache lags');

    for (const pod of created) podInformer.observe(pod);
    assert.equal(deps.expectations.satisfied(`${ns}/web`), true);
    rsInformer.observe(await replicaSets.get('web'));
    await syncReplicaSet(deps, `${ns}/web`);
    assert.equal((await apiPods()).length, 3);
    assert.equal((await replicaSets.get('web')).status?.replicas, 3);
    assert.equal(events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: web-')).length, 3);
  });

  it('does not delete again before the informer has seen the deletions', async () => {
    await createReplicaSet(3);
    await syncReplicaSet(deps, `${ns}/web`);
    const created = await apiPods();
    for (const pod of created) podInformer.observe(pod);

    rsInformer.observe(await replicaSets.patch('web', 'merge', { spec: { replicas: 1 } }));
    await syncReplicaSet(deps, `${ns}/web`);
    const left = await apiPods();
    assert.equal(left.length, 1);
    assert.deepEqual(deps.expectations.pending(`${ns}/web`), { add: 0, del: 2 });

    rsInformer.observe(await replicaSets.patch('web', 'merge', { spec: { replicas: 0 } }));
    await syncReplicaSet(deps, `${ns}/web`);
    assert.equal((await apiPods()).length, 1, 'no deletion while earlier ones are unobserved');

    for (const pod of created)
      if (!left.some((p) => p.metadata.uid === pod.metadata.uid)) podInformer.observeDeleted(pod);
    await syncReplicaSet(deps, `${ns}/web`);
    assert.equal((await apiPods()).length, 0);
    assert.equal(events.filter((e) => e.startsWith('Normal SuccessfulDelete Deleted pod: web-')).length, 3);
  });

  it('counts a graceful deletion (deletionTimestamp set) as the deletion observed', async () => {
    await createReplicaSet(2);
    await syncReplicaSet(deps, `${ns}/web`);
    const created = await apiPods();
    for (const pod of created) podInformer.observe(pod);
    rsInformer.observe(await replicaSets.patch('web', 'merge', { spec: { replicas: 1 } }));
    await syncReplicaSet(deps, `${ns}/web`);
    const remaining = (await apiPods())[0];
    const victim = created.find((p) => p.metadata.uid !== remaining?.metadata.uid);
    assert.ok(victim);
    assert.equal(deps.expectations.satisfied(`${ns}/web`), false);
    podInformer.observe({
      ...victim,
      metadata: { ...victim.metadata, resourceVersion: 'later', deletionTimestamp: '2024-01-01T00:00:00Z' },
    });
    assert.equal(deps.expectations.satisfied(`${ns}/web`), true);
  });

  it('wakes the ReplicaSets whose selector matches a new orphan', async () => {
    await createReplicaSet(0);
    const key = await deps.queue.get();
    assert.equal(key, `${ns}/web`);
    deps.queue.done(key);
    assert.equal(deps.queue.len(), 0);
    podInformer.observe({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', namespace: ns, uid: 'o1', resourceVersion: '1', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    podInformer.observe({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stranger', namespace: ns, uid: 'o2', resourceVersion: '1', labels: { app: 'db' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    assert.equal(deps.queue.len(), 1);
    assert.equal(await deps.queue.get(), `${ns}/web`);
  });

  it('forgets the expectations of a deleted ReplicaSet', async () => {
    const rs = await createReplicaSet(2);
    await syncReplicaSet(deps, `${ns}/web`);
    assert.equal(deps.expectations.satisfied(`${ns}/web`), false);
    rsInformer.observeDeleted(rs);
    await syncReplicaSet(deps, `${ns}/web`);
    assert.equal(deps.expectations.pending(`${ns}/web`), undefined);
  });
});

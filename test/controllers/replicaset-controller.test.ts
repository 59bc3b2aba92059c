/**
 * The ReplicaSet controller against an in-process API server (memory store, the real request pipeline and
 * watch): pod creation, replacement, ranked scale-down, adoption and release, status and Events. Lives under
 * test/ because controllers may not import the API server (test/architecture.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../src/api/object.js';
import { ApiHandler } from '../../src/apiserver/api-handler.js';
import { recordManagedFields } from '../../src/apiserver/managed-fields-recorder.js';
import { inProcessClient } from '../../src/client/in-process-client.js';
import { silentLogger } from '../../src/client/logger.js';
import { type RunningControllers, startControllers } from '../../src/client/manager.js';
import type { KubeClient, ResourceClient } from '../../src/client/types.js';
import { replicaSetController } from '../../src/controllers/replicaset/index.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { quota, quotaMessage, refusingQuotaPods } from './quota-refusing-client.js';

type PodObject = Pod & KubeObject;
type ReplicaSetObject = ReplicaSet & KubeObject;

const ns = 'rs-test';
let client: KubeClient;
let running: RunningControllers;
let pods: ResourceClient<PodObject>;
let replicaSets: ResourceClient<ReplicaSetObject>;
let events: ResourceClient<Event & KubeObject>;

before(async () => {
  const handler = new ApiHandler({ store: new MemoryStore(), serverAddress: () => 'x', recordManagedFields });
  client = refusingQuotaPods(inProcessClient(handler, { fieldManager: 'test' }));
  await client
    .resource({ group: '', version: 'v1', resource: 'namespaces' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  pods = client.resource<PodObject>({ group: '', version: 'v1', resource: 'pods' }, ns);
  replicaSets = client.resource<ReplicaSetObject>({ group: 'apps', version: 'v1', resource: 'replicasets' }, ns);
  events = client.resource<Event & KubeObject>({ group: '', version: 'v1', resource: 'events' }, ns);
  running = await startControllers({ client, nodeName: 'test', log: silentLogger }, [replicaSetController]);
});

after(async () => {
  await running?.stop();
});

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function podsOf(app: string): Promise<PodObject[]> {
  return (await pods.list({ labelSelector: `app=${app}` })).items;
}

/** Waits until exactly `n` pods of `app` exist and stay so for a moment (no double creation). */
async function settle(app: string, n: number): Promise<PodObject[]> {
  await eventually(`${n} pods of ${app}`, async () => ((await podsOf(app)).length === n ? true : undefined));
  await new Promise((r) => setTimeout(r, 200));
  const list = await podsOf(app);
  assert.equal(list.length, n, `${app} still has ${n} pods`);
  return list;
}

function replicaSet(name: string, replicas: number, app = name): ReplicaSetObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app, tier: 'web' }, annotations: { note: 'from-template' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
  };
}

async function scale(name: string, replicas: number): Promise<void> {
  await replicaSets.patch(name, 'merge', { spec: { replicas } });
}

/** Marks a pod Running, ready or not (what a node agent would report). */
async function setPodState(pod: PodObject, ready: boolean): Promise<void> {
  const fresh = await pods.get(pod.metadata.name ?? '');
  const status = {
    ...fresh.status,
    phase: 'Running',
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastTransitionTime: new Date().toISOString().slice(0, 19) + 'Z',
      },
    ],
  };
  await pods.updateStatus({ ...fresh, status });
}

const generatedSuffix = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;

describe('ReplicaSet controller (in-process cluster)', () => {
  it('creates replicas from the template with generated names, labels and a controller reference', async () => {
    const rs = await replicaSets.create(replicaSet('web', 3));
    const list = await settle('web', 3);
    for (const pod of list) {
      const name = pod.metadata.name ?? '';
      assert.ok(name.startsWith('web-'), name);
      assert.match(name.slice(4), generatedSuffix);
      assert.equal(pod.metadata.generateName, 'web-');
      assert.deepEqual(pod.metadata.labels, { app: 'web', tier: 'web' });
      assert.deepEqual(pod.metadata.annotations, { note: 'from-template' });
      assert.deepEqual(pod.metadata.ownerReferences, [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      assert.ok(
        pod.metadata.managedFields?.some((f) => f.manager === 'kube-controller-manager'),
        'written by kube-controller-manager',
      );
    }
    const status = await eventually('status', async () => {
      const s = (await replicaSets.get('web')).status;
      return s?.replicas === 3 && s.fullyLabeledReplicas === 3 ? s : undefined;
    });
    assert.deepEqual(status, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const created = await eventually('SuccessfulCreate events', async () => {
      const evs = (await events.list()).items.filter(
        (e) => e.involvedObject.name === 'web' && e.reason === 'SuccessfulCreate',
      );
      return evs.length === 3 ? evs : undefined;
    });
    const names = new Set(list.map((p) => `Created pod: ${p.metadata.name}`));
    for (const e of created) {
      assert.ok(names.has(e.message ?? ''), e.message);
      assert.equal(e.type, 'Normal');
      assert.equal(e.source?.component, 'replicaset-controller');
      assert.equal(e.involvedObject.kind, 'ReplicaSet');
      assert.equal(e.involvedObject.apiVersion, 'apps/v1');
    }
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await podsOf('web');
    assert.ok(victim);
    await pods.delete(victim.metadata.name ?? '');
    const list = await settle('web', 3);
    assert.ok(!list.some((p) => p.metadata.name === victim.metadata.name));
  });

  it('scales down by deleting pending, then not-ready pods, and reports ready replicas', async () => {
    const list = await podsOf('web');
    const [ready, notReady, pending] = list;
    assert.ok(ready && notReady && pending);
    await setPodState(ready, true);
    await setPodState(notReady, false);
    await eventually('ready replicas', async () =>
      (await replicaSets.get('web')).status?.readyReplicas === 1 ? true : undefined,
    );
    await scale('web', 2);
    let remaining = await settle('web', 2);
    assert.deepEqual(
      remaining.map((p) => p.metadata.name).sort(),
      [ready.metadata.name, notReady.metadata.name].sort(),
    );
    await scale('web', 1);
    remaining = await settle('web', 1);
    assert.equal(remaining[0]?.metadata.name, ready.metadata.name);
    const status = await eventually('status after scale-down', async () => {
      const rs = await replicaSets.get('web');
      return rs.status?.replicas === 1 && rs.status.observedGeneration === rs.metadata.generation
        ? rs.status
        : undefined;
    });
    assert.deepEqual(status, {
      replicas: 1,
      fullyLabeledReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 3,
    });
    const deleted = (await events.list()).items.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    assert.deepEqual(
      deleted.sort(),
      [`Deleted pod: ${notReady.metadata.name}`, `Deleted pod: ${pending.metadata.name}`].sort(),
    );
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', namespace: ns, labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const rs = await replicaSets.create(replicaSet('adopt', 2));
    let list = await settle('adopt', 2);
    const orphan = list.find((p) => p.metadata.name === 'orphan');
    assert.equal(orphan?.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid, 'the orphan was adopted');
    const status = await eventually('status', async () => {
      const s = (await replicaSets.get('adopt')).status;
      return s?.replicas === 2 ? s : undefined;
    });
    assert.equal(status.fullyLabeledReplicas, 1, 'the adopted pod lacks the tier label');

    await pods.patch('orphan', 'merge', { metadata: { labels: { app: 'gone' } } });
    const released = await eventually('release', async () => {
      const p = await pods.get('orphan');
      return (p.metadata.ownerReferences ?? []).length === 0 ? p : undefined;
    });
    assert.deepEqual(released.metadata.labels, { app: 'gone' });
    list = await settle('adopt', 2);
    assert.ok(!list.some((p) => p.metadata.name === 'orphan'), 'a replacement was created');
  });

  it('leaves pods owned by another controller alone', async () => {
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'foreign',
        namespace: ns,
        labels: { app: 'foreign' },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ReplicationController', name: 'x', uid: 'other', controller: true },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await replicaSets.create(replicaSet('foreign', 1));
    const list = await settle('foreign', 2);
    const foreign = list.find((p) => p.metadata.name === 'foreign');
    assert.equal(foreign?.metadata.ownerReferences?.[0]?.uid, 'other');
  });

  it('reports refused creates as ReplicaFailure and FailedCreate, creating one pod at a time meanwhile', async () => {
    quota.refuse = true;
    await replicaSets.create(replicaSet('quota', 3));
    const failed = await eventually('ReplicaFailure', async () => {
      const c = (await replicaSets.get('quota')).status?.conditions?.find((x) => x.type === 'ReplicaFailure');
      return c;
    });
    assert.equal(failed.status, 'True');
    assert.equal(failed.reason, 'FailedCreate');
    assert.equal(failed.message, quotaMessage);
    const warning = await eventually('FailedCreate event', async () =>
      (await events.list()).items.find((e) => e.involvedObject.name === 'quota' && e.reason === 'FailedCreate'),
    );
    assert.equal(warning.type, 'Warning');
    assert.equal(warning.message, `Error creating: ${quotaMessage}`);
    await eventually('retries', async () => (quota.attempts >= 3 ? true : undefined));
    assert.equal(quota.maxInFlight, 1, 'slow start: a failing first batch stops the others');

    quota.refuse = false;
    await settle('quota', 3);
    await eventually('ReplicaFailure cleared', async () => {
      const rs = await replicaSets.get('quota');
      return rs.status?.replicas === 3 && !rs.status.conditions ? true : undefined;
    });
  });
});

/** Node registration against an in-process API server: the Node, its heartbeat, its Lease and its Events. */
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { ApiHandler } from '../../apiserver/api-handler.js';
import { inProcessClient, type RunningControllers, silentLogger, startControllers } from '../../client/index.js';
import type { KubeClient } from '../../client/types.js';
import { MemoryStore } from '../../storage/memory-store.js';
import { createNodeRegistration } from './index.js';
import type { LeaseObject, NodeObject } from './node-registration.js';

const nodesResource = { group: '', version: 'v1', resource: 'nodes' };
const leasesResource = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const namespacesResource = { group: '', version: 'v1', resource: 'namespaces' };
const eventsResource = { group: '', version: 'v1', resource: 'events' };

let client: KubeClient;
let clock = new Date('2026-11-26T09:00:00.250Z');
const controllers: RunningControllers[] = [];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function start(): Promise<RunningControllers> {
  const running = await startControllers({ client, nodeName: 'kubeling', now: () => clock, log: silentLogger }, [
    createNodeRegistration({ intervalMs: 30, runtimeVersion: 'kubeling://9.9.9' }),
  ]);
  controllers.push(running);
  return running;
}

before(async () => {
  const handler = new ApiHandler({ store: new MemoryStore(), serverAddress: () => 'x' });
  client = inProcessClient(handler, { fieldManager: 'test' });
  for (const name of ['default', 'kube-node-lease']) {
    await client.resource(namespacesResource).create({ metadata: { name } });
  }
});

after(async () => {
  for (const c of controllers) await c.stop();
});

test('the node is registered Ready with the machine capacity, and its Lease is held', async () => {
  const running = await start();
  const node = await client.resource<NodeObject>(nodesResource).get('kubeling');
  assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], 'kubeling');
  assert.equal(node.metadata.labels?.['kubernetes.io/os'], 'linux');
  assert.equal(node.metadata.labels?.['node-role.kubernetes.io/control-plane'], '');
  assert.equal(node.status?.capacity?.cpu, String(os.availableParallelism()));
  assert.equal(node.status?.capacity?.pods, '250');
  assert.match(node.status?.capacity?.memory ?? '', /^\d+(Ki|Mi|Gi)$/);
  assert.ok(node.status?.capacity?.['ephemeral-storage'], 'ephemeral-storage from statfs');
  assert.equal(node.status?.nodeInfo?.kubeletVersion, 'v1.33.0');
  assert.equal(node.status?.nodeInfo?.containerRuntimeVersion, 'kubeling://9.9.9');
  assert.equal(node.status?.nodeInfo?.kernelVersion, os.release());
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  assert.deepEqual(
    [ready?.status, ready?.reason, ready?.message],
    ['True', 'KubeletReady', 'kubelet is posting ready status'],
  );
  assert.equal(ready?.lastHeartbeatTime, '2026-11-26T09:00:00Z');

  const lease = await client.resource<LeaseObject>(leasesResource, 'kube-node-lease').get('kubeling');
  assert.equal(lease.spec?.holderIdentity, 'kubeling');
  assert.equal(lease.spec?.leaseDurationSeconds, 40);
  assert.match(lease.spec?.renewTime ?? '', /^2026-11-26T09:00:00\.250\d{3}Z$/);
  assert.deepEqual(lease.metadata.ownerReferences, [
    { apiVersion: 'v1', kind: 'Node', name: 'kubeling', uid: node.metadata.uid },
  ]);

  clock = new Date('2026-11-26T09:00:10.500Z');
  await waitFor('a heartbeat', async () => {
    const n = await client.resource<NodeObject>(nodesResource).get('kubeling');
    const c = n.status?.conditions?.find((x) => x.type === 'Ready');
    return c?.lastHeartbeatTime === '2026-11-26T09:00:10Z' ? c : undefined;
  }).then((c) => assert.equal(c.lastTransitionTime, '2026-11-26T09:00:00Z'));
  await waitFor('a lease renewal', async () => {
    const l = await client.resource<LeaseObject>(leasesResource, 'kube-node-lease').get('kubeling');
    return l.spec?.renewTime?.startsWith('2026-11-26T09:00:10.500') ? l : undefined;
  });

  const events = await waitFor('the node events', async () => {
    const list = await client.resource<Event & KubeObject>(eventsResource, 'default').list();
    const reasons = list.items.filter((e) => e.involvedObject.name === 'kubeling').map((e) => e.reason);
    return reasons.includes('NodeReady') ? list.items : undefined;
  });
  const starting = events.find((e) => e.reason === 'Starting');
  assert.equal(starting?.message, 'Starting kubelet.');
  assert.equal(starting?.source?.component, 'kubelet');
  assert.deepEqual(starting?.involvedObject, { kind: 'Node', name: 'kubeling', uid: 'kubeling' });
  assert.equal(events.find((e) => e.reason === 'NodeReady')?.message, 'Node kubeling status is now: NodeReady');
  await running.stop();
});

test('a restart re-applies the default labels and keeps the rest of the node', async () => {
  const nodes = client.resource<NodeObject>(nodesResource);
  await nodes.patch('kubeling', 'merge', {
    metadata: { labels: { 'kubernetes.io/arch': null, disk: 'ssd' } },
    spec: { unschedulable: true },
  });
  await start();
  const node = await waitFor('labels re-applied', async () => {
    const n = await nodes.get('kubeling');
    return n.metadata.labels?.['kubernetes.io/arch'] ? n : undefined;
  });
  assert.equal(node.metadata.labels?.disk, 'ssd');
  assert.equal(node.spec?.unschedulable, true);
});

test('a deleted node is registered again', async () => {
  const nodes = client.resource<NodeObject>(nodesResource);
  const before = await nodes.get('kubeling');
  await nodes.delete('kubeling');
  const again = await waitFor('re-registration', async () => {
    const n = await nodes.get('kubeling');
    return n.metadata.uid !== before.metadata.uid ? n : undefined;
  });
  assert.equal(again.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
});

/** The scheduler against an in-process API server: binding, FailedScheduling, and retry on a node change. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Event } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { ApiHandler } from '../apiserver/api-handler.js';
import { inProcessClient, type RunningControllers, silentLogger, startControllers } from '../client/index.js';
import type { KubeClient } from '../client/types.js';
import { MemoryStore } from '../storage/memory-store.js';
import { scheduler } from './index.js';
import { type NodeObject, nodesResource, type PodObject, podsResource } from './types.js';

const eventsResource = { group: '', version: 'v1', resource: 'events' };
const namespacesResource = { group: '', version: 'v1', resource: 'namespaces' };

let client: KubeClient;
let running: RunningControllers;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pod(name: string, nodeSelector?: Record<string, string>): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'dev' },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(nodeSelector ? { nodeSelector } : {}) },
  };
}

async function eventsFor(name: string): Promise<Event[]> {
  const list = await client.resource<Event & KubeObject>(eventsResource, 'dev').list();
  return list.items.filter((e) => e.involvedObject.name === name);
}

before(async () => {
  const handler = new ApiHandler({ store: new MemoryStore(), serverAddress: () => 'x' });
  client = inProcessClient(handler, { fieldManager: 'test' });
  await client.resource(namespacesResource).create({ metadata: { name: 'dev' } });
  const node: NodeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'kubeling', labels: { 'kubernetes.io/hostname': 'kubeling' } },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  };
  await client.resource(nodesResource).create(node);
  running = await startControllers({ client, nodeName: 'kubeling', log: silentLogger }, [scheduler]);
});

after(async () => {
  await running.stop();
});

test('a pending pod is bound to the node and a Scheduled event recorded', async () => {
  const pods = client.resource<PodObject>(podsResource, 'dev');
  await pods.create(pod('hello-x'));
  const bound = await waitFor('binding', async () => {
    const p = await pods.get('hello-x');
    return p.spec?.nodeName ? p : undefined;
  });
  assert.equal(bound.spec?.nodeName, 'kubeling');
  assert.equal(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
  const scheduled = await waitFor('Scheduled event', async () =>
    (await eventsFor('hello-x')).find((e) => e.reason === 'Scheduled'),
  );
  assert.equal(scheduled.type, 'Normal');
  assert.equal(scheduled.message, 'Successfully assigned dev/hello-x to kubeling');
  assert.equal(scheduled.source?.component, 'default-scheduler');
});

test('an unmatched nodeSelector reports Unschedulable, then binds once the node gains the label', async () => {
  const pods = client.resource<PodObject>(podsResource, 'dev');
  await pods.create(pod('picky', { disk: 'ssd' }));
  const message =
    "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. " +
    'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
  const condition = await waitFor('PodScheduled=False', async () =>
    (await pods.get('picky')).status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'),
  );
  assert.equal(condition.reason, 'Unschedulable');
  assert.equal(condition.message, message);
  const failed = await waitFor('FailedScheduling event', async () =>
    (await eventsFor('picky')).find((e) => e.reason === 'FailedScheduling'),
  );
  assert.equal(failed.type, 'Warning');
  assert.equal(failed.message, message);
  assert.equal(failed.source?.component, 'default-scheduler');
  assert.equal((await pods.get('picky')).spec?.nodeName, undefined);

  await client.resource(nodesResource).patch('kubeling', 'merge', { metadata: { labels: { disk: 'ssd' } } });
  const bound = await waitFor('binding after the label', async () => {
    const p = await pods.get('picky');
    return p.spec?.nodeName ? p : undefined;
  });
  assert.equal(bound.spec?.nodeName, 'kubeling');
  assert.equal(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
});

test('pods of another scheduler are left alone', async () => {
  const pods = client.resource<PodObject>(podsResource, 'dev');
  const other = pod('other');
  other.spec = { ...other.spec, containers: other.spec?.containers ?? [], schedulerName: 'my-scheduler' };
  await pods.create(other);
  await pods.create(pod('mine'));
  await waitFor('the default pod bound', async () => ((await pods.get('mine')).spec?.nodeName ? true : undefined));
  assert.equal((await pods.get('other')).spec?.nodeName, undefined);
});

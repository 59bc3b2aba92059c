import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { isNotFound } from '../../client/status-decode.js';
import type { GroupVersionResource, KubeClient } from '../../client/types.js';
import { garbageCollector } from '../garbage-collector/index.js';
import { eventually, startTestCluster, type TestCluster } from '../garbage-collector/testdata/test-cluster.js';
import { namespaceController } from './index.js';

const gvr = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
} satisfies Record<string, GroupVersionResource>;

const podSpec = { containers: [{ name: 'c', image: 'busybox' }] };

async function namespaceGone(client: KubeClient, name: string): Promise<void> {
  await eventually(
    `namespace ${name} to be deleted`,
    async () => {
      try {
        await client.resource(gvr.namespaces).get(name);
        return false;
      } catch (err) {
        if (isNotFound(err)) return true;
        throw err;
      }
    },
    10_000,
  );
}

type Conditions = { type: string; status: string; reason?: string; message?: string }[];

function condition(ns: KubeObject, type: string) {
  return ((ns.status as { conditions?: Conditions } | undefined)?.conditions ?? []).find((c) => c.type === type);
}

describe('namespace controller', () => {
  let cluster: TestCluster;
  let client: KubeClient;
  before(async () => {
    cluster = await startTestCluster([namespaceController, garbageCollector]);
    client = cluster.client;
  });
  after(() => cluster.stop());

  it('empties a deleted namespace (configmaps, pods) and finalizes it', async () => {
    await client.resource(gvr.namespaces).create({ metadata: { name: 'team-a' } });
    for (const name of ['one', 'two']) {
      await client.resource(gvr.configmaps, 'team-a').create({ metadata: { name }, data: { k: name } });
    }
    await client.resource(gvr.pods, 'team-a').create({ metadata: { name: 'p' }, spec: podSpec });
    const terminating = (await client.resource(gvr.namespaces).delete('team-a')) as KubeObject;
    assert.deepEqual((terminating.spec as { finalizers?: string[] }).finalizers, ['kubernetes']);
    await namespaceGone(client, 'team-a');
    assert.deepEqual((await client.resource(gvr.configmaps, 'team-a').list()).items, []);
    assert.deepEqual((await client.resource(gvr.pods, 'team-a').list()).items, []);
  });

  it('waits for content held by a finalizer, reporting it in the conditions', async () => {
    await client.resource(gvr.namespaces).create({ metadata: { name: 'held' } });
    const cms = client.resource(gvr.configmaps, 'held');
    await cms.create({ metadata: { name: 'kept', finalizers: ['example.com/hold'] } });
    await client.resource(gvr.namespaces).delete('held');
    const ns = await eventually('the conditions to report the finalizer', async () => {
      const n = await client.resource(gvr.namespaces).get('held');
      return condition(n, 'NamespaceFinalizersRemaining')?.status === 'True' ? n : undefined;
    });
    assert.equal((ns.status as { phase?: string }).phase, 'Terminating');
    assert.deepEqual(condition(ns, 'NamespaceFinalizersRemaining'), {
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: (condition(ns, 'NamespaceFinalizersRemaining') as { lastTransitionTime?: string })
        .lastTransitionTime,
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    assert.equal(
      condition(ns, 'NamespaceContentRemaining')?.message,
      'Some resources are remaining: configmaps. has 1 resource instances',
    );
    assert.equal(condition(ns, 'NamespaceDeletionContentFailure')?.status, 'False');
    await cms.patch('kept', 'merge', { metadata: { finalizers: null } });
    // The next pass comes after half the finalizer estimate; any change of the namespace brings it sooner.
    await client.resource(gvr.namespaces).patch('held', 'merge', { metadata: { labels: { poke: 'now' } } });
    await namespaceGone(client, 'held');
  });

  it('waits for pods in their grace period', async () => {
    await client.resource(gvr.namespaces).create({ metadata: { name: 'graceful' } });
    const pods = client.resource(gvr.pods, 'graceful');
    await pods.create({ metadata: { name: 'running' }, spec: { ...podSpec, nodeName: 'test' } });
    await client.resource(gvr.namespaces).delete('graceful');
    const ns = await eventually('the pod to be reported remaining', async () => {
      const n = await client.resource(gvr.namespaces).get('graceful');
      return condition(n, 'NamespaceContentRemaining')?.status === 'True' ? n : undefined;
    });
    assert.equal(
      condition(ns, 'NamespaceContentRemaining')?.message,
      'Some resources are remaining: pods. has 1 resource instances',
    );
    assert.equal(condition(ns, 'NamespaceFinalizersRemaining')?.status, 'False');
    const pod = await pods.get('running');
    assert.ok(pod.metadata.deletionTimestamp, 'the pod is terminating');
    // What the node agent does once the containers stopped.
    await pods.delete('running', { gracePeriodSeconds: 0 });
    await client.resource(gvr.namespaces).patch('graceful', 'merge', { metadata: { labels: { poke: 'now' } } });
    await namespaceGone(client, 'graceful');
  });

  it('deletes a Deployment → ReplicaSet → Pod chain with the namespace', async () => {
    await client.resource(gvr.namespaces).create({ metadata: { name: 'apps' } });
    const labels = { app: 'web' };
    const template = { metadata: { labels }, spec: podSpec };
    const deployment = await client.resource(gvr.deployments, 'apps').create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: labels }, template },
    });
    const ref = (o: KubeObject) => ({
      apiVersion: o.apiVersion ?? '',
      kind: o.kind ?? '',
      name: o.metadata.name ?? '',
      uid: o.metadata.uid ?? '',
      controller: true,
      blockOwnerDeletion: true,
    });
    const rs = await client.resource(gvr.replicasets, 'apps').create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', ownerReferences: [ref(deployment)] },
      spec: { selector: { matchLabels: labels }, template },
    });
    await client
      .resource(gvr.pods, 'apps')
      .create({ metadata: { name: 'web-1-x', labels, ownerReferences: [ref(rs)] }, spec: podSpec });
    await client.resource(gvr.namespaces).delete('apps');
    await namespaceGone(client, 'apps');
  });
});

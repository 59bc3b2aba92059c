import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { ControllerContext } from '../../client/framework-types.js';
import { isNotFound } from '../../client/status-decode.js';
import type { GroupVersionResource, KubeClient } from '../../client/types.js';
import { GarbageCollector } from './index.js';
import type { OwnerReference } from './object-identity.js';
import { eventually, startTestCluster, type TestCluster } from './testdata/test-cluster.js';

const gvr = {
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  events: { group: '', version: 'v1', resource: 'events' },
} satisfies Record<string, GroupVersionResource>;

const labels = { app: 'web' };
const podSpec = { containers: [{ name: 'c', image: 'busybox' }] };
const template = { metadata: { labels }, spec: podSpec };

function ownerRef(owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    ...extra,
  };
}

const controllerRef = (owner: KubeObject) => ownerRef(owner, { controller: true, blockOwnerDeletion: true });

/** A Deployment owning a ReplicaSet owning two Pods, as the workload controllers would leave them. */
async function chain(client: KubeClient, ns: string, name: string) {
  const deployment = await client.resource(gvr.deployments, ns).create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: labels }, template },
  });
  const rs = await client.resource(gvr.replicasets, ns).create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${name}-rs`, ownerReferences: [controllerRef(deployment)] },
    spec: { selector: { matchLabels: labels }, template },
  });
  const pods = [];
  for (const suffix of ['a', 'b']) {
    pods.push(
      await client.resource(gvr.pods, ns).create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${suffix}`, labels, ownerReferences: [controllerRef(rs)] },
        spec: podSpec,
      }),
    );
  }
  return { deployment, rs, pods };
}

async function exists(client: KubeClient, resource: GroupVersionResource, ns: string, name: string) {
  try {
    return await client.resource(resource, ns).get(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const gone = (client: KubeClient, resource: GroupVersionResource, ns: string, name: string) =>
  eventually(
    `${resource.resource} ${ns}/${name} to be deleted`,
    async () => !(await exists(client, resource, ns, name)),
  );

async function namespace(client: KubeClient, name: string): Promise<string> {
  await client.resource(gvr.namespaces).create({ metadata: { name } });
  return name;
}

describe('garbage collector', () => {
  let cluster: TestCluster;
  let client: KubeClient;
  let gc: GarbageCollector | undefined;
  before(async () => {
    const start = async (ctx: ControllerContext) => {
      gc = new GarbageCollector(ctx);
      await gc.start();
    };
    cluster = await startTestCluster([{ name: 'garbage-collector', start }]);
    client = cluster.client;
  });
  after(() => cluster.stop());

  /**
   * Waits until the collector's informers delivered these objects: like upstream, a deletion handled before the
   * graph knows a dependent does not wait for it.
   */
  const observed = (...objects: KubeObject[]) =>
    eventually('the graph to observe the objects', async () =>
      objects.every((o) => {
        const node = gc?.graph.get(o.metadata.uid ?? '');
        const owners = (o.metadata.ownerReferences ?? []).map((r) => r.uid);
        return node?.virtual === false && node.owners.map((r) => r.uid).join() === owners.join();
      }),
    );

  it('Background: deleting a Deployment deletes its ReplicaSet and Pods', async () => {
    const ns = await namespace(client, 'background');
    const { deployment, rs, pods } = await chain(client, ns, 'web');
    await observed(deployment, rs, ...pods);
    await client.resource(gvr.deployments, ns).delete('web');
    await gone(client, gvr.replicasets, ns, rs.metadata.name ?? '');
    for (const pod of pods) await gone(client, gvr.pods, ns, pod.metadata.name ?? '');
  });

  it('Foreground: the owner waits, marked for deletion, until its blocking dependents are gone', async () => {
    const ns = await namespace(client, 'foreground');
    const { deployment, rs, pods } = await chain(client, ns, 'web');
    await observed(deployment, rs, ...pods);
    const deletions: { rv: number; name: string }[] = [];
    const watches = [gvr.deployments, gvr.replicasets, gvr.pods].map((r) =>
      client.resource(r, ns).watch(
        { resourceVersion: rs.metadata.resourceVersion ?? '' },
        (e) => {
          const name = `${e.object.kind}/${e.object.metadata.name}`;
          if (e.type === 'DELETED') deletions.push({ rv: Number(e.object.metadata.resourceVersion), name });
        },
        () => {},
      ),
    );
    const pending = await client.resource(gvr.deployments, ns).delete('web', { propagationPolicy: 'Foreground' });
    assert.deepEqual((pending as KubeObject).metadata.finalizers, ['foregroundDeletion']);
    await gone(client, gvr.deployments, ns, 'web');
    await eventually('all deletions to be watched', async () => deletions.length === 4);
    for (const w of watches) w.stop();
    // Separate watches interleave freely: the resourceVersions of the deletions give their order.
    const order = deletions.sort((a, b) => a.rv - b.rv).map((d) => d.name);
    assert.deepEqual(order.slice(0, 2).sort(), ['Pod/web-a', 'Pod/web-b']);
    assert.deepEqual(order.slice(2), ['ReplicaSet/web-rs', 'Deployment/web']);
  });

  it('Orphan: dependents stay, without the reference to the deleted owner', async () => {
    const ns = await namespace(client, 'orphan');
    const { deployment, rs, pods } = await chain(client, ns, 'web');
    await observed(deployment, rs, ...pods);
    await client.resource(gvr.deployments, ns).delete('web', { propagationPolicy: 'Orphan' });
    await gone(client, gvr.deployments, ns, 'web');
    const kept = await client.resource(gvr.replicasets, ns).get(rs.metadata.name ?? '');
    assert.deepEqual(kept.metadata.ownerReferences ?? [], []);
    for (const pod of pods) {
      const p = await client.resource(gvr.pods, ns).get(pod.metadata.name ?? '');
      assert.deepEqual(
        p.metadata.ownerReferences?.map((r) => r.name),
        ['web-rs'],
      );
    }
  });

  it('a dependent with another live owner keeps living, without the dead reference', async () => {
    const ns = await namespace(client, 'two-owners');
    const cms = client.resource(gvr.configmaps, ns);
    const a = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const b = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    const dep0 = await cms.create({ metadata: { name: 'dep', ownerReferences: [ownerRef(a), ownerRef(b)] } });
    await observed(a, b, dep0);
    await cms.delete('a');
    const dep = await eventually('the dead reference to be removed', async () => {
      const d = await cms.get('dep');
      return d.metadata.ownerReferences?.length === 1 ? d : undefined;
    });
    assert.deepEqual(dep.metadata.ownerReferences, [ownerRef(b)]);
  });

  it('a dependent whose owner never existed is deleted', async () => {
    const ns = await namespace(client, 'dangling');
    const cms = client.resource(gvr.configmaps, ns);
    await cms.create({
      metadata: {
        name: 'dep',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' }],
      },
    });
    const sameNameOtherUid = await cms.create({ metadata: { name: 'owner' } });
    await cms.create({
      metadata: {
        name: 'dep2',
        ownerReferences: [
          { ...ownerRef({ ...sameNameOtherUid, apiVersion: 'v1', kind: 'ConfigMap' }), uid: 'old-uid' },
        ],
      },
    });
    await gone(client, gvr.configmaps, ns, 'dep');
    await gone(client, gvr.configmaps, ns, 'dep2');
    assert.ok(await exists(client, gvr.configmaps, ns, 'owner'));
  });

  it('a reference to an owner in another namespace is invalid: Event OwnerRefInvalidNamespace, dependent collected', async () => {
    const ns1 = await namespace(client, 'owner-ns');
    const ns2 = await namespace(client, 'dependent-ns');
    const owner = await client
      .resource(gvr.configmaps, ns1)
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    const dep = await client.resource(gvr.configmaps, ns2).create({
      metadata: { name: 'dep', ownerReferences: [ownerRef({ ...owner, apiVersion: 'v1', kind: 'ConfigMap' })] },
    });
    const event = await eventually('the OwnerRefInvalidNamespace event', async () => {
      const events = await client.resource(gvr.events, ns2).list();
      return events.items.find((e) => e.reason === 'OwnerRefInvalidNamespace');
    });
    assert.equal(event.type, 'Warning');
    assert.deepEqual(event.involvedObject, {
      kind: 'ConfigMap',
      namespace: ns2,
      name: 'dep',
      uid: dep.metadata.uid,
      apiVersion: 'v1',
    });
    assert.equal(
      event.message,
      `ownerRef [v1/ConfigMap, namespace: ${ns2}, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "${ns2}"`,
    );
    await gone(client, gvr.configmaps, ns2, 'dep');
    assert.ok(await exists(client, gvr.configmaps, ns1, 'owner'));
  });

  it('a dependency circle does not block a foreground deletion', async () => {
    const ns = await namespace(client, 'circle');
    const cms = client.resource(gvr.configmaps, ns);
    const a = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const b = await cms.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'b', ownerReferences: [ownerRef(a, { blockOwnerDeletion: true })] },
    });
    const c = await cms.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', ownerReferences: [ownerRef(b, { blockOwnerDeletion: true })] },
    });
    const circular = await cms.patch('a', 'merge', {
      metadata: { ownerReferences: [ownerRef(c, { blockOwnerDeletion: true })] },
    });
    await observed(circular, b, c);
    await cms.delete('a', { propagationPolicy: 'Foreground' });
    for (const name of ['a', 'b', 'c']) await gone(client, gvr.configmaps, ns, name);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isNotFound } from '../../client/status-decode.js';
import type { KubeClient } from '../../client/types.js';
import {
  type EndpointTestCluster,
  eventually,
  startEndpointTestCluster,
} from '../endpointslice/cluster-test-helpers.js';
import {
  type EndpointSlice,
  type Endpoints,
  gvrEndpointSlices,
  gvrEndpoints,
  gvrPods,
  gvrServices,
  type Pod,
} from '../endpointslice/kinds.js';
import { endpointsController } from './index.js';

const ns = 'default';

function service(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } };
}

function endpoints(name: string, ip: string): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name },
    subsets: [{ addresses: [{ ip }], ports: [{ port: 80 }] }],
  };
}

async function readyPod(client: KubeClient, name: string, ip: string, labels: Record<string, string>): Promise<Pod> {
  const api = client.resource<Pod>(gvrPods, ns);
  const pod = await api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
  });
  return api.updateStatus({
    ...pod,
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }],
    },
  });
}

async function tryGet(client: KubeClient, name: string): Promise<Endpoints | undefined> {
  try {
    return await client.resource<Endpoints>(gvrEndpoints, ns).get(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const ips = (ep: Endpoints | undefined) =>
  (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();

describe('Endpoints controller, in process', () => {
  let cluster: EndpointTestCluster;
  let client: KubeClient;

  before(async () => {
    cluster = await startEndpointTestCluster([endpointsController], async (c) => {
      // Found at startup: an Endpoints whose Service is gone, and one used as a leader-election lock.
      await c.resource(gvrEndpoints, ns).create(endpoints('orphan', '10.1.0.1'));
      const lock = endpoints('lock', '10.1.0.2');
      lock.metadata.annotations = { 'control-plane.alpha.kubernetes.io/leader': '{}' };
      await c.resource(gvrEndpoints, ns).create(lock);
    });
    client = cluster.client;
  });
  after(async () => cluster.stop());

  it('deletes Endpoints left without a Service at startup, but not leader-election locks', async () => {
    await eventually('orphan deleted', async () => (await tryGet(client, 'orphan')) === undefined);
    assert.ok(await tryGet(client, 'lock'));
  });

  it('follows pod labels, and deletes the Endpoints with their Service', async () => {
    await client.resource(gvrServices, ns).create(service('api', { selector: { app: 'api' } }));
    await readyPod(client, 'api-1', '127.244.1.1', { app: 'api' });
    const other = await readyPod(client, 'other-1', '127.244.1.2', { app: 'other' });
    await eventually('one address', async () => ips(await tryGet(client, 'api')).length === 1);
    await client
      .resource<Pod>(gvrPods, ns)
      .update({ ...other, metadata: { ...other.metadata, labels: { app: 'api' } } });
    await eventually('two addresses', async () => ips(await tryGet(client, 'api')).length === 2);
    assert.deepEqual(ips(await tryGet(client, 'api')), ['127.244.1.1', '127.244.1.2']);
    await client.resource(gvrServices, ns).delete('api');
    await eventually('Endpoints deleted', async () => (await tryGet(client, 'api')) === undefined);
  });

  it('leaves user Endpoints of a Service without selector alone', async () => {
    await client.resource(gvrServices, ns).create(service('manual', {}));
    await client.resource(gvrEndpoints, ns).create(endpoints('manual', '10.2.0.1'));
    await readyPod(client, 'manual-1', '127.244.2.1', {});
    // A later Service with a selector proves the controller has caught up with everything before it.
    await client.resource(gvrServices, ns).create(service('marker', { selector: { app: 'marker' } }));
    await eventually('marker Endpoints', async () => (await tryGet(client, 'marker')) !== undefined);
    const manual = await tryGet(client, 'manual');
    assert.deepEqual(ips(manual), ['10.2.0.1']);
    assert.deepEqual(
      manual?.metadata.managedFields?.map((m) => m.manager),
      ['test'],
    );
  });

  it('writes no Endpoints for an ExternalName Service', async () => {
    await client.resource(gvrServices, ns).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext' },
      spec: { type: 'ExternalName', externalName: 'example.com', selector: { app: 'api' } },
    });
    await client.resource(gvrServices, ns).create(service('marker2', { selector: { app: 'marker' } }));
    await eventually('marker2 Endpoints', async () => (await tryGet(client, 'marker2')) !== undefined);
    assert.equal(await tryGet(client, 'ext'), undefined);
  });

  it('labels the Endpoints of a headless Service', async () => {
    await client.resource(gvrServices, ns).create(service('db', { clusterIP: 'None', selector: { app: 'db' } }));
    await readyPod(client, 'db-0', '127.244.3.1', { app: 'db' });
    const ep = await eventually('db Endpoints', async () => {
      const e = await tryGet(client, 'db');
      return ips(e).length === 1 && e;
    });
    assert.deepEqual(ep.metadata.labels, {
      'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
      'service.kubernetes.io/headless': '',
    });
    // Only the Endpoints controller runs here: no slices appear.
    const slices = await client
      .resource<EndpointSlice>(gvrEndpointSlices, ns)
      .list({ labelSelector: 'kubernetes.io/service-name=db' });
    assert.equal(slices.items.length, 0);
  });
});

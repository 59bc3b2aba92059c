import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/types.js';
import { type EndpointTestCluster, eventually, startEndpointTestCluster } from './cluster-test-helpers.js';
import { endpointSliceController } from './index.js';
import { type EndpointSlice, gvrEndpointSlices, gvrPods, gvrServices, type Pod, type Service } from './kinds.js';

const ns = 'default';

async function slicesOf(client: KubeClient, service: string): Promise<EndpointSlice[]> {
  const list = await client
    .resource<EndpointSlice>(gvrEndpointSlices, ns)
    .list({ labelSelector: `kubernetes.io/service-name=${service}` });
  return list.items;
}

function service(name: string, spec: ServiceSpec): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } };
}

describe('EndpointSlice controller lifecycle, in process', () => {
  let cluster: EndpointTestCluster;
  let client: KubeClient;

  before(async () => {
    cluster = await startEndpointTestCluster([endpointSliceController]);
    client = cluster.client;
  });
  after(async () => cluster.stop());

  it('keeps one empty placeholder slice for a Service that selects no pods', async () => {
    await client.resource(gvrServices, ns).create(service('empty', { selector: { app: 'none' } }));
    const [slice] = await eventually('placeholder', async () => {
      const s = await slicesOf(client, 'empty');
      return s.length === 1 && s;
    });
    assert.deepEqual(slice?.endpoints ?? [], []);
    assert.deepEqual(slice?.ports ?? [], []);
  });

  it('puts back a slice someone deleted', async () => {
    const [before] = await slicesOf(client, 'empty');
    await client.resource(gvrEndpointSlices, ns).delete(before?.metadata.name ?? '');
    const [again] = await eventually('a new slice', async () => {
      const s = await slicesOf(client, 'empty');
      return s.length === 1 && s[0]?.metadata.uid !== before?.metadata.uid && s;
    });
    assert.equal(again?.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  });

  it('restores a slice someone edited', async () => {
    const [slice] = await slicesOf(client, 'empty');
    await client.resource<EndpointSlice>(gvrEndpointSlices, ns).update({
      ...(slice as EndpointSlice),
      endpoints: [{ addresses: ['10.9.9.9'] }],
    });
    await eventually('the stray endpoint removed', async () => {
      const s = await slicesOf(client, 'empty');
      return s.length === 1 && (s[0]?.endpoints ?? []).length === 0;
    });
  });

  it('does not rewrite slices that are up to date (unnamed port, unrelated Service change)', async () => {
    const services = client.resource<Service>(gvrServices, ns);
    await services.create(service('plain', { selector: { app: 'plain' }, ports: [{ port: 80, targetPort: 8080 }] }));
    const podsApi = client.resource<Pod>(gvrPods, ns);
    const pod = await podsApi.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'plain-1', labels: { app: 'plain' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
    });
    await podsApi.updateStatus({
      ...pod,
      status: { phase: 'Running', podIP: '127.244.5.1', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const [slice] = await eventually('plain slice with its endpoint', async () => {
      const s = await slicesOf(client, 'plain');
      return s.length === 1 && s[0]?.endpoints?.length === 1 && s;
    });
    assert.deepEqual(slice?.ports, [{ name: '', port: 8080, protocol: 'TCP' }]);
    const svc = await services.get('plain');
    await services.update({ ...svc, metadata: { ...svc.metadata, annotations: { note: 'x' } } });
    await services.create(service('marker0', { selector: { app: 'marker' } }));
    await eventually('marker0 slice', async () => (await slicesOf(client, 'marker0')).length === 1);
    const [after] = await slicesOf(client, 'plain');
    assert.equal(after?.metadata.resourceVersion, slice?.metadata.resourceVersion);
  });

  it('makes no slices for Services without selector or of type ExternalName', async () => {
    await client.resource(gvrServices, ns).create(service('manual', {}));
    await client.resource(gvrServices, ns).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext' },
      spec: { type: 'ExternalName', externalName: 'example.com', selector: { app: 'x' } },
    });
    await client.resource(gvrServices, ns).create(service('marker', { selector: { app: 'marker' } }));
    await eventually('marker slice', async () => (await slicesOf(client, 'marker')).length === 1);
    assert.equal((await slicesOf(client, 'manual')).length, 0);
    assert.equal((await slicesOf(client, 'ext')).length, 0);
  });
});

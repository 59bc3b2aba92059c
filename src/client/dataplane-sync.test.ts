import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { namespaces, type TestApi, testApi } from './api-test-helpers.js';
import {
  dataplaneLabel,
  dataplaneLeaseName,
  publishDataplaneSync,
  revisionOf,
  startDataplaneSyncPublisher,
  syncedResourceVersionAnnotation,
  waitForDataplaneDrain,
} from './dataplane-sync.js';

const gvrLeases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const gvrSlices = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

let api: TestApi;
const leases = () => api.client.resource(gvrLeases, 'kube-system');
const slices = () => api.client.resource(gvrSlices, 'default');

before(async () => {
  api = await testApi();
  await api.client.resource(namespaces).create({ metadata: { name: 'kube-system' } });
});

function sliceOf(name: string, pods: { uid: string; ready: boolean }[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: pods.map((p, i) => ({
      addresses: [`127.244.9.${i + 1}`],
      conditions: { ready: p.ready, serving: true, terminating: !p.ready },
      targetRef: { kind: 'Pod', namespace: 'default', name: p.uid, uid: p.uid },
    })),
    ports: [{ name: '', port: 8080, protocol: 'TCP' }],
  };
}

async function putSlice(obj: KubeObject): Promise<string> {
  try {
    const old = await slices().get(obj.metadata.name ?? '');
    const out = await slices().update({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: old.metadata.resourceVersion ?? '' },
    });
    return out.metadata.resourceVersion ?? '';
  } catch {
    return (await slices().create(obj)).metadata.resourceVersion ?? '';
  }
}

/** A data-plane Lease as a component would leave it, renewed `ageMs` ago. */
async function putLease(component: string, synced: string, ageMs = 0): Promise<void> {
  const name = dataplaneLeaseName(component);
  const metadata = { labels: { [dataplaneLabel]: 'true' }, annotations: { [syncedResourceVersionAnnotation]: synced } };
  const spec = {
    holderIdentity: component,
    leaseDurationSeconds: 30,
    renewTime: new Date(Date.now() - ageMs).toISOString(),
  };
  try {
    await leases().patch(name, 'merge', { metadata, spec });
  } catch {
    await leases().create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { ...metadata, name },
      spec,
    });
  }
}

/** Whether `p` settled within `ms`. */
async function settledWithin<T>(p: Promise<T>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

describe('data-plane sync', () => {
  it('publishes a labelled Lease with the synced resourceVersion and a heartbeat', async () => {
    await publishDataplaneSync(api.client, 'test-a', '41');
    await publishDataplaneSync(api.client, 'test-a', '42');
    const lease = (await leases().get('kubeling-dataplane-test-a')) as KubeObject & {
      spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string };
    };
    assert.equal(lease.metadata.labels?.[dataplaneLabel], 'true');
    assert.equal(lease.metadata.annotations?.[syncedResourceVersionAnnotation], '42');
    assert.equal(lease.spec.holderIdentity, 'test-a');
    assert.equal(lease.spec.leaseDurationSeconds, 30);
    assert.match(lease.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(Date.now() - Date.parse(lease.spec.renewTime) < 5000);
    await leases().delete('kubeling-dataplane-test-a');
  });

  it('publisher: writes the newest value, never goes back, deletes its Lease when stopped', async () => {
    const abort = new AbortController();
    const publisher = startDataplaneSyncPublisher(api.client, 'test-b', { signal: abort.signal });
    publisher.publish('10');
    publisher.publish('12');
    publisher.publish('11');
    await publisher.flushed();
    const synced = async () =>
      (await leases().get('kubeling-dataplane-test-b')).metadata.annotations?.[syncedResourceVersionAnnotation];
    assert.equal(await synced(), '12');
    abort.abort();
    for (let i = 0; i < 100 && (await synced().catch(() => 'gone')) !== 'gone'; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(await synced().catch(() => 'gone'), 'gone');
  });

  it('drains at once a pod in no slice when no data plane runs', async () => {
    assert.equal(await waitForDataplaneDrain(api.client, { uid: 'nobody', namespace: 'default' }, 1000), true);
  });

  it('waits for the endpoint to be unready, then for every live Lease to reach that slice version', async () => {
    const rv0 = await putSlice(
      sliceOf('web-1', [
        { uid: 'p1', ready: true },
        { uid: 'p2', ready: true },
      ]),
    );
    await putLease('proxy', rv0);
    await putLease('dead', '1', 60_000);
    const drained = waitForDataplaneDrain(api.client, { uid: 'p1', namespace: 'default' }, 5000);
    assert.equal(await settledWithin(drained, 100), false, 'p1 is still ready');
    const rv1 = await putSlice(
      sliceOf('web-1', [
        { uid: 'p1', ready: false },
        { uid: 'p2', ready: true },
      ]),
    );
    assert.equal(await settledWithin(drained, 100), false, 'the proxy has not applied it');
    await putLease('proxy', String(revisionOf(rv1) - 1n));
    assert.equal(await settledWithin(drained, 100), false, 'still one revision behind');
    await putLease('proxy', rv1);
    assert.equal(await drained, true);
  });

  it('counts a deleted slice as the endpoint gone, and gives up after the timeout', async () => {
    await putSlice(sliceOf('web-2', [{ uid: 'p3', ready: true }]));
    const started = Date.now();
    const drained = waitForDataplaneDrain(api.client, { uid: 'p3', namespace: 'default' }, 400);
    await new Promise((r) => setTimeout(r, 50));
    await slices().delete('web-2');
    assert.equal(await drained, false, 'the proxy Lease never reaches the deletion');
    assert.ok(Date.now() - started >= 390);
    const last = (await api.client.resource(gvrSlices, '').list()).metadata.resourceVersion;
    await putLease('proxy', last);
    assert.equal(await waitForDataplaneDrain(api.client, { uid: 'p3', namespace: 'default' }, 1000), true);
  });
});

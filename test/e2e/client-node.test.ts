/**
 * @kubernetes/client-node against kubeling: typed CRUD and an informer that stays in sync through updates,
 * deletes, and a forced 410 Gone (its watch expires while the history it would resume from is compacted).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { generateClusterPki } from '../../src/cluster/pki.js';
import { type RunningCluster, runCluster } from '../../src/cluster/run-cluster.js';

let cluster: RunningCluster;
let dataDir: string;
let kc: KubeConfig;
let core: CoreV1Api;
const ns = 'client-node';

before(async () => {
  const pki = await generateClusterPki('client-node');
  dataDir = mkdtempSync(join(tmpdir(), 'kubeling-client-node-'));
  cluster = await runCluster({
    name: 'client-node',
    port: 0,
    pki,
    dataDir,
    tuning: { historyWindow: 20, minWatchTimeoutSeconds: 1 },
  });
  await cluster.ready;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: cluster.url, caData: Buffer.from(pki.caCertPem).toString('base64') }],
    users: [{ name: 'u', token: pki.adminToken }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

after(async () => {
  await cluster?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('typed CRUD: create, read, list, replace with optimistic concurrency, patch, delete', async () => {
  const created = await core.createNamespacedConfigMap({
    namespace: ns,
    body: { metadata: { name: 'crud' }, data: { a: '1' } },
  });
  assert.ok(created.metadata?.uid);
  const read = await core.readNamespacedConfigMap({ name: 'crud', namespace: ns });
  assert.deepEqual(read.data, { a: '1' });
  const list = await core.listNamespacedConfigMap({ namespace: ns });
  assert.ok(list.items.some((c) => c.metadata?.name === 'crud'));
  read.data = { a: '2' };
  const replaced = await core.replaceNamespacedConfigMap({ name: 'crud', namespace: ns, body: read });
  assert.notEqual(replaced.metadata?.resourceVersion, read.metadata?.resourceVersion);
  await assert.rejects(
    core.replaceNamespacedConfigMap({ name: 'crud', namespace: ns, body: read }),
    (err: { code?: number }) => err.code === 409,
  );
  await core.deleteNamespacedConfigMap({ name: 'crud', namespace: ns });
  await assert.rejects(
    core.readNamespacedConfigMap({ name: 'crud', namespace: ns }),
    (err: { code?: number }) => err.code === 404,
  );
});

test('an informer stays in sync through updates, deletes and a 410 relist', async () => {
  const path = `/api/v1/namespaces/${ns}/configmaps`;
  let lists = 0;
  const informer = makeInformer<V1ConfigMap>(kc, path, () => {
    lists++;
    return core.listNamespacedConfigMap({ namespace: ns });
  });
  const seen: string[] = [];
  informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
  informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.data?.v}`));
  informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
  const errors: unknown[] = [];
  informer.on('error', (e) => errors.push(e));
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'one' }, data: { v: '1' } } });
  await informer.start();
  try {
    await until(() => informer.get('one', ns) !== undefined);
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'two' }, data: { v: '1' } } });
    await core.patchNamespacedConfigMap({
      name: 'one',
      namespace: ns,
      body: [{ op: 'replace', path: '/data/v', value: '2' }],
    });
    await until(() => informer.get('one', ns)?.data?.v === '2' && informer.get('two', ns) !== undefined);
    await core.deleteNamespacedConfigMap({ name: 'two', namespace: ns });
    await until(() => informer.get('two', ns) === undefined);
    assert.ok(seen.includes('delete two'), seen.join('\n'));

    // Push the informer's resourceVersion out of the retained history (window 20) with writes it does not
    // watch; its watch expires within 1–2 s and resumes from a compacted revision: 410, then a relist.
    for (let i = 0; i < 30; i++) {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `filler-${i}` } } });
    }
    await new Promise((r) => setTimeout(r, 2500));
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'three' }, data: { v: '1' } } });
    await core.deleteNamespacedConfigMap({ name: 'one', namespace: ns });
    await until(() => informer.get('three', ns) !== undefined && informer.get('one', ns) === undefined);
    assert.deepEqual(
      informer.list(ns).map((c) => c.metadata?.name),
      ['three'],
    );
    assert.equal(lists, 2, 'the informer relisted once, after the 410');
    assert.deepEqual(errors, []);
  } finally {
    await informer.stop();
  }
});

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

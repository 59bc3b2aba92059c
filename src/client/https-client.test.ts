import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { KubeObject } from '../api/object.js';
import { StatusError } from '../api/status-error.js';
import { emptyKubeconfig, mergeKubeconfig, stringifyKubeconfig } from '../cluster/kubeconfig.js';
import { type ClusterPkiBundle, generateClusterPki } from '../cluster/pki.js';
import { type RunningCluster, runCluster } from '../cluster/run-cluster.js';
import { configMap, configMaps, until } from './api-test-helpers.js';
import { CorrelatingEventRecorder } from './event-recorder.js';
import { httpsClient } from './https-client.js';
import { SharedInformer } from './informer.js';
import { clientFromKubeconfig } from './kubeconfig-client.js';
import type { KubeClient, WatchEvent } from './types.js';

const kubectl = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

let pki: ClusterPkiBundle;
let cluster: RunningCluster;
let dir: string;
const clients: KubeClient[] = [];

function track(client: KubeClient): KubeClient {
  clients.push(client);
  return client;
}

function tokenClient(token = pki.adminToken): KubeClient {
  return track(httpsClient({ server: cluster.url, caPem: pki.caCertPem, token, fieldManager: 'https-test' }));
}

before(async () => {
  pki = await generateClusterPki('client-test');
  cluster = await runCluster({ name: 'client-test', port: 0, pki });
  await cluster.ready;
  dir = mkdtempSync(join(tmpdir(), 'kubeling-client-'));
});

after(async () => {
  for (const c of clients) c.close?.();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS client', () => {
  it('creates, reads, patches and deletes with a bearer token', async () => {
    const cms = tokenClient().resource(configMaps, 'default');
    const created = await cms.create(configMap('https-a', { k: 'v' }));
    assert.equal(created.metadata.managedFields?.[0]?.manager, 'https-test');
    const patched = await cms.patch('https-a', 'merge', { data: { k: 'w' } });
    assert.deepEqual(patched.data, { k: 'w' });
    assert.deepEqual((await cms.get('https-a')).data, { k: 'w' });
    await cms.delete('https-a');
    const missing = await cms.get('https-a').catch((e: unknown) => e);
    assert.ok(missing instanceof StatusError && missing.reason === 'NotFound', String(missing));
  });

  it('rejects a wrong token with 401 Unauthorized', async () => {
    const err = await tokenClient('wrong')
      .resource(configMaps, 'default')
      .list()
      .catch((e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 401);
    assert.equal(err.reason, 'Unauthorized');
  });

  it('authenticates with a client certificate', async () => {
    const client = track(
      httpsClient({
        server: cluster.url,
        caPem: pki.caCertPem,
        clientCertPem: pki.adminCertPem,
        clientKeyPem: pki.adminKeyPem,
        fieldManager: 'cert-test',
      }),
    );
    const list = await client.resource(configMaps, 'kube-system').list();
    assert.match(list.metadata.resourceVersion, /^\d+$/);
  });

  it('reads kubeconfigs with data and file forms, and picks a named context', async () => {
    const dataPath = join(dir, 'data-kubeconfig');
    const access = { entryName: 'kubeling-a', server: cluster.url, caCertPem: pki.caCertPem, token: pki.adminToken };
    const withBroken = mergeKubeconfig(
      mergeKubeconfig(emptyKubeconfig(), { ...access, entryName: 'broken', token: 'nope' }),
      access,
    );
    writeFileSync(dataPath, stringifyKubeconfig(withBroken));
    const current = track(await clientFromKubeconfig(dataPath));
    assert.equal((await current.raw('GET', '/api/v1/namespaces/default')).status, 200);
    const broken = track(await clientFromKubeconfig(dataPath, 'broken'));
    assert.equal((await broken.raw('GET', '/api/v1/namespaces/default')).status, 401);
    await assert.rejects(clientFromKubeconfig(dataPath, 'absent'), /no context named "absent"/);

    writeFileSync(join(dir, 'ca.crt'), pki.caCertPem);
    writeFileSync(join(dir, 'admin.crt'), pki.adminCertPem);
    writeFileSync(join(dir, 'admin.key'), pki.adminKeyPem);
    const filePath = join(dir, 'file-kubeconfig');
    writeFileSync(
      filePath,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'files',
        clusters: [{ name: 'c', cluster: { server: cluster.url, 'certificate-authority': 'ca.crt' } }],
        users: [{ name: 'u', user: { 'client-certificate': join(dir, 'admin.crt'), 'client-key': 'admin.key' } }],
        contexts: [{ name: 'files', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    const files = track(await clientFromKubeconfig(filePath, undefined, { fieldManager: 'files' }));
    assert.equal(files.fieldManager, 'files');
    const created = await files.resource(configMaps, 'default').create(configMap('from-files'));
    assert.equal(created.metadata.managedFields?.[0]?.manager, 'files');
  });

  it('watches over a stream; a rejected watch ends with the StatusError', async () => {
    const cms = tokenClient().resource(configMaps, 'default');
    const rv = (await cms.list()).metadata.resourceVersion;
    const seen: string[] = [];
    const handle = cms.watch(
      { resourceVersion: rv },
      (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`),
      () => {},
    );
    await cms.create(configMap('watched'));
    await cms.delete('watched');
    await until(() => seen.length === 2, 'two events');
    assert.deepEqual(seen, ['ADDED watched', 'DELETED watched']);
    handle.stop();
    const timedOut = await new Promise<Error | undefined>((resolve) => {
      cms.watch({ resourceVersion: rv, timeoutSeconds: 1 }, () => {}, resolve);
    });
    assert.equal(timedOut, undefined, 'a watch the server ends closes cleanly');
    const ended = await new Promise<Error | undefined>((resolve) => {
      cms.watch({ resourceVersion: 'x' }, () => {}, resolve);
    });
    assert.ok(ended instanceof StatusError && ended.code === 400, String(ended));
  });

  it('feeds an informer', async () => {
    const client = tokenClient();
    const abort = new AbortController();
    const informer = new SharedInformer(client.resource(configMaps));
    const added: string[] = [];
    informer.addHandlers({ add: (o) => added.push(o.metadata.name ?? '') });
    informer.run(abort.signal);
    await informer.waitForSync();
    await client.resource(configMaps, 'default').create(configMap('informed'));
    await until(() => added.includes('informed'), 'the add');
    assert.ok(informer.get('default/informed'));
    abort.abort();
  });

  it('records aggregated Events that kubectl describes as x2', { skip: !existsSync(kubectl) }, async () => {
    const client = tokenClient();
    const cm = await client.resource(configMaps, 'default').create(configMap('described'));
    const recorder = new CorrelatingEventRecorder({ client, component: 'test-controller', host: 'node-1' });
    recorder.event(cm, 'Warning', 'Broken', 'it broke');
    recorder.event(cm, 'Warning', 'Broken', 'it broke');
    await recorder.flush();
    const kubeconfig = join(dir, 'kubectl-kubeconfig');
    const access = { entryName: 'k', server: cluster.url, caCertPem: pki.caCertPem, token: pki.adminToken };
    writeFileSync(kubeconfig, stringifyKubeconfig(mergeKubeconfig(emptyKubeconfig(), access)));
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', HOME: dir };
    const args = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')];
    const described = await run(kubectl, [...args, 'describe', 'configmap', 'described'], { env });
    assert.match(described.stdout, /Warning\s+Broken\s+\S+ \(x2 over \S+\)\s+test-controller\s+it broke/);
    const events = await run(kubectl, [...args, 'get', 'events', '-o', 'json'], { env });
    const items = (JSON.parse(events.stdout) as { items: KubeObject[] }).items.filter((e) => e.reason === 'Broken');
    assert.equal(items.length, 1);
    assert.equal(items[0]?.count, 2);
  });
});

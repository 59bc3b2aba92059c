import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { type Status, StatusError } from '../api/status-error.js';
import { configMap, configMaps, namespaces, settle, testApi, until } from './api-test-helpers.js';
import { isConflict, isNotFound } from './status-decode.js';
import type { WatchEvent } from './types.js';

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

function deployment(name: string): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('in-process client', () => {
  it('creates, reads, updates, lists and deletes through the whole pipeline', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    const created = await cms.create(configMap('a', { k: 'v' }));
    assert.equal(created.metadata.namespace, 'default');
    assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created.metadata.managedFields?.[0]?.manager, 'test');

    const got = await cms.get('a');
    assert.deepEqual(got, created);
    got.data = { k: 'changed' };
    const updated = await cms.update(got);
    assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.deepEqual(updated.data, { k: 'changed' });

    // A client for all namespaces writes to the object's own namespace.
    const anywhere = client.resource(configMaps);
    await anywhere.create({ ...configMap('b'), metadata: { name: 'b', namespace: 'default' } });
    const listed = await anywhere.list();
    assert.deepEqual(
      listed.items.map((o) => [o.kind, o.apiVersion, o.metadata.name]),
      [
        ['ConfigMap', 'v1', 'a'],
        ['ConfigMap', 'v1', 'b'],
      ],
    );
    assert.match(listed.metadata.resourceVersion, /^\d+$/);

    const status = (await cms.delete('a')) as Status;
    assert.equal(status.kind, 'Status');
    assert.equal(status.status, 'Success');
    assert.ok(isNotFound(await rejection(cms.get('a'))));
  });

  it('clones objects at the boundary both ways', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    const input = configMap('a', { k: 'v' });
    const created = await cms.create(input);
    assert.equal(input.metadata.uid, undefined, 'the caller object is not touched');
    created.data = { k: 'mutated' };
    assert.deepEqual((await cms.get('a')).data, { k: 'v' });
  });

  it('rebuilds StatusError from the Status body', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    const missing = await rejection(cms.get('nope'));
    assert.equal(missing.code, 404);
    assert.equal(missing.reason, 'NotFound');
    assert.equal(missing.message, 'configmaps "nope" not found');
    assert.deepEqual(missing.details, { name: 'nope', kind: 'configmaps' });

    const first = await cms.create(configMap('a'));
    assert.equal((await rejection(cms.create(configMap('a')))).reason, 'AlreadyExists');
    await cms.update({ ...first, data: { x: '1' } });
    const stale = await rejection(cms.update({ ...first, data: { x: '2' } }));
    assert.equal(stale.code, 409);
    assert.ok(isConflict(stale));

    const bad = await rejection(cms.create(configMap('Not_Valid')));
    assert.equal(bad.code, 422);
    assert.equal(bad.reason, 'Invalid');
    assert.equal(bad.details?.causes?.[0]?.field, 'metadata.name');
  });

  it('patches with every patch type and applies with a field manager and force', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    await cms.create(configMap('a', { one: '1' }));
    assert.deepEqual((await cms.patch('a', 'merge', { data: { two: '2' } })).data, { one: '1', two: '2' });
    assert.deepEqual((await cms.patch('a', 'strategic', { data: { one: null } })).data, { two: '2' });
    const jsonPatched = await cms.patch('a', 'json', [{ op: 'add', path: '/data/three', value: '3' }]);
    assert.deepEqual(jsonPatched.data, { two: '2', three: '3' });

    const applyBody = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { owner: 'first' } };
    const applied = await cms.patch('b', 'apply', applyBody, { fieldManager: 'first' });
    assert.deepEqual(
      applied.metadata.managedFields?.map((m) => [m.manager, m.operation]),
      [['first', 'Apply']],
    );
    const clash = { ...applyBody, data: { owner: 'second' } };
    assert.equal((await rejection(cms.patch('b', 'apply', clash, { fieldManager: 'second' }))).code, 409);
    const forced = await cms.patch('b', 'apply', clash, { fieldManager: 'second', force: true });
    assert.deepEqual(forced.data, { owner: 'second' });
    assert.deepEqual(
      forced.metadata.managedFields?.map((m) => m.manager),
      ['second'],
    );
  });

  it('writes as the client field manager, another one with withFieldManager, and honours dryRun', async () => {
    const { client } = await testApi();
    const other = client.withFieldManager('other').resource(configMaps, 'default');
    assert.equal(client.withFieldManager('other').fieldManager, 'other');
    const created = await other.create(configMap('a'));
    assert.equal(created.metadata.managedFields?.[0]?.manager, 'other');
    const dry = await other.create(configMap('dry'), { dryRun: true });
    assert.equal(dry.metadata.name, 'dry');
    assert.ok(isNotFound(await rejection(other.get('dry'))));
  });

  it('ignores the namespace for cluster-scoped resources and answers raw requests', async () => {
    const { client } = await testApi();
    const ns = await client.resource(namespaces, 'default').get('default');
    assert.equal(ns.kind, 'Namespace');
    const version = await client.raw('GET', '/version');
    assert.equal(version.status, 200);
    assert.match(String((version.body as { gitVersion: string }).gitVersion), /^v1\./);
    const missing = await client.raw('GET', '/api/v1/namespaces/default/configmaps/x?pretty=true');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as Status).reason, 'NotFound');
  });

  it('lists in pages with continue tokens', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    for (const n of ['a', 'b', 'c', 'd', 'e']) await cms.create(configMap(n));
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await cms.list({ limit: 2, ...(token ? { continue: token } : {}) });
      names.push(...page.items.map((o) => o.metadata.name ?? ''));
      token = page.metadata.continue;
      pages++;
    } while (token);
    assert.deepEqual(names, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(pages, 3);
  });

  it('updates status and calls subresources', async () => {
    const { client } = await testApi();
    const deps = client.resource(deployments, 'default');
    const created = await deps.create(deployment('web'));
    const withStatus = await deps.updateStatus({ ...created, status: { observedGeneration: 1, replicas: 0 } });
    assert.equal((withStatus.status as { observedGeneration: number }).observedGeneration, 1);
    const scale = await deps.subresource<KubeObject>('web', 'scale', 'GET');
    assert.equal(scale.kind, 'Scale');
    assert.deepEqual(scale.spec, { replicas: 1 });
    await deps.subresource('web', 'scale', 'PUT', { ...scale, spec: { replicas: 3 } });
    assert.equal(((await deps.get('web')).spec as { replicas: number }).replicas, 3);
  });

  it('watches from a resourceVersion; stop() silences onDone', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    const rv = (await cms.list()).metadata.resourceVersion;
    const seen: string[] = [];
    let done = 0;
    const handle = cms.watch(
      { resourceVersion: rv },
      (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`),
      () => done++,
    );
    await cms.create(configMap('a'));
    await cms.patch('a', 'merge', { data: { x: 'y' } });
    await cms.delete('a');
    await until(() => seen.length === 3, 'three events');
    assert.deepEqual(seen, ['ADDED a', 'MODIFIED a', 'DELETED a']);
    handle.stop();
    await cms.create(configMap('b'));
    await settle();
    assert.equal(seen.length, 3);
    assert.equal(done, 0);
  });

  it('reports a compacted resourceVersion as an ERROR 410 event, then ends; a bad one as a rejected watch', async () => {
    const { client, store } = await testApi();
    const cms = client.resource(configMaps, 'default');
    await cms.create(configMap('a'));
    await store.compact(await store.currentRevision());
    const events: WatchEvent[] = [];
    const ended = await new Promise<Error | undefined>((resolve) => {
      cms.watch({ resourceVersion: '1' }, (e) => events.push(e), resolve);
    });
    assert.equal(ended, undefined);
    assert.deepEqual(
      events.map((e) => [e.type, (e.object as unknown as Status).code]),
      [['ERROR', 410]],
    );
    const rejected = await new Promise<Error | undefined>((resolve) => {
      cms.watch({ resourceVersion: 'abc' }, () => {}, resolve);
    });
    assert.ok(rejected instanceof StatusError && rejected.code === 400, String(rejected));
  });
});

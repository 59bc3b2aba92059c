import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { gone } from '../api/status-error.js';
import { configMap, configMaps, secrets, settle, type TestApi, testApi, until } from './api-test-helpers.js';
import type { Logger } from './framework-types.js';
import { SharedInformer } from './informer.js';
import { createInformerFactory } from './informer-factory.js';

const quiet: Logger = { info() {}, error() {} };
const aborts: AbortController[] = [];
after(() => {
  for (const a of aborts) a.abort();
});

function running(api: TestApi, options: ConstructorParameters<typeof SharedInformer>[1] = {}) {
  const abort = new AbortController();
  aborts.push(abort);
  const informer = new SharedInformer(api.client.resource(configMaps), { log: quiet, ...options });
  const seen: string[] = [];
  informer.addHandlers({
    add: (o) => seen.push(`add ${o.metadata.name} ${JSON.stringify(o.data ?? {})}`),
    update: (old, o) =>
      seen.push(`update ${o.metadata.name} ${JSON.stringify(old.data ?? {})}->${JSON.stringify(o.data ?? {})}`),
    delete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  informer.run(abort.signal);
  return { informer, seen, abort };
}

const listRequests = (api: TestApi) =>
  api.gated.requests.filter((r) => r.startsWith('GET') && r.includes('configmaps') && !r.includes('watch=true'));

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();

describe('informer', () => {
  it('delivers the initial list, then adds, updates and deletes from the watch', async () => {
    const api = await testApi();
    const cms = api.client.resource(configMaps, 'default');
    await cms.create(configMap('a', { v: '1' }));
    const { informer, seen, abort } = running(api);
    await informer.waitForSync();
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(seen, ['add a {"v":"1"}']);
    await cms.create(configMap('b'));
    await cms.patch('a', 'merge', { data: { v: '2' } });
    const last = await cms.create(configMap('c'));
    await cms.delete('b');
    await until(() => seen.length === 5, 'five events');
    assert.deepEqual(seen.slice(1), ['add b {}', 'update a {"v":"1"}->{"v":"2"}', 'add c {}', 'delete b']);
    assert.deepEqual(names(informer.list()), ['a', 'c']);
    assert.deepEqual(informer.get('default/a')?.data, { v: '2' });
    assert.ok(Number(informer.lastResourceVersion()) > Number(last.metadata.resourceVersion));
    abort.abort();
  });

  it('resumes the watch after the server ends it, without relisting', async () => {
    const api = await testApi();
    const cms = api.client.resource(configMaps, 'default');
    const { informer, seen, abort } = running(api);
    await informer.waitForSync();
    const lists = () => listRequests(api).length;
    const watches = () => api.gated.requests.filter((r) => r.includes('configmaps') && r.includes('watch=true')).length;
    await until(() => watches() >= 2, 'a second watch (the server ends each after 1-2 s)');
    await cms.create(configMap('late'));
    await until(() => seen.length === 1, 'the event on the new watch');
    assert.equal(lists(), 1);
    for (const w of api.gated.requests.filter((r) => r.includes('watch=true'))) {
      assert.match(w, /resourceVersion=\d+&allowWatchBookmarks=true/);
    }
    abort.abort();
  });

  // The informer's watch is held at the gate while objects change, so it can only learn of them by relisting.
  const expiries: { name: string; expire: (api: TestApi) => Promise<void> }[] = [
    {
      name: 'an ERROR 410 event (history compacted)',
      expire: async (api) => {
        const s = api.client.resource(secrets, 'default');
        for (let i = 0; i < 25; i++) await s.create({ metadata: { name: `filler-${i}` }, data: {} });
        api.gated.gate = () => 'pass';
        api.gated.release();
      },
    },
    {
      name: 'a watch answered with HTTP 410',
      expire: async (api) => {
        api.gated.gate = (req, res) => {
          if (req.query.get('watch') !== 'true') return 'pass';
          api.gated.gate = () => 'pass';
          res.sendJson(410, gone('too old resource version').toStatus());
          return 'handled';
        };
        api.gated.release();
      },
    },
  ];
  for (const { name, expire } of expiries) {
    it(`relists after ${name} and delivers the differences`, async () => {
      const api = await testApi();
      const cms = api.client.resource(configMaps, 'default');
      for (const n of ['keep', 'change', 'remove']) await cms.create(configMap(n, { v: '1' }));
      const { informer, seen, abort } = running(api);
      await informer.waitForSync();
      seen.length = 0;
      api.gated.gate = (req) => (req.query.get('watch') === 'true' ? 'hold' : 'pass');
      await until(() => api.gated.heldCount === 1, 'the next watch to be held', 5000);
      await cms.patch('change', 'merge', { data: { v: '2' } });
      await cms.delete('remove');
      await cms.create(configMap('new', { v: '1' }));
      await expire(api);
      await until(() => seen.length === 3, 'three synthetic events');
      assert.deepEqual(seen.sort(), ['add new {"v":"1"}', 'delete remove', 'update change {"v":"1"}->{"v":"2"}']);
      assert.deepEqual(names(informer.list()), ['change', 'keep', 'new']);
      assert.equal(listRequests(api).length, 2, 'one relist');
      // And it keeps watching from the relist.
      await cms.create(configMap('after'));
      await until(() => seen.length === 4, 'the event after the relist');
      abort.abort();
    });
  }

  it('keeps indexes current, including the built-in namespace index', async () => {
    const api = await testApi();
    await api.client
      .resource({ group: '', version: 'v1', resource: 'namespaces' })
      .create({ metadata: { name: 'other' } });
    const cms = api.client.resource(configMaps);
    await cms.create({
      ...configMap('a', {}, { app: 'x' }),
      metadata: { name: 'a', namespace: 'default', labels: { app: 'x' } },
    });
    const { informer, seen, abort } = running(api);
    informer.addIndex('app', (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
    await informer.waitForSync();
    informer.addIndex('late', (o) => [o.metadata.name ?? '']);
    assert.deepEqual(names(informer.byIndex('app', 'x')), ['a']);
    assert.deepEqual(names(informer.byIndex('late', 'a')), ['a']);
    await cms.create({ metadata: { name: 'b', namespace: 'other', labels: { app: 'x' } }, data: {} });
    await cms.create({ metadata: { name: 'c', namespace: 'other', labels: { app: 'y' } }, data: {} });
    await until(() => seen.length === 3, 'adds');
    assert.deepEqual(names(informer.byIndex('app', 'x')), ['a', 'b']);
    assert.deepEqual(names(informer.list('other')), ['b', 'c']);
    assert.deepEqual(names(informer.byIndex('namespace', 'default')), ['a']);
    await api.client.resource(configMaps, 'default').patch('a', 'merge', { metadata: { labels: { app: 'y' } } });
    await api.client.resource(configMaps, 'other').delete('b');
    await until(() => seen.length === 5, 'update and delete');
    assert.deepEqual(names(informer.byIndex('app', 'x')), []);
    assert.deepEqual(names(informer.byIndex('app', 'y')), ['a', 'c']);
    assert.deepEqual(names(informer.list('other')), ['c']);
    assert.throws(() => informer.byIndex('missing', 'x'), /does not exist/);
    assert.throws(() => informer.addIndex('app', () => []), /already exists/);
    abort.abort();
  });

  it('lists in pages of pageSize', async () => {
    const api = await testApi();
    const cms = api.client.resource(configMaps, 'default');
    for (let i = 0; i < 7; i++) await cms.create(configMap(`cm-${i}`));
    const { informer, abort } = running(api, { pageSize: 3 });
    await informer.waitForSync();
    assert.equal(informer.list().length, 7);
    const lists = listRequests(api);
    assert.equal(lists.length, 3);
    assert.match(lists[0] ?? '', /limit=3/);
    assert.match(lists[1] ?? '', /continue=/);
    abort.abort();
  });

  it('runs handlers in order, replays the cache to a late handler, and survives a throwing handler', async () => {
    const api = await testApi();
    const cms = api.client.resource(configMaps, 'default');
    await cms.create(configMap('a'));
    const abort = new AbortController();
    aborts.push(abort);
    const errors: string[] = [];
    const informer = new SharedInformer(api.client.resource(configMaps), {
      log: { info() {}, error: (m) => errors.push(m) },
    });
    const order: string[] = [];
    informer.addHandlers({ add: (o) => order.push(`1:${o.metadata.name}`) });
    informer.addHandlers({
      add: (o) => {
        order.push(`2:${o.metadata.name}`);
        throw new Error('boom');
      },
    });
    informer.addHandlers({ add: (o) => order.push(`3:${o.metadata.name}`) });
    informer.run(abort.signal);
    await informer.waitForSync();
    await cms.create(configMap('b'));
    await until(() => order.length === 6, 'both objects through three handlers');
    assert.deepEqual(order, ['1:a', '2:a', '3:a', '1:b', '2:b', '3:b']);
    assert.equal(errors.length, 2);
    const late: string[] = [];
    informer.addHandlers({ add: (o) => late.push(o.metadata.name ?? '') });
    assert.deepEqual(late.sort(), ['a', 'b']);
    abort.abort();
  });

  it('backs off when the API fails, then syncs once it answers', async () => {
    const api = await testApi();
    api.gated.gate = (_req, res) => {
      res.sendJson(500, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, reason: 'InternalError' });
      return 'handled';
    };
    const errors: string[] = [];
    const abort = new AbortController();
    aborts.push(abort);
    const informer = new SharedInformer(api.client.resource(configMaps), {
      log: { info() {}, error: (m) => errors.push(m) },
      backoff: { initialMs: 50, jitter: 0 },
    });
    informer.run(abort.signal);
    await settle(500);
    // 0, 50, 150, 350 ms: about four attempts in half a second, not hundreds.
    const attempts = api.gated.requests.filter((r) => r.startsWith('GET')).length;
    assert.ok(attempts >= 3 && attempts <= 5, `${attempts} attempts`);
    assert.equal(informer.hasSynced(), false);
    assert.equal(errors.length, attempts);
    api.gated.gate = () => 'pass';
    await informer.waitForSync();
    abort.abort();
  });

  it('waitForSync rejects on abort; the factory shares one informer per resource and starts late ones', async () => {
    const api = await testApi();
    const factory = createInformerFactory(api.client, { log: quiet });
    const a = factory.informer(configMaps);
    assert.equal(factory.informer(configMaps), a);
    const waiting = new AbortController();
    const pending = a.waitForSync(waiting.signal);
    waiting.abort(new Error('gave up'));
    await assert.rejects(pending, /gave up/);
    const abort = new AbortController();
    aborts.push(abort);
    factory.start(abort.signal);
    const late = factory.informer(secrets);
    await factory.waitForSync();
    assert.equal(a.hasSynced(), true);
    assert.equal(late.hasSynced(), true);
    abort.abort();
    await settle();
    const count = api.gated.requests.length;
    await api.client.resource(configMaps, 'default').create(configMap('x'));
    await settle(50);
    assert.equal(api.gated.requests.length, count + 1, 'no informer requests after abort');
  });
});

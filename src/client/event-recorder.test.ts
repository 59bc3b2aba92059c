import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { configMap, configMaps, events, namespaces, testApi } from './api-test-helpers.js';
import { CorrelatingEventRecorder, createRecorderFactory } from './event-recorder.js';
import type { Logger } from './framework-types.js';

function clock(start = Date.parse('2025-03-01T10:00:00.250Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function capture(): { log: Logger; errors: string[] } {
  const errors: string[] = [];
  return { errors, log: { info() {}, error: (m, f) => errors.push(`${m} ${String(f?.err ?? '')}`) } };
}

async function listEvents(client: Awaited<ReturnType<typeof testApi>>['client'], namespace = 'default') {
  return (await client.resource(events, namespace).list()).items;
}

describe('event recorder', () => {
  it('records an Event with client-go shape and folds a repeat into count 2', async () => {
    const { client } = await testApi();
    const cm = await client.resource(configMaps, 'default').create(configMap('web'));
    const c = clock();
    const recorder = new CorrelatingEventRecorder({
      client,
      component: 'deployment-controller',
      host: 'node-1',
      now: c.now,
    });
    recorder.event(cm, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-1 to 3');
    c.advance(5000);
    recorder.event(cm, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-1 to 3');
    await recorder.flush();
    const items = await listEvents(client);
    assert.equal(items.length, 1);
    const ev = items[0] as KubeObject;
    assert.match(ev.metadata.name ?? '', /^web\.[0-9a-f]{16}$/);
    assert.equal(ev.metadata.name, `web.${(BigInt(Date.parse('2025-03-01T10:00:00.250Z')) * 1_000_000n).toString(16)}`);
    assert.equal(ev.metadata.namespace, 'default');
    assert.deepEqual(ev.involvedObject, {
      kind: 'ConfigMap',
      namespace: 'default',
      name: 'web',
      uid: cm.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: cm.metadata.resourceVersion,
    });
    assert.equal(ev.reason, 'ScalingReplicaSet');
    assert.equal(ev.message, 'Scaled up replica set web-1 to 3');
    assert.equal(ev.type, 'Normal');
    assert.deepEqual(ev.source, { component: 'deployment-controller', host: 'node-1' });
    assert.equal(ev.reportingComponent, 'deployment-controller');
    assert.equal(ev.reportingInstance, 'node-1');
    assert.equal(ev.count, 2);
    assert.equal(ev.firstTimestamp, '2025-03-01T10:00:00Z');
    assert.equal(ev.lastTimestamp, '2025-03-01T10:00:05Z');
  });

  const distinct: { name: string; second: (r: CorrelatingEventRecorder, cm: KubeObject) => void }[] = [
    { name: 'another message', second: (r, cm) => r.event(cm, 'Normal', 'Created', 'other text') },
    { name: 'another reason', second: (r, cm) => r.event(cm, 'Normal', 'Updated', 'text') },
    { name: 'another type', second: (r, cm) => r.event(cm, 'Warning', 'Created', 'text') },
    {
      name: 'another object',
      second: (r, cm) =>
        r.event({ ...cm, metadata: { ...cm.metadata, name: 'twin', uid: 'u2' } }, 'Normal', 'Created', 'text'),
    },
  ];
  for (const { name, second } of distinct) {
    it(`keeps ${name} as a separate Event`, async () => {
      const { client } = await testApi();
      const cm = await client.resource(configMaps, 'default').create(configMap('web'));
      const recorder = new CorrelatingEventRecorder({ client, component: 'c', host: 'h' });
      recorder.event(cm, 'Normal', 'Created', 'text');
      second(recorder, cm);
      await recorder.flush();
      const items = await listEvents(client);
      assert.deepEqual(
        items.map((e) => e.count),
        [1, 1],
      );
    });
  }

  it('starts a new Event after ten minutes, and recreates one deleted meanwhile', async () => {
    const { client } = await testApi();
    const cm = await client.resource(configMaps, 'default').create(configMap('web'));
    const c = clock();
    const recorder = new CorrelatingEventRecorder({ client, component: 'c', host: 'h', now: c.now });
    recorder.event(cm, 'Warning', 'Failed', 'x');
    c.advance(10 * 60 * 1000 + 1);
    recorder.event(cm, 'Warning', 'Failed', 'x');
    await recorder.flush();
    let items = await listEvents(client);
    assert.deepEqual(
      items.map((e) => e.count),
      [1, 1],
    );
    const second = items.find((e) => e.lastTimestamp === '2025-03-01T10:10:00Z');
    assert.ok(second);
    await client.resource(events, 'default').delete(second.metadata.name ?? '');
    c.advance(1000);
    recorder.event(cm, 'Warning', 'Failed', 'x');
    await recorder.flush();
    items = await listEvents(client);
    const again = items.find((e) => e.metadata.name === second.metadata.name);
    assert.equal(again?.count, 2);
    assert.equal(again?.firstTimestamp, '2025-03-01T10:10:00Z');
  });

  it('puts Events about cluster-scoped objects in default', async () => {
    const { client } = await testApi();
    const ns = await client.resource(namespaces).create({ metadata: { name: 'team' } });
    const factory = createRecorderFactory({ client, host: 'h' });
    factory.recorder('namespace-controller').event(ns, 'Normal', 'Ready', 'ok');
    assert.equal(factory.recorder('namespace-controller'), factory.recorder('namespace-controller'));
    await factory.flush();
    const [ev] = await listEvents(client);
    assert.equal(ev?.metadata.namespace, 'default');
    assert.deepEqual(ev?.involvedObject, {
      kind: 'Namespace',
      name: 'team',
      uid: ns.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: ns.metadata.resourceVersion,
    });
  });

  it('never throws at the caller: failures are logged', async () => {
    const { client } = await testApi();
    const { log, errors } = capture();
    const recorder = new CorrelatingEventRecorder({ client, component: 'c', host: 'h', log });
    recorder.event({ metadata: {} }, 'Normal', 'NoName', 'x');
    recorder.event({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'missing' } }, 'Normal', 'R', 'x');
    await recorder.flush();
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /no name/);
    assert.match(errors[1] ?? '', /namespaces "missing" not found|not found/);
  });
});

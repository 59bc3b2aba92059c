/**
 * The switching guarantee end to end: `waitForDataplaneDrain` resolves only once the proxy has applied the
 * endpoint change and acknowledged it through its Lease, and after that the pod receives no new connection.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { until } from '../client/api-test-helpers.js';
import { waitForDataplaneDrain } from '../client/dataplane-sync.js';
import { gvrServices, type Service } from './kinds.js';
import {
  createService,
  gvrPods,
  type ProxyTestCluster,
  putSlice,
  readyPod,
  service,
  slice,
  startProxyTestCluster,
  stopServers,
  whoAnswers,
} from './proxy-test-helpers.js';

const net = '127.244.244';
let tc: ProxyTestCluster;
const servers: Server[] = [];
const accepted = new Map<string, number>();

async function countingBackend(ip: string, name: string): Promise<void> {
  const server = createServer((s) => {
    accepted.set(name, (accepted.get(name) ?? 0) + 1);
    s.on('error', () => {});
    s.end(`${name}\n`);
  });
  server.listen(8080, ip);
  await once(server, 'listening');
  servers.push(server);
}

before(async () => {
  tc = await startProxyTestCluster({ endpointSlices: true });
  for (let i = 1; i <= 5; i++) await countingBackend(`${net}.${i}`, `pod-${i}`);
});

after(async () => {
  await tc?.stop();
  await stopServers(servers);
});

async function settledWithin<T>(p: Promise<T>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

describe('drain protocol with the proxy', () => {
  it('resolves only after the proxy applied the change and acknowledged it', async () => {
    await createService(tc.client, service('manual', { ports: [{ port: 80, targetPort: 8080 }] }));
    const eps = (firstReady: boolean) => [
      { ip: `${net}.1`, podUid: 'uid-1', ready: firstReady, terminating: !firstReady },
      { ip: `${net}.2`, podUid: 'uid-2' },
    ];
    await putSlice(tc.client, slice('manual-1', 'manual', eps(true), [{ port: 8080 }]));
    await until(() => tc.proxy.served('default/manual')[0]?.backends.length === 2, 'two endpoints');

    // Hold the proxy's acknowledgements (its Lease writes).
    tc.proxyGate.gate = (req) => (req.path.includes('/leases/') ? 'hold' : 'pass');
    const drained = waitForDataplaneDrain(tc.client, { uid: 'uid-1', namespace: 'default' }, 5000);
    assert.equal(await settledWithin(drained, 50), false, 'uid-1 is still ready');
    await putSlice(tc.client, slice('manual-1', 'manual', eps(false), [{ port: 8080 }]));
    await until(() => tc.proxy.served('default/manual')[0]?.backends.length === 1, 'the proxy applied it');
    assert.equal(await settledWithin(drained, 150), false, 'not before the proxy acknowledged it');
    tc.proxyGate.gate = () => 'pass';
    tc.proxyGate.release();
    assert.equal(await drained, true);
    const ip = (await tc.client.resource<Service>(gvrServices, 'default').get('manual')).spec?.clusterIP ?? '';
    for (let i = 0; i < 10; i++) assert.equal(await whoAnswers(ip, 80), 'pod-2');
  });

  it('deleted pods get no new connection once drained, and clients see no failure', async () => {
    const pods = [];
    for (let i = 3; i <= 5; i++) pods.push(await readyPod(tc.client, `web-${i}`, `${net}.${i}`, { app: 'web' }));
    await createService(
      tc.client,
      service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }),
    );
    await until(() => tc.proxy.served('default/web')[0]?.backends.length === 3, 'three endpoints');
    const ip = (await tc.client.resource<Service>(gvrServices, 'default').get('web')).spec?.clusterIP ?? '';

    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const load = (async () => {
      while (running) {
        await whoAnswers(ip, 80).then(
          () => ok++,
          (err: Error) => failures.push(err.message),
        );
      }
    })();

    try {
      for (const pod of pods.slice(0, 2)) {
        const name = pod.metadata.name ?? '';
        const backend = `pod-${name.split('-')[1]}`;
        await tc.client.resource(gvrPods, 'default').delete(name, { gracePeriodSeconds: 30 });
        const drained = await waitForDataplaneDrain(
          tc.client,
          { uid: pod.metadata.uid ?? '', namespace: 'default' },
          5000,
        );
        assert.equal(drained, true, `${name} drained`);
        // A connection the proxy routed just before the drain may still be landing on the backend: let it arrive,
        // then no further connection may come.
        await new Promise((r) => setTimeout(r, 50));
        const seen = accepted.get(backend) ?? 0;
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(accepted.get(backend) ?? 0, seen, `${backend} got no new connection after the drain`);
      }
    } finally {
      // Stop the load even when an assertion failed, or the test file never ends.
      running = false;
      await load;
    }
    assert.deepEqual(failures, []);
    assert.ok(ok > 20, `${ok} requests made it`);
    const stats = tc.proxy.metrics();
    assert.ok(stats.propagation.count > 0);
  });
});

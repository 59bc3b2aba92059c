/**
 * Service types through the proxy: NodePort on the node address, LoadBalancer addresses written to the status
 * and served, headless and ExternalName not proxied, a changed selector, privileged ports when they cannot be
 * bound, and the API server's own `kubernetes` Service.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { until } from '../client/api-test-helpers.js';
import { gvrServices, type Service } from './kinds.js';
import {
  createService,
  exchange,
  type ProxyTestCluster,
  putSlice,
  readyPod,
  service,
  slice,
  startBackend,
  startProxyTestCluster,
  stopServers,
  whoAnswers,
} from './proxy-test-helpers.js';

const net = '127.244.242';
const gvrEvents = { group: '', version: 'v1', resource: 'events' };
let tc: ProxyTestCluster;
const servers: Server[] = [];

before(async () => {
  // As if not root: ports below 1024 cannot be bound (except through the test's own choice below).
  tc = await startProxyTestCluster({ endpointSlices: true, proxy: { canBindPort: (port) => port >= 1024 } });
  for (let i = 1; i <= 2; i++) servers.push(await startBackend(`${net}.${i}`, 8080, `pod-${i}`));
});

after(async () => {
  await tc?.stop();
  await stopServers(servers);
});

const services = () => tc.client.resource<Service>(gvrServices, 'default');

interface EventView {
  reason?: string;
  type?: string;
  message?: string;
  involvedObject?: { name?: string };
}

async function events(reason: string): Promise<EventView[]> {
  const list = await tc.client.resource(gvrEvents, 'default').list();
  return (list.items as EventView[]).filter((e) => e.reason === reason);
}

function outcome(ip: string, port: number): Promise<string> {
  return whoAnswers(ip, port).catch((err: NodeJS.ErrnoException) => err.code ?? String(err));
}

describe('Service types', () => {
  it('serves a NodePort on the node address 127.0.0.1', async () => {
    await createService(tc.client, service('np', { type: 'NodePort', ports: [{ port: 8000, targetPort: 8080 }] }));
    await putSlice(tc.client, slice('np-1', 'np', [{ ip: `${net}.1` }], [{ port: 8080 }]));
    const nodePort = (await services().get('np')).spec?.ports?.[0]?.nodePort ?? 0;
    assert.ok(nodePort >= 30000 && nodePort <= 32767);
    await until(() => tc.proxy.served('default/np')[0]?.frontends.every((f) => f.listening) === true, 'listening');
    assert.equal(await whoAnswers('127.0.0.1', nodePort), 'pod-1');
    assert.equal(await whoAnswers((await services().get('np')).spec?.clusterIP ?? '', 8000), 'pod-1');
  });

  it('gives a LoadBalancer an address from 127.240.0.0/16 in its status, serves it, and takes it back', async () => {
    await createService(tc.client, service('lb', { type: 'LoadBalancer', ports: [{ port: 8000, targetPort: 8080 }] }));
    await putSlice(tc.client, slice('lb-1', 'lb', [{ ip: `${net}.2` }], [{ port: 8080 }]));
    const ingress = await untilValue(async () => (await services().get('lb')).status?.loadBalancer?.ingress);
    assert.equal(ingress.length, 1);
    assert.match(ingress[0]?.ip ?? '', /^127\.240\.\d+\.\d+$/);
    assert.equal(ingress[0]?.ipMode, 'VIP');
    const lbIP = ingress[0]?.ip ?? '';
    await until(
      () => tc.proxy.served('default/lb')[0]?.frontends.some((f) => f.kind === 'LoadBalancer' && f.listening) === true,
      'the LoadBalancer address served',
    );
    assert.equal(await whoAnswers(lbIP, 8000), 'pod-2');
    const [allocated] = await events('IPAllocated');
    assert.equal(allocated?.message, `Assigned IP ["${lbIP}"]`);

    const svc = await services().get('lb');
    await services().update({ ...svc, spec: { ...svc.spec, type: 'ClusterIP' } });
    await untilValue(async () => ((await services().get('lb')).status?.loadBalancer?.ingress ?? []).length === 0);
    await until(() => !tc.proxy.served('default/lb')[0]?.frontends.some((f) => f.kind === 'LoadBalancer'), 'LB gone');
    assert.equal(await outcome(lbIP, 8000), 'ECONNREFUSED');
  });

  it('does not proxy headless or ExternalName Services', async () => {
    await createService(tc.client, service('headless', { clusterIP: 'None', ports: [{ port: 8000 }] }));
    await putSlice(tc.client, slice('headless-1', 'headless', [{ ip: `${net}.1` }], [{ port: 8000 }]));
    await createService(tc.client, service('ext', { type: 'ExternalName', externalName: 'example.com' }));
    await createService(tc.client, service('marker', { ports: [{ port: 8000 }] }));
    await until(() => tc.proxy.served('default/marker').length === 1, 'later Services applied');
    assert.deepEqual(tc.proxy.served('default/headless'), []);
    assert.deepEqual(tc.proxy.served('default/ext'), []);
  });

  it('follows a changed selector with the same ClusterIP', async () => {
    await readyPod(tc.client, 'blue', `${net}.1`, { color: 'blue' });
    await readyPod(tc.client, 'green', `${net}.2`, { color: 'green' });
    await createService(
      tc.client,
      service('colors', { selector: { color: 'blue' }, ports: [{ port: 8000, targetPort: 8080 }] }),
    );
    const ip = (await services().get('colors')).spec?.clusterIP ?? '';
    await until(() => tc.proxy.served('default/colors')[0]?.backends.length === 1, 'blue');
    assert.equal(await whoAnswers(ip, 8000), 'pod-1');
    const svc = await services().get('colors');
    await services().update({ ...svc, spec: { ...svc.spec, selector: { color: 'green' } } });
    await until(() => tc.proxy.served('default/colors')[0]?.backends[0] === `${net}.2:8080`, 'green');
    assert.equal(await whoAnswers(ip, 8000), 'pod-2');
    assert.equal((await services().get('colors')).spec?.clusterIP, ip);
  });

  it('warns on the Service when a port below 1024 cannot be bound, and serves its other ports', async () => {
    await createService(
      tc.client,
      service('low', {
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'alt', port: 8000, targetPort: 8080 },
        ],
      }),
    );
    await putSlice(
      tc.client,
      slice(
        'low-1',
        'low',
        [{ ip: `${net}.1` }],
        [
          { name: 'http', port: 8080 },
          { name: 'alt', port: 8080 },
        ],
      ),
    );
    const [warning] = await untilValue(async () => {
      const found = await events('PortNotAllowed');
      return found.length > 0 && found;
    });
    assert.equal(warning?.type, 'Warning');
    assert.equal(warning?.involvedObject?.name, 'low');
    assert.match(warning?.message ?? '', /:80\/TCP .*ports below 1024 need root.*run kubeling as root.*port >= 1024/i);
    const ip = (await services().get('low')).spec?.clusterIP ?? '';
    await until(() => tc.proxy.served('default/low').some((p) => p.frontends[0]?.listening), 'the other port');
    assert.equal(await whoAnswers(ip, 8000), 'pod-1');
    assert.equal(await outcome(ip, 80), 'ECONNREFUSED');
  });
});

describe('start-up', () => {
  it('serves the Services that exist before the proxy starts by the time its controller returns', async () => {
    const cluster = await startProxyTestCluster({
      seed: async (client) => {
        await createService(client, service('early', { ports: [{ port: 8000, targetPort: 8080 }] }));
        await putSlice(client, slice('early-1', 'early', [{ ip: `${net}.1` }], [{ port: 8080 }]));
      },
    });
    try {
      const [port] = cluster.proxy.served('default/early');
      assert.equal(port?.frontends[0]?.listening, true);
      assert.equal(await whoAnswers(port?.frontends[0]?.ip ?? '', 8000), 'pod-1');
    } finally {
      await cluster.stop();
    }
  });
});

describe('the kubernetes Service', () => {
  it('forwards 127.96.0.1:443 to the API server address', async (t) => {
    const api = createServer((s) => s.end('api-server\n'));
    api.listen(0, '127.0.0.1');
    await once(api, 'listening');
    const port = (api.address() as { port: number }).port;
    const cluster = await startProxyTestCluster({ apiPort: port });
    try {
      const state = await untilValue(async () => {
        if (cluster.proxy.served('default/kubernetes')[0]?.frontends[0]?.listening) return 'listening';
        const problems = await cluster.client.resource(gvrEvents, 'default').list();
        return (problems.items as { reason?: string }[]).some((e) => e.reason === 'PortInUse') && 'in use';
      });
      if (state === 'in use') {
        t.skip('127.96.0.1:443 is held by another kubeling on this machine');
        return;
      }
      assert.equal((await exchange('127.96.0.1', 443)).trim(), 'api-server');
    } finally {
      await cluster.stop();
      await stopServers([api]);
    }
  });
});

/** Polls an async probe until it returns something truthy. */
async function untilValue<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

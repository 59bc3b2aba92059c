import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ingressCounters, resetIngressCounters } from './index.js';
import {
  addPod,
  eventually,
  get,
  type IngressTestCluster,
  ingress,
  type PodServer,
  service,
  startIngressTestCluster,
  startPodServer,
} from './ingress-test-helpers.js';

const gvrServices = { group: '', version: 'v1', resource: 'services' };
const gvrIngresses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };
const ns = 'dev';
const ip = (n: number) => `127.244.234.${n}`;

/** A pod that accepts connections and resets them as soon as a request arrives (a crash mid-request). */
function startResetter(address: string): Promise<Server> {
  const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  return new Promise((resolve) => server.listen(8080, address, () => resolve(server)));
}

/**
 * Each service's pods, by address order (round-robin starts at the lowest): `dead` pods are Ready in the API
 * but nothing listens at their address (connection refused), like a process killed before its endpoint left.
 */
const services: Record<string, [number, 'dead' | 'live' | 'reset'][]> = {
  'retry-get': [
    [2, 'dead'],
    [3, 'live'],
  ],
  'retry-post': [
    [4, 'dead'],
    [5, 'live'],
  ],
  'retry-put': [
    [6, 'dead'],
    [7, 'live'],
  ],
  reset: [
    [8, 'reset'],
    [9, 'live'],
  ],
  'all-dead': [
    [10, 'dead'],
    [11, 'dead'],
    [12, 'dead'],
    [13, 'dead'],
  ],
};

for (const fastPath of [true, false]) {
  describe(`ingress retries (proxy_next_upstream error timeout, tries 3) (${fastPath ? 'fast path' : 'node:http only'})`, () => {
    let cluster: IngressTestCluster;
    const live: PodServer[] = [];
    const resetters: Server[] = [];
    const send = (svc: string, method = 'GET', body?: string) =>
      get(cluster.httpPort, `${svc}.example`, '/', { method, ...(body ? { body } : {}) });
    const retriesOn = (svc: string, n: number) =>
      ingressCounters().find((c) => c.service === `dev/${svc}:80` && c.endpoint === `${ip(n)}:8080`)?.retries ?? 0;

    before(async () => {
      resetIngressCounters();
      cluster = await startIngressTestCluster({ fastPath });
      const { client } = cluster;
      const rules = [];
      for (const [svc, pods] of Object.entries(services)) {
        await client.resource(gvrServices, ns).create(service(ns, svc, { app: svc }));
        for (const [n, kind] of pods) {
          if (kind === 'live') live.push(await startPodServer(`${svc}-${n}`, ip(n)));
          if (kind === 'reset') resetters.push(await startResetter(ip(n)));
          await addPod(client, ns, `${svc}-${n}`, { app: svc }, ip(n));
        }
        rules.push({
          host: `${svc}.example`,
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } }],
          },
        });
      }
      await client.resource(gvrIngresses, ns).create(ingress(ns, 'retries', { rules }));
      // Wait until every service has all its endpoints (a probe request would move the round-robin cursors).
      const slices = client.resource({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, ns);
      await eventually('all endpoints published', async () => {
        const list = await slices.list();
        const count = list.items.reduce((n, s) => n + ((s.endpoints as unknown[] | undefined)?.length ?? 0), 0);
        return count === 12;
      });
      await new Promise((r) => setTimeout(r, 50));
    });

    after(async () => {
      await cluster.stop();
      await Promise.all(live.map((p) => p.close()));
      for (const s of resetters) s.close();
    });

    it('retries a GET refused by a dead endpoint on another one', async () => {
      const r = await send('retry-get');
      assert.equal(r.status, 200);
      assert.match(r.body, /^retry-get-3 GET/);
      assert.equal(retriesOn('retry-get', 2), 1);
    });

    it('does not retry a POST: 502 with a small page', async () => {
      const r = await send('retry-post', 'POST', 'payload');
      assert.equal(r.status, 502);
      assert.match(r.body, /502 Bad Gateway/);
      assert.equal(retriesOn('retry-post', 4), 0);
    });

    it('skips an endpoint that just refused, so the next POST reaches a live one', async () => {
      const r = await send('retry-post', 'POST', 'payload');
      assert.equal(r.status, 200);
      assert.equal(r.body, 'retry-post-5 POST / payload');
    });

    it('retries a PUT whose body was not sent yet, body intact', async () => {
      const r = await send('retry-put', 'PUT', 'the body');
      assert.equal(r.status, 200);
      assert.equal(r.body, 'retry-put-7 PUT / the body');
    });

    it('retries a GET reset before any response byte; a POST reset after sending gets 502', async () => {
      const g = await send('reset');
      assert.equal(g.status, 200);
      assert.match(g.body, /^reset-9 GET/);
      const p = await send('reset', 'POST', 'x');
      assert.equal(p.status, 502);
    });

    it('gives up after 3 attempts when every endpoint is dead', async () => {
      const r = await send('all-dead');
      assert.equal(r.status, 502);
      const tried = [10, 11, 12, 13].map((n) => retriesOn('all-dead', n));
      assert.equal(
        tried.reduce((a, b) => a + b, 0),
        2,
        `retries ${tried}`,
      );
    });
  });
}

import assert from 'node:assert/strict';
import { Agent } from 'node:http';
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
import type { IngressClass } from './kinds.js';

const gvrServices = { group: '', version: 'v1', resource: 'services' };
const gvrIngresses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };
const gvrClasses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses' };
const ns = 'dev';
const ip = (n: number) => `127.244.231.${n}`;

for (const fastPath of [true, false]) {
  describe(`ingress routing through real sockets (${fastPath ? 'fast path' : 'node:http only'})`, () => {
    let cluster: IngressTestCluster;
    const pods: PodServer[] = [];
    const url = (host: string, path: string) => get(cluster.httpPort, host, path);

    before(async () => {
      resetIngressCounters();
      cluster = await startIngressTestCluster({ fastPath });
      const { client } = cluster;
      // hello ×3, api ×1, fallback ×1, admin (named port 9000 → containerPort 8080) ×1.
      const layout: [string, string, number][] = [
        ['hello-1', 'hello', 2],
        ['hello-2', 'hello', 3],
        ['hello-3', 'hello', 4],
        ['api-1', 'api', 5],
        ['fallback-1', 'fallback', 6],
        ['admin-1', 'admin', 7],
      ];
      for (const [name, , n] of layout) pods.push(await startPodServer(name, ip(n)));
      const services = client.resource(gvrServices, ns);
      await services.create(service(ns, 'hello-service', { app: 'hello' }));
      await services.create(service(ns, 'api', { app: 'api' }));
      await services.create(service(ns, 'fallback', { app: 'fallback' }));
      await services.create(
        service(ns, 'admin', { app: 'admin' }, { ports: [{ name: 'web', port: 9000, targetPort: 'http' }] }),
      );
      await services.create(service(ns, 'empty', { app: 'nobody' }));
      for (const [name, app, n] of layout) await addPod(client, ns, name, { app }, ip(n));
      const ingresses = client.resource(gvrIngresses, ns);
      const backend = (name: string, port: { number: number } | { name: string } = { number: 80 }) => ({
        service: { name, port },
      });
      await ingresses.create(
        ingress(ns, 'hello', {
          rules: [
            {
              http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('hello-service', { name: 'http' }) }] },
            },
          ],
        }),
      );
      await ingresses.create(
        ingress(ns, 'paths', {
          defaultBackend: backend('fallback'),
          rules: [
            {
              host: 'paths.example',
              http: {
                paths: [
                  { path: '/foo', pathType: 'Prefix', backend: backend('api') },
                  { path: '/exact', pathType: 'Exact', backend: backend('api') },
                  { path: '/admin', pathType: 'Prefix', backend: backend('admin', { name: 'web' }) },
                  { path: '/empty', pathType: 'Prefix', backend: backend('empty') },
                  { path: '/missing', pathType: 'Prefix', backend: backend('no-such-service') },
                ],
              },
            },
            { host: '*.wild.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api') }] } },
          ],
        }),
      );
      await ingresses.create(
        ingress(ns, 'other-class', {
          ingressClassName: 'nginx',
          rules: [
            { host: 'nginx.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api') }] } },
          ],
        }),
      );
      await eventually('all backends reachable', async () => {
        const a = await url('paths.example', '/foo');
        const b = await url('any.example', '/');
        const c = await url('paths.example', '/admin');
        return a.status === 200 && b.status === 200 && c.status === 200;
      });
    });

    after(async () => {
      await cluster.stop();
      await Promise.all(pods.map((p) => p.close()));
    });

    it('creates the default IngressClass kubeling', async () => {
      const cls = await cluster.client.resource<IngressClass>(gvrClasses).get('kubeling');
      assert.equal(cls.spec?.controller, 'kubeling.dev/ingress');
      assert.equal(cls.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'], 'true');
    });

    it('spreads requests over every ready pod, round-robin over keep-alive connections', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const seen = new Map<string, number>();
      for (let i = 0; i < 30; i++) {
        const r = await get(cluster.httpPort, 'hello.dev', '/', { agent });
        assert.equal(r.status, 200);
        const pod = r.body.split(' ')[0] ?? '';
        seen.set(pod, (seen.get(pod) ?? 0) + 1);
      }
      agent.destroy();
      assert.deepEqual([...seen.entries()].sort(), [
        ['hello-1', 10],
        ['hello-2', 10],
        ['hello-3', 10],
      ]);
    });

    // [host, path, expected status, expected pod prefix (undefined: controller page)]
    const table: [string, string, number, string | undefined][] = [
      ['paths.example', '/foo', 200, 'api-1'],
      ['paths.example', '/foo/', 200, 'api-1'],
      ['paths.example', '/foo/bar', 200, 'api-1'],
      ['paths.example', '/foobar', 200, 'fallback-1'],
      ['paths.example', '/exact', 200, 'api-1'],
      ['paths.example', '/exact/', 200, 'fallback-1'],
      ['PATHS.example:80', '/foo', 200, 'api-1'],
      ['paths.example', '/admin/x', 200, 'admin-1'],
      ['paths.example', '/', 200, 'fallback-1'],
      ['a.wild.example', '/anything', 200, 'api-1'],
      ['b.a.wild.example', '/anything', 200, 'hello-'],
      ['nginx.example', '/', 200, 'hello-'],
      ['paths.example', '/empty', 503, undefined],
      ['paths.example', '/missing', 503, undefined],
    ];
    for (const [host, path, status, pod] of table) {
      it(`${host}${path} → ${status} ${pod ?? 'page'}`, async () => {
        const r = await url(host, path);
        assert.equal(r.status, status, r.body);
        if (pod) assert.ok(r.body.startsWith(pod), r.body);
        else assert.match(r.body, /<html>[\s\S]*503 Service Temporarily Unavailable/);
      });
    }

    it('forwards the path and query unchanged', async () => {
      const r = await url('paths.example', '/foo/a%20b?x=1&y=2');
      assert.equal(r.body, 'api-1 GET /foo/a%20b?x=1&y=2');
    });

    it('sets X-Forwarded-* and X-Real-IP, replacing the client values', async () => {
      const r = await get(cluster.httpPort, 'hello.dev:8000', '/headers', {
        headers: { 'x-forwarded-for': '6.6.6.6' },
      });
      const { headers } = JSON.parse(r.body) as { headers: Record<string, string> };
      assert.equal(headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(headers['x-real-ip'], '127.0.0.1');
      assert.equal(headers['x-forwarded-host'], 'hello.dev:8000');
      assert.equal(headers['x-forwarded-proto'], 'http');
      assert.equal(headers['x-forwarded-port'], String(cluster.httpPort));
      assert.equal(headers.host, 'hello.dev:8000');
    });

    it('streams request bodies to the pod', async () => {
      const r = await get(cluster.httpPort, 'paths.example', '/foo', { method: 'POST', body: 'x'.repeat(100_000) });
      assert.equal(r.status, 200);
      assert.equal(r.body, `api-1 POST /foo ${'x'.repeat(100_000)}`);
    });

    it('answers 404 with its own page when nothing matches and there is no default backend', async () => {
      const ingresses = cluster.client.resource(gvrIngresses, ns);
      await ingresses.delete('hello');
      await eventually('hello route gone', async () => (await url('hello.dev', '/')).status === 404);
      const r = await url('unknown.example', '/x');
      assert.equal(r.status, 404);
      assert.match(r.body, /404 Not Found/);
      assert.equal(r.headers['content-type'], 'text/html');
    });

    it('reports its address in status.loadBalancer (kubectl ADDRESS) of its own Ingresses only', async () => {
      const ingresses = cluster.client.resource(gvrIngresses, ns);
      const status = await eventually('status written', async () => {
        const ing = await ingresses.get('paths');
        return (ing.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer?.ingress?.length
          ? ing.status
          : undefined;
      });
      assert.deepEqual(status, {
        loadBalancer: { ingress: [{ ip: '127.0.0.1', ports: [{ port: cluster.httpPort, protocol: 'TCP' }] }] },
      });
      const other = await ingresses.get('other-class');
      assert.deepEqual((other.status as { loadBalancer?: unknown } | undefined)?.loadBalancer ?? {}, {});
    });

    it('counts requests per ingress, service and endpoint', () => {
      const counters = ingressCounters();
      const hello = counters.filter((c) => c.ingress === 'dev/hello' && c.service === 'dev/hello-service:http');
      assert.equal(hello.length, 3);
      assert.ok(hello.every((c) => c.requests >= 10 && c.status['2xx'] === c.requests));
      const empty = counters.find((c) => c.service === 'dev/empty:80');
      assert.equal(empty?.status['5xx'], 1);
      assert.equal(empty?.endpoint, '');
      assert.ok(counters.some((c) => c.ingress === '' && c.status['4xx'] > 0));
    });
  });
}

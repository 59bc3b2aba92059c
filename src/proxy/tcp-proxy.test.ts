/**
 * The proxy over real sockets, against an in-process API server: round-robin, refusal without endpoints,
 * retries, session affinity, terminating fallback, named multi-port, half-close and backpressure, no fd leak.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { until } from '../client/api-test-helpers.js';
import { gvrServices, type Service } from './kinds.js';
import {
  createService,
  exchange,
  openFds,
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

const net = '127.244.241';
let tc: ProxyTestCluster;
const servers: Server[] = [];

before(async () => {
  tc = await startProxyTestCluster({ endpointSlices: true });
  for (let i = 1; i <= 4; i++) servers.push(await startBackend(`${net}.${i}`, 8080, `pod-${i}`));
  servers.push(await startBackend(`${net}.1`, 9090, 'admin-1'));
});

after(async () => {
  await tc?.stop();
  await stopServers(servers);
});

const backendsOf = (key: string) => tc.proxy.served(key).flatMap((p) => p.backends);

async function clusterIP(name: string): Promise<string> {
  const svc = await tc.client.resource<Service>(gvrServices, 'default').get(name);
  return svc.spec?.clusterIP ?? '';
}

function refused(ip: string, port: number): Promise<string> {
  return exchange(ip, port).then(
    () => 'answered',
    (err: NodeJS.ErrnoException) => err.code ?? String(err),
  );
}

describe('TCP service proxy', () => {
  it('spreads 300 connections evenly over three ready pods through one ClusterIP', async () => {
    for (let i = 1; i <= 3; i++) await readyPod(tc.client, `hello-${i}`, `${net}.${i}`, { app: 'hello' });
    await createService(
      tc.client,
      service('hello', { selector: { app: 'hello' }, ports: [{ port: 80, targetPort: 8080 }] }),
    );
    await until(() => backendsOf('default/hello').length === 3, 'three endpoints');
    const ip = await clusterIP('hello');
    assert.match(ip, /^127\.96\.\d+\.\d+$/);
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const who = await whoAnswers(ip, 80);
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries([...counts].sort()), { 'pod-1': 100, 'pod-2': 100, 'pod-3': 100 });
    const m = tc.proxy.metrics().services['default/hello'];
    assert.equal(m?.connections, 300);
    assert.equal(m?.endpoints[`${net}.2:8080`]?.connections, 100);
    assert.ok((m?.bytesOut ?? 0) >= 300 * 'pod-1\n'.length);
    assert.ok(tc.proxy.metrics().propagation.count > 0);
  });

  it('refuses connections while a Service has no endpoints, and serves once it has', async () => {
    await createService(tc.client, service('empty', { ports: [{ port: 80 }] }));
    const ip = await clusterIP('empty');
    await until(() => tc.proxy.served('default/empty').length === 1, 'the port known');
    assert.equal(await refused(ip, 80), 'ECONNREFUSED');
    await putSlice(tc.client, slice('empty-1', 'empty', [{ ip: `${net}.4` }], [{ port: 8080 }]));
    await until(() => tc.proxy.served('default/empty')[0]?.frontends[0]?.listening === true, 'listening');
    assert.equal(await whoAnswers(ip, 80), 'pod-4');
    await putSlice(
      tc.client,
      slice('empty-1', 'empty', [{ ip: `${net}.4`, ready: false, serving: false }], [{ port: 8080 }]),
    );
    await until(() => tc.proxy.served('default/empty')[0]?.frontends[0]?.listening === false, 'closed');
    assert.equal(await refused(ip, 80), 'ECONNREFUSED');
  });

  it('retries a refused connect on another endpoint and counts it', async () => {
    await createService(tc.client, service('flaky', { ports: [{ port: 80 }] }));
    const dead = `${net}.99`;
    await putSlice(tc.client, slice('flaky-1', 'flaky', [{ ip: dead }, { ip: `${net}.1` }], [{ port: 8080 }]));
    await until(() => backendsOf('default/flaky').length === 2, 'two endpoints');
    const ip = await clusterIP('flaky');
    for (let i = 0; i < 10; i++) assert.equal(await whoAnswers(ip, 80), 'pod-1');
    const m = tc.proxy.metrics().services['default/flaky'];
    assert.ok((m?.retries ?? 0) >= 1, 'at least the first pick of the dead endpoint was retried');
    assert.ok((m?.endpoints[`${dead}:8080`]?.failures ?? 0) >= 1);
    assert.equal(m?.failures, 0);
  });

  it('gives up an endpoint that does not accept within 300 ms and retries another', async () => {
    // A real endpoint that stops accepting: a listener with a backlog of 1 in a stopped process, its queue full.
    const stuck = `${net}.77`;
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('net').createServer().listen({ port: 8080, host: '${stuck}', backlog: 1 }, () => process.send('up'))`,
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] },
    );
    const fillers: Socket[] = [];
    try {
      await once(child, 'message');
      process.kill(child.pid ?? 0, 'SIGSTOP');
      for (let i = 0; i < 4; i++) {
        const f = connect({ host: stuck, port: 8080 });
        f.on('error', () => {});
        fillers.push(f);
      }
      await new Promise((r) => setTimeout(r, 100));
      await createService(tc.client, service('slow', { ports: [{ port: 80 }] }));
      await putSlice(tc.client, slice('slow-1', 'slow', [{ ip: stuck }, { ip: `${net}.3` }], [{ port: 8080 }]));
      await until(() => backendsOf('default/slow').length === 2, 'two endpoints');
      const ip = await clusterIP('slow');
      assert.equal(await whoAnswers(ip, 80), 'pod-3', 'first in round-robin order');
      const started = performance.now();
      assert.equal(await whoAnswers(ip, 80), 'pod-3', 'the stuck endpoint comes next and is retried');
      const took = performance.now() - started;
      assert.ok(took >= 290 && took < 1000, `answered after ${took.toFixed(0)} ms`);
      const m = tc.proxy.metrics().services['default/slow'];
      assert.equal(m?.retries, 1);
      assert.equal(m?.endpoints[`${stuck}:8080`]?.failures, 1);
      assert.equal(await whoAnswers(ip, 80), 'pod-3', 'the stuck endpoint is passed over meanwhile');
    } finally {
      for (const f of fillers) f.destroy();
      child.kill('SIGKILL');
    }
  });

  it('pins a client to one pod under sessionAffinity ClientIP until the timeout', async () => {
    await createService(
      tc.client,
      service('sticky', {
        selector: { app: 'hello' },
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 1 } },
        ports: [{ port: 80, targetPort: 8080 }],
      }),
    );
    await until(() => backendsOf('default/sticky').length === 3, 'three endpoints');
    const ip = await clusterIP('sticky');
    const a = new Set<string>();
    for (let i = 0; i < 10; i++) a.add(await whoAnswers(ip, 80, '127.0.0.50'));
    assert.equal(a.size, 1, 'one client, one pod');
    const b = await whoAnswers(ip, 80, '127.0.0.51');
    assert.ok(!a.has(b), 'another client is balanced to another pod');
    await new Promise((r) => setTimeout(r, 1100));
    assert.ok(!a.has(await whoAnswers(ip, 80, '127.0.0.50')), 'after the timeout the client is balanced again');
  });

  it('falls back to serving terminating endpoints when no endpoint is ready', async () => {
    await createService(tc.client, service('draining', { ports: [{ port: 80 }] }));
    const ip = await clusterIP('draining');
    const eps = [
      { ip: `${net}.1`, ready: false, serving: true, terminating: true },
      { ip: `${net}.2`, ready: false, serving: false, terminating: true },
    ];
    await putSlice(tc.client, slice('draining-1', 'draining', eps, [{ port: 8080 }]));
    await until(() => tc.proxy.served('default/draining')[0]?.fallback === true, 'fallback');
    for (let i = 0; i < 4; i++) assert.equal(await whoAnswers(ip, 80), 'pod-1');
    await putSlice(tc.client, slice('draining-1', 'draining', [...eps, { ip: `${net}.3` }], [{ port: 8080 }]));
    await until(() => tc.proxy.served('default/draining')[0]?.fallback === false, 'a ready endpoint');
    for (let i = 0; i < 4; i++) assert.equal(await whoAnswers(ip, 80), 'pod-3');
  });

  it('resolves named targetPorts per port of a multi-port Service', async () => {
    await readyPod(tc.client, 'multi-1', `${net}.1`, { app: 'multi' }, [
      { name: 'http', containerPort: 8080 },
      { name: 'admin', containerPort: 9090 },
    ]);
    await createService(
      tc.client,
      service('multi', {
        selector: { app: 'multi' },
        ports: [
          { name: 'web', port: 80, targetPort: 'http' },
          { name: 'adm', port: 81, targetPort: 'admin' },
        ],
      }),
    );
    await until(() => backendsOf('default/multi').length === 2, 'both ports');
    const ip = await clusterIP('multi');
    assert.equal(await whoAnswers(ip, 80), 'pod-1');
    assert.equal(await whoAnswers(ip, 81), 'admin-1');
  });

  it('forwards half-closes both ways and large payloads with backpressure', async () => {
    const ip = await clusterIP('hello');
    const payload = 'x'.repeat(4 * 1024 * 1024);
    const answer = await exchange(ip, 80, payload);
    assert.equal(answer.length, 'pod-1\n'.length + payload.length);
    assert.ok(answer.endsWith(payload));
  });

  it('leaks no file descriptor over 2,000 short connections, failed connects and endpoint churn', async () => {
    const ip = await clusterIP('flaky');
    await whoAnswers(ip, 80);
    const before = openFds();
    for (let round = 0; round < 40; round++) {
      const eps =
        round % 2 === 0 ? [{ ip: `${net}.98` }, { ip: `${net}.1` }] : [{ ip: `${net}.2` }, { ip: `${net}.3` }];
      await putSlice(tc.client, slice('flaky-1', 'flaky', eps, [{ port: 8080 }]));
      await Promise.all(Array.from({ length: 50 }, () => whoAnswers(ip, 80)));
    }
    const m = tc.proxy.metrics().services['default/flaky'];
    assert.equal(m?.failures, 0);
    await until(() => (tc.proxy.metrics().services['default/flaky']?.active ?? -1) === 0, 'connections closed');
    await new Promise((r) => setTimeout(r, 50));
    const afterFds = openFds();
    assert.ok(afterFds <= before + 2, `fds before ${before}, after ${afterFds}`);
  });
});

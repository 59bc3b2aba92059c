import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { TrafficGenerator } from './traffic-generator.js';

async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('TrafficGenerator', () => {
  it('sends on fresh connections and counts answers per pod they name', async () => {
    const pods = ['web-a', 'web-b'];
    let n = 0;
    const sockets = new Set<unknown>();
    const server = createServer((req, res) => {
      sockets.add(req.socket);
      res.end(`Hello, world!\nHostname: ${pods[n++ % 2]}\n`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const gen = new TrafficGenerator({
      ratePerSecond: 50,
      podIp: (ns, name) => (ns === 'dev' ? `ip-of-${name}` : undefined),
    });
    try {
      gen.start({ namespace: 'dev', name: 'web', ip: '127.0.0.1', port });
      await until(() => gen.status().answered >= 6, 'six answers');
      gen.stop();
      const status = gen.status();
      assert.equal(status.running, false);
      assert.equal(status.target, 'dev/web');
      assert.equal(status.address, `127.0.0.1:${port}`);
      assert.equal(status.available, true);
      await until(() => gen.status().answered === gen.status().sent, 'requests in flight');
      const [svc] = gen.snapshot().services;
      assert.equal(svc?.name, 'web');
      const byPod = Object.fromEntries((svc?.perEndpoint ?? []).map((e) => [e.podName, e]));
      assert.deepEqual(Object.keys(byPod).sort(), ['web-a', 'web-b']);
      assert.equal(byPod['web-a']?.ip, 'ip-of-web-a');
      assert.equal((byPod['web-a']?.requests ?? 0) + (byPod['web-b']?.requests ?? 0), gen.status().answered);
      assert.equal(sockets.size, gen.status().answered, 'one connection per request');
    } finally {
      gen.stop();
      await new Promise((r) => server.close(r));
    }
  });

  it('reports traffic unavailable when nothing answers at the ClusterIP', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const gen = new TrafficGenerator({ ratePerSecond: 50 });
    try {
      gen.start({ namespace: 'dev', name: 'web', ip: '127.0.0.1', port });
      await until(() => !gen.status().available, 'unavailable');
      assert.match(gen.status().message ?? '', /nothing answers at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      assert.equal(gen.status().answered, 0);
      assert.deepEqual(gen.snapshot().services, []);
    } finally {
      gen.stop();
    }
  });
});

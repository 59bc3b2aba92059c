import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { listenHttp } from './graceful-http.js';
import { freePort, httpGet, podIp } from './program-test-helpers.js';

describe('graceful HTTP server', () => {
  it('finishes a request in flight, refuses new connections, closes idle keep-alive ones', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const server = await listenHttp(
      async (req, res) => {
        if (req.url === '/slow') await new Promise((r) => setTimeout(r, 400));
        res.end(`done ${req.url}`);
      },
      ip,
      port,
    );
    // An idle keep-alive connection must not hold the shutdown.
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: ip, port, path: '/idle', headers: { Connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    const slow = httpGet(ip, port, '/slow');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const stopped = server.shutdown();
    await assert.rejects(httpGet(ip, port, '/late'), /ECONNREFUSED/);
    const answer = await slow;
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'done /slow');
    assert.equal(answer.headers.connection, 'close');
    await stopped;
    assert.ok(Date.now() - started < 2000, 'shutdown did not wait for the idle connection');
  });

  it('cuts connections still busy after the timeout', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const server = await listenHttp(() => new Promise(() => {}), ip, port);
    const hanging = httpGet(ip, port, '/never');
    await new Promise((r) => setTimeout(r, 100));
    await server.shutdown(200);
    await assert.rejects(hanging, /socket hang up|ECONNRESET/);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Container } from 'kubernetes-types/core/v1.js';
import { createImageResolver } from '../images/index.js';
import type { Image } from '../node-types.js';
import { execInContainer } from './container-exec.js';
import { type HookTarget, runLifecycleHook } from './lifecycle-hooks.js';

let dir: string;
let busybox: Image;
let server: http.Server;
let port: number;
const requests: { path: string; header: string | undefined }[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubeling-hooks-'));
  busybox = await createImageResolver().resolve('busybox');
  server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', header: req.headers['x-hook'] as string | undefined });
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function target(container: Partial<Container> = {}): HookTarget {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', MARK: 'from-env' };
  return {
    podIP: '127.0.0.1',
    container: { name: 'c', ...container },
    podDescription: 'p_ns(uid)',
    exec: (command, ms) => execInContainer(busybox, { env, cwd: dir }, command, ms),
  };
}

const never = new AbortController().signal;

describe('lifecycle hooks', () => {
  it('runs exec in the container environment', async () => {
    const file = join(dir, 'exec-out');
    await runLifecycleHook({ exec: { command: ['sh', '-c', `echo "$MARK" > ${file}`] } }, target(), 5000, never);
    assert.equal(readFileSync(file, 'utf8'), 'from-env\n');
  });

  it('fails an exec hook that exits non-zero, with the kubelet wording', async () => {
    await assert.rejects(
      runLifecycleHook({ exec: { command: ['sh', '-c', 'echo nope; exit 3'] } }, target(), 5000, never),
      /^HookError: Exec lifecycle hook \(\["sh","-c","echo nope; exit 3"\]\) for Container "c" in Pod "p_ns\(uid\)" failed - error: command 'sh -c echo nope; exit 3' exited with 3: nope/,
    );
  });

  it('calls httpGet on the pod IP with named ports and headers; status codes do not fail it', async () => {
    const hook = { httpGet: { path: 'hook', port: 'web', httpHeaders: [{ name: 'X-Hook', value: 'yes' }] } };
    await runLifecycleHook(hook, target({ ports: [{ name: 'web', containerPort: port }] }), 5000, never);
    await runLifecycleHook({ httpGet: { path: '/fail', port } }, target(), 5000, never);
    assert.deepEqual(requests.slice(-2), [
      { path: '/hook', header: 'yes' },
      { path: '/fail', header: undefined },
    ]);
  });

  it('fails httpGet when the connection does', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(
      runLifecycleHook({ httpGet: { path: '/', port: deadPort } }, target(), 2000, never),
      /Http lifecycle hook \(\/\) for Container "c" in Pod "p_ns\(uid\)" failed - error: .*ECONNREFUSED/,
    );
  });

  it('sleeps, cut short by the timeout or the signal', async () => {
    let t0 = Date.now();
    await runLifecycleHook({ sleep: { seconds: 10 } }, target(), 200, never);
    assert.ok(Date.now() - t0 < 1000);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    t0 = Date.now();
    await runLifecycleHook({ sleep: { seconds: 10 } }, target(), 10_000, abort.signal);
    assert.ok(Date.now() - t0 < 1000);
    t0 = Date.now();
    await runLifecycleHook({ sleep: { seconds: 0 } }, target(), 10_000, never);
    assert.ok(Date.now() - t0 < 100);
  });

  it('times exec commands out, killing them', async () => {
    await assert.rejects(
      execInContainer(busybox, { env: { PATH: process.env.PATH ?? '' }, cwd: dir }, ['sleep', '5'], 200),
      {
        name: 'TimeoutError',
      },
    );
    const r = await execInContainer(
      busybox,
      { env: { PATH: process.env.PATH ?? '' }, cwd: dir },
      ['no-such-tool-xyz'],
      2000,
    );
    assert.equal(r.exitCode, 126);
    assert.match(r.output, /^OCI runtime exec failed: exec failed: unable to start container process: /);
  });
});

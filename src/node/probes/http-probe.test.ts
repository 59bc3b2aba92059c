import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Probe } from 'kubernetes-types/core/v1.js';
import { createCa, issueServingCert } from '../../cluster/pki.js';
import type { ProbeTarget } from '../node-types.js';
import { canonicalHeaderName, probeHeaders } from './http-probe.js';
import { ProbeError } from './probe-error.js';
import { runProbe } from './probe-runner.js';
import { closedPort, startHttpServer, type TestServer } from './probe-test-helpers.js';

let server: TestServer;
let refusedPort: number;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

before(async () => {
  refusedPort = await closedPort();
  server = await startHttpServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const url = req.url ?? '/';
    if (url === '/ok') res.end('fine');
    else if (url === '/fail') res.writeHead(500).end('boom');
    else if (url === '/moved') res.writeHead(301, { Location: '/ok' }).end();
    else if (url === '/elsewhere') res.writeHead(302, { Location: `http://localhost:${server.port}/ok` }).end('gone');
    else if (url === '/to-closed') res.writeHead(307, { Location: `http://127.0.0.1:${refusedPort}/x` }).end();
    else if (url === '/loop') res.writeHead(302, { Location: '/loop' }).end();
    else if (url === '/not-modified') res.writeHead(304).end();
    else if (url === '/hang') return;
    else if (url === '/stall-body') res.writeHead(200).write('partial');
    else if (url === '/endless') {
      res.writeHead(200);
      const chunk = Buffer.alloc(4096, 'x');
      const pump = () => {
        while (res.write(chunk)) {}
        res.once('drain', pump);
      };
      res.on('error', () => {});
      pump();
    } else res.writeHead(404).end();
  });
});

after(() => server.close());

const target = (namedPorts: Record<string, number> = {}): ProbeTarget => ({
  podIP: '127.0.0.1',
  namedPorts: new Map(Object.entries(namedPorts)),
  exec: () => Promise.reject(new Error('no exec')),
});

const get = (path: string, extra: Partial<NonNullable<Probe['httpGet']>> = {}): Probe => ({
  httpGet: { port: server.port, path, ...extra },
  timeoutSeconds: 1,
});

test('httpGet outcomes match the kubelet', async (t) => {
  const cases: { name: string; path: string; success: boolean; message: (port: number) => string }[] = [
    { name: '200 succeeds', path: '/ok', success: true, message: () => '' },
    { name: '301 to the same host is followed', path: '/moved', success: true, message: () => '' },
    {
      name: 'a redirect to another host succeeds with a warning',
      path: '/elsewhere',
      success: true,
      message: () => 'Probe terminated redirects, Response body: gone',
    },
    {
      name: 'a 3xx that is no redirect is a warning',
      path: '/not-modified',
      success: true,
      message: () => 'Probe terminated redirects, Response body: ',
    },
    { name: '500 fails', path: '/fail', success: false, message: () => 'HTTP probe failed with statuscode: 500' },
    { name: '404 fails', path: '/missing', success: false, message: () => 'HTTP probe failed with statuscode: 404' },
    {
      name: 'redirect loops stop',
      path: '/loop',
      success: false,
      message: () => 'Get "/loop": stopped after 10 redirects',
    },
    {
      name: 'no answer times out',
      path: '/hang',
      success: false,
      message: (port) =>
        `Get "http://127.0.0.1:${port}/hang": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    },
    { name: 'an endless body is read up to 10 KiB', path: '/endless', success: true, message: () => '' },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const outcome = await runProbe(get(c.path), target());
      assert.deepEqual(outcome, { success: c.success, message: c.message(server.port) });
    });
  }
});

test('same-host redirects carry the headers and a Referer; loops stop after 10 requests', async () => {
  seen.length = 0;
  await runProbe(get('/moved', { httpHeaders: [{ name: 'X-Token', value: 't' }] }), target());
  assert.deepEqual(
    seen.map((s) => s.url),
    ['/moved', '/ok'],
  );
  assert.equal(seen[1]?.headers['x-token'], 't');
  assert.equal(seen[1]?.headers.referer, `http://127.0.0.1:${server.port}/moved`);
  seen.length = 0;
  await runProbe(get('/loop'), target());
  assert.equal(seen.length, 10);
});

test('a refused connection fails with Go dial wording', async () => {
  const port = await closedPort();
  const outcome = await runProbe({ httpGet: { port, path: '/healthz' } }, target());
  assert.deepEqual(outcome, {
    success: false,
    message: `Get "http://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test('a same-host redirect to a closed port reports the port it dialed', async () => {
  assert.deepEqual(await runProbe(get('/to-closed'), target()), {
    success: false,
    message: `Get "http://127.0.0.1:${refusedPort}/x": dial tcp 127.0.0.1:${refusedPort}: connect: connection refused`,
  });
});

test('request headers: defaults, custom values, Host override, empty Accept removed', async () => {
  seen.length = 0;
  await runProbe(get('/ok'), target());
  const defaults = seen[0]?.headers;
  assert.equal(defaults?.['user-agent'], 'kube-probe/1.33');
  assert.equal(defaults?.accept, '*/*');
  assert.equal(defaults?.host, `127.0.0.1:${server.port}`);
  assert.equal(defaults?.connection, 'close');

  seen.length = 0;
  const httpHeaders = [
    { name: 'x-custom', value: 'a' },
    { name: 'X-Custom', value: 'b' },
    { name: 'Host', value: 'example.test' },
    { name: 'User-Agent', value: 'mine' },
    { name: 'Accept', value: '' },
  ];
  await runProbe(get('/ok', { httpHeaders }), target());
  const custom = seen[0]?.headers;
  assert.equal(custom?.['x-custom'], 'a, b');
  assert.equal(custom?.host, 'example.test');
  assert.equal(custom?.['user-agent'], 'mine');
  assert.equal(custom?.accept, undefined);
});

test('named ports resolve through the target; unknown names error like ResolveContainerPort', async () => {
  const outcome = await runProbe({ httpGet: { port: 'http', path: '/ok' } }, target({ http: server.port }));
  assert.deepEqual(outcome, { success: true, message: '' });
  await assert.rejects(runProbe({ httpGet: { port: 'nope', path: '/ok' } }, target()), (error: unknown) => {
    assert.ok(error instanceof ProbeError);
    assert.equal(error.message, 'strconv.Atoi: parsing "nope": invalid syntax');
    return true;
  });
  await assert.rejects(runProbe({ httpGet: { port: 0, path: '/ok' } }, target()), /invalid port number: 0/);
  const numeric = await runProbe({ httpGet: { port: String(server.port), path: '/ok' } }, target());
  assert.equal(numeric.success, true);
});

test('an explicit host replaces the pod IP', async () => {
  const outcome = await runProbe(get('/ok', { host: '127.0.0.1' }), { ...target(), podIP: '127.0.0.9' });
  assert.equal(outcome.success, true);
});

test('a body that stalls past the timeout is an errored probe, not a failure', async () => {
  await assert.rejects(runProbe(get('/stall-body'), target()), (error: unknown) => {
    assert.ok(error instanceof ProbeError);
    assert.equal(error.state, 'failure');
    assert.match(error.message, /Client\.Timeout or context cancellation while reading body/);
    return true;
  });
});

test('HTTPS probes do not verify the certificate', async () => {
  const pki = await issueServingCert(await createCa('probe-test'));
  const secure = https.createServer({ cert: pki.certPem, key: pki.keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  const { port } = secure.address() as AddressInfo;
  try {
    const ok = await runProbe({ httpGet: { port, path: '/', scheme: 'HTTPS' } }, target());
    assert.deepEqual(ok, { success: true, message: '' });
    const plain = await runProbe({ httpGet: { port: server.port, path: '/ok', scheme: 'HTTPS' } }, target());
    assert.deepEqual(plain, {
      success: false,
      message: `Get "https://127.0.0.1:${server.port}/ok": http: server gave HTTP response to HTTPS client`,
    });
  } finally {
    secure.closeAllConnections();
    await new Promise<void>((resolve) => secure.close(() => resolve()));
  }
});

test('header helpers canonicalize like Go', () => {
  assert.equal(canonicalHeaderName('x-forwarded-for'), 'X-Forwarded-For');
  assert.equal(canonicalHeaderName('ACCEPT'), 'Accept');
  assert.deepEqual(
    [...probeHeaders({ port: 1, httpHeaders: [{ name: 'accept', value: 'text/plain' }] })],
    [
      ['Accept', ['text/plain']],
      ['User-Agent', ['kube-probe/1.33']],
    ],
  );
});

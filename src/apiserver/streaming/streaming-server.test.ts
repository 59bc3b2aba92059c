/**
 * The streaming endpoints through a real HTTPS API server, with our own clients: the WebSocket channel protocols
 * (v5 with its close signal, v4 base64), the kubelet's native WebSocket port-forward, raw SPDY port-forward
 * (including the session ending when the pod is deleted), and the answers given before an upgrade.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { SpdySession } from './spdy-session.js';
import { type StreamingTestServer, startStreamingTestServer } from './testdata/streaming-test-server.js';

let srv: StreamingTestServer;
let echo: Server;
const echoIP = '127.244.200.2';

before(async () => {
  srv = await startStreamingTestServer({ podCheckIntervalMs: 100 });
  echo = createServer((socket) => socket.pipe(socket));
  echo.listen(7000, echoIP);
  await once(echo, 'listening');
  await srv.runningPod('web', echoIP, ['app', 'side']);
  await srv.client.resource({ group: '', version: 'v1', resource: 'pods' }, 'default').create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pending' },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'busybox' }] },
  });
});

after(async () => {
  echo?.close();
  await srv?.close();
});

function ws(
  path: string,
  protocols: string[],
): Promise<{ socket: WebSocket; messages: Buffer[]; closed: Promise<void> }> {
  const socket = new WebSocket(`wss://127.0.0.1:${srv.port}${path}`, protocols, {
    ca: srv.caPem,
    headers: { Authorization: `Bearer ${srv.token}` },
  });
  const messages: Buffer[] = [];
  socket.on('message', (m: Buffer, isBinary) => messages.push(isBinary ? m : Buffer.from(m.toString(), 'latin1')));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('error', reject);
  });
}

const exec = (command: string[], extra = '') =>
  `/api/v1/namespaces/default/pods/web/exec?container=app&${command.map((c) => `command=${encodeURIComponent(c)}`).join('&')}${extra}`;

describe('exec over WebSocket', () => {
  it('v5: stdin until the close signal, stdout, stderr, and the exit status on channel 3', async () => {
    const c = await ws(exec(['sh', '-c', 'cat; echo err >&2; exit 4'], '&stdin=true&stdout=true&stderr=true'), [
      'v5.channel.k8s.io',
    ]);
    assert.equal(c.socket.protocol, 'v5.channel.k8s.io');
    c.socket.send(Buffer.concat([Buffer.from([0]), Buffer.from('typed\n')]));
    c.socket.send(Buffer.from([255, 0]));
    await c.closed;
    const on = (ch: number) =>
      Buffer.concat(c.messages.filter((m) => m[0] === ch).map((m) => m.subarray(1))).toString();
    assert.deepEqual([...(c.messages[0] ?? [])], [1], 'an empty stdout message opens the session');
    assert.equal(on(1), 'typed\n');
    assert.equal(on(2), 'err\n');
    const status = JSON.parse(on(3)) as { status: string; reason: string; details: { causes: unknown[] } };
    assert.equal(status.status, 'Failure');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details.causes, [{ reason: 'ExitCode', message: '4' }]);
  });

  it('v4.base64: text frames with the channel as a digit', async () => {
    const c = await ws(exec(['echo', 'hi'], '&stdout=true'), ['v4.base64.channel.k8s.io']);
    await c.closed;
    const texts = c.messages.map((m) => m.toString('latin1'));
    assert.ok(texts.includes(`1${Buffer.from('hi\n').toString('base64')}`), texts.join('|'));
    assert.ok(texts.includes(`3${Buffer.from('{"metadata":{},"status":"Success"}').toString('base64')}`));
  });
});

describe('port-forward', () => {
  it('native WebSocket (v4.channel.k8s.io): port header on both channels, then data on channel 0', async () => {
    const c = await ws('/api/v1/namespaces/default/pods/web/portforward?ports=7000', ['v4.channel.k8s.io']);
    c.socket.send(Buffer.concat([Buffer.from([0]), Buffer.from('ping')]));
    const deadline = Date.now() + 5000;
    const data = () => Buffer.concat(c.messages.filter((m) => m[0] === 0).map((m) => m.subarray(1)));
    while (data().length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      [...(c.messages.find((m) => m[0] === 1) ?? [])],
      [1, 0x58, 0x1b],
      'port 7000 on the error channel',
    );
    assert.deepEqual(data(), Buffer.concat([Buffer.from([0x58, 0x1b]), Buffer.from('ping')]));
    c.socket.close();
  });

  it('native WebSocket to a closed port: the refusal on the error channel, then the socket closes', async () => {
    const c = await ws('/api/v1/namespaces/default/pods/web/portforward?ports=7001', ['v4.channel.k8s.io']);
    await c.closed;
    const error = Buffer.concat(c.messages.filter((m) => m[0] === 1).map((m) => m.subarray(1)));
    assert.match(
      error.subarray(2).toString(),
      /^error forwarding port 7001 to pod web, uid [0-9a-f-]+: dial tcp 127\.244\.200\.2:7001: connect: connection refused$/,
    );
  });

  it('raw SPDY: error + data streams per connection; deleting the pod ends the session with GOAWAY', async () => {
    await srv.runningPod('doomed', echoIP);
    const up = await srv.upgrade('/api/v1/namespaces/default/pods/doomed/portforward', {
      Authorization: `Bearer ${srv.token}`,
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': 'portforward.k8s.io',
    });
    assert.ok('socket' in up, 'upgraded');
    assert.equal(up.res.headers['x-stream-protocol-version'], 'portforward.k8s.io');
    const session = new SpdySession(up.socket, { role: 'client' });
    const goaway = once(session, 'goaway');
    const headers = { port: '7000', requestid: '0' };
    const error = await session.openStream({ ...headers, streamtype: 'error' }, { fin: true });
    const data = await session.openStream({ ...headers, streamtype: 'data' });
    data.write('over spdy');
    const [chunk] = (await once(data, 'data')) as [Buffer];
    assert.equal(chunk.toString(), 'over spdy');
    error.resume();
    await srv.client
      .resource({ group: '', version: 'v1', resource: 'pods' }, 'default')
      .delete('doomed', { gracePeriodSeconds: 0 });
    await goaway;
    await once(session, 'close');
  });
});

describe('before the upgrade', () => {
  const auth = { Authorization: 'Bearer ' };
  const cases: { name: string; path: string; headers: Record<string, string>; status: number; body: RegExp }[] = [
    {
      name: 'no upgrade',
      path: exec(['true'], '&stdout=true'),
      headers: { Upgrade: 'h2c' },
      status: 400,
      body: /"message":"Upgrade request required"/,
    },
    {
      name: 'missing pod',
      path: '/api/v1/namespaces/default/pods/nope/exec?command=true&stdout=true',
      headers: { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' },
      status: 404,
      body: /"message":"pods \\"nope\\" not found"/,
    },
    {
      name: 'container not running (the kubelet answers in plain text)',
      path: '/api/v1/namespaces/default/pods/pending/exec?command=true&stdout=true',
      headers: { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' },
      status: 500,
      body: /^container not found \("app"\)$/,
    },
    {
      name: 'two containers, none chosen',
      path: '/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true',
      headers: { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' },
      status: 400,
      body: /a container name must be specified for pod web, choose one of: \[app side\]/,
    },
    {
      name: 'no common sub-protocol',
      path: exec(['true'], '&stdout=true'),
      headers: { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v9.channel.k8s.io' },
      status: 403,
      body: /unable to negotiate protocol: client supports \[v9\.channel\.k8s\.io\]/,
    },
    {
      name: 'pod not running (port-forward)',
      path: '/api/v1/namespaces/default/pods/pending/portforward',
      headers: { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' },
      status: 400,
      body: /unable to forward port because pod is not running/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await srv.upgrade(c.path, { Authorization: `Bearer ${srv.token}`, ...c.headers });
      assert.ok('status' in r, 'refused');
      assert.equal(r.status, c.status, r.body);
      assert.match(r.body, c.body);
    });
  }

  it('an unauthenticated upgrade gets 401', async () => {
    const r = await srv.upgrade(exec(['true'], '&stdout=true'), { ...auth, Upgrade: 'SPDY/3.1' });
    assert.ok('status' in r);
    assert.equal(r.status, 401);
  });
});

import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
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
const big = 'z'.repeat(5 * 1024 * 1024);

/** An upstream written by hand, to answer with exact framings: the path names the answer. */
function rawAnswer(path: string, socket: Socket): void {
  switch (path) {
    case '/chunked':
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n');
      setTimeout(() => socket.write('2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n'), 10);
      return;
    case '/until-close':
      socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it');
      return;
    case '/not-modified':
      socket.write('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 99\r\n\r\n');
      return;
    case '/early-hints':
      socket.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      return;
    case '/cut':
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b');
      setTimeout(() => socket.destroy(), 10);
      return;
    case '/big':
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${big.length}\r\n\r\n`);
      socket.write(big);
      return;
    default:
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${path.length}\r\nKeep-Alive: timeout=5\r\n\r\n${path}`);
  }
}

function startRawUpstream(address: string): Promise<Server> {
  const server = createServer((socket) => {
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const path = buf.slice(0, end).split(' ')[1] ?? '/';
        buf = buf.slice(end + 4);
        rawAnswer(path, socket);
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(8080, address, () => resolve(server)));
}

/** Writes raw bytes to the ingress and collects everything until the connection closes or `until` holds. */
function rawExchange(
  port: number,
  text: string,
  until?: (got: string) => boolean,
): Promise<{ got: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ got, closed });
    };
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (until?.(got)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(text);
  });
}

describe('fast path framing and hand-off', () => {
  let cluster: IngressTestCluster;
  let raw: Server;
  let pod: PodServer;

  before(async () => {
    cluster = await startIngressTestCluster();
    const { client } = cluster;
    raw = await startRawUpstream('127.244.236.2');
    pod = await startPodServer('echo-1', '127.244.236.3');
    await client.resource(gvrServices, ns).create(service(ns, 'raw', { app: 'raw' }));
    await client.resource(gvrServices, ns).create(service(ns, 'echo', { app: 'echo' }));
    await addPod(client, ns, 'raw-1', { app: 'raw' }, '127.244.236.2');
    await addPod(client, ns, 'echo-1', { app: 'echo' }, '127.244.236.3');
    const rule = (host: string, svc: string) => ({
      host,
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } }] },
    });
    await client
      .resource(gvrIngresses, ns)
      .create(ingress(ns, 'fast', { rules: [rule('raw.example', 'raw'), rule('echo.example', 'echo')] }));
    await eventually('routes ready', async () => {
      const a = await get(cluster.httpPort, 'raw.example', '/ping');
      const b = await get(cluster.httpPort, 'echo.example', '/');
      return a.status === 200 && b.status === 200;
    });
  });

  after(async () => {
    await cluster.stop();
    raw.close();
    await pod.close();
  });

  it('passes a chunked answer through byte for byte, then serves the next request on the connection', async () => {
    const { got, closed } = await rawExchange(
      cluster.httpPort,
      'GET /chunked HTTP/1.1\r\nHost: raw.example\r\n\r\nGET /after HTTP/1.1\r\nHost: raw.example\r\n\r\n',
      (g) => g.endsWith('/after'),
    );
    assert.equal(closed, false);
    assert.match(
      got,
      /^HTTP\/1\.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n/,
    );
    assert.match(got, /HTTP\/1\.1 200 OK\r\nContent-Length: 6\r\n\r\n\/after$/, 'hop-by-hop Keep-Alive dropped');
  });

  it('answers pipelined requests in order', async () => {
    const reqs = ['/one', '/two', '/three'].map((p) => `GET ${p} HTTP/1.1\r\nHost: raw.example\r\n\r\n`).join('');
    const { got } = await rawExchange(cluster.httpPort, reqs, (g) => g.endsWith('/three'));
    const bodies = [...got.matchAll(/\r\n\r\n(\/[a-z]+)/g)].map((m) => m[1]);
    assert.deepEqual(bodies, ['/one', '/two', '/three']);
  });

  it('forwards a close-delimited answer and closes the client connection after it', async () => {
    const { got, closed } = await rawExchange(
      cluster.httpPort,
      'GET /until-close HTTP/1.1\r\nHost: raw.example\r\n\r\n',
    );
    assert.equal(closed, true);
    assert.match(got, /Connection: close\r\n\r\nall of it$/);
  });

  it('knows HEAD and 304 answers have no body', async () => {
    const { got } = await rawExchange(
      cluster.httpPort,
      'HEAD /x HTTP/1.1\r\nHost: raw.example\r\n\r\nGET /not-modified HTTP/1.1\r\nHost: raw.example\r\n\r\nGET /end HTTP/1.1\r\nHost: raw.example\r\n\r\n',
      (g) => g.endsWith('/end'),
    );
    assert.equal(got.match(/HTTP\/1\.1 /g)?.length, 3);
    assert.match(got, /HTTP\/1\.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 99\r\n\r\nHTTP\/1\.1 200 OK/);
  });

  it('drops interim 1xx answers and relays the final one', async () => {
    const r = await get(cluster.httpPort, 'raw.example', '/early-hints');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ok');
  });

  it('cuts the client connection when the upstream answer is cut short', async () => {
    const { got, closed } = await rawExchange(cluster.httpPort, 'GET /cut HTTP/1.1\r\nHost: raw.example\r\n\r\n');
    assert.equal(closed, true);
    assert.match(got, /Content-Length: 100\r\n\r\nonly ten b$/);
  });

  it('streams a large answer intact', async () => {
    const r = await get(cluster.httpPort, 'raw.example', '/big');
    assert.equal(r.body.length, big.length);
    assert.equal(r.body, big);
  });

  it('closes after answering a client that asked to close', async () => {
    const { got, closed } = await rawExchange(
      cluster.httpPort,
      'GET /bye HTTP/1.1\r\nHost: raw.example\r\nConnection: close\r\n\r\n',
    );
    assert.equal(closed, true);
    assert.match(got, /Connection: close\r\n\r\n\/bye$/);
  });

  it('hands a keep-alive connection to node:http for a request with a body, and keeps serving it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const a = await get(cluster.httpPort, 'echo.example', '/first', { agent });
    const b = await get(cluster.httpPort, 'echo.example', '/post', { agent, method: 'POST', body: 'data' });
    const c = await get(cluster.httpPort, 'echo.example', '/third', { agent });
    agent.destroy();
    assert.deepEqual([a.body, b.body, c.body], ['echo-1 GET /first', 'echo-1 POST /post data', 'echo-1 GET /third']);
  });

  it('answers HTTP/1.0 through node:http', async () => {
    const { got } = await rawExchange(cluster.httpPort, 'GET /old HTTP/1.0\r\nHost: echo.example\r\n\r\n');
    assert.match(got, /^HTTP\/1\.1 200 OK[\s\S]*echo-1 GET \/old$/);
  });

  it('answers its own 404 on the fast path without closing the connection', async () => {
    const { got, closed } = await rawExchange(
      cluster.httpPort,
      'GET / HTTP/1.1\r\nHost: nowhere.example\r\n\r\nGET /again HTTP/1.1\r\nHost: raw.example\r\n\r\n',
      (g) => g.endsWith('/again'),
    );
    assert.equal(closed, false);
    assert.match(got, /^HTTP\/1\.1 404 Not Found[\s\S]*HTTP\/1\.1 200 OK/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  freePort,
  httpGet,
  podIp,
  type RunningContainer,
  startContainer,
  udpAsk,
  waitForHttp,
} from './program-test-helpers.js';

const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

async function netexec(...flags: string[]): Promise<{ c: RunningContainer; ip: string; http: number; udp: number }> {
  const ip = podIp();
  const http = await freePort(ip);
  const udp = await freePort(ip);
  const c = await startContainer(AGNHOST, {
    ip,
    command: ['/agnhost', 'netexec', `--http-port=${http}`, `--udp-port=${udp}`, ...flags],
    env: { HOSTNAME: 'netexec-pod' },
  });
  await waitForHttp(ip, http, '/healthz');
  return { c, ip, http, udp };
}

describe('agnhost netexec endpoints', () => {
  let server: Awaited<ReturnType<typeof netexec>>;
  before(async () => {
    server = await netexec();
  });
  after(async () => {
    server.c.child.kill('SIGTERM');
    assert.equal((await server.c.exited).code, 0);
  });

  it('answers each endpoint as upstream does', async () => {
    const { ip, http } = server;
    const cases: { path: string; status: number; body: string | RegExp; headers?: Record<string, string> }[] = [
      { path: '/', status: 200, body: /^NOW: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}$/ },
      { path: '/hostname', status: 200, body: 'netexec-pod' },
      { path: '/hostName', status: 200, body: 'netexec-pod' },
      { path: '/echo?msg=hello%20there', status: 200, body: 'hello there' },
      { path: '/echo?msg=teapot&code=418', status: 418, body: 'teapot' },
      { path: '/echo?msg=x&code=abc', status: 200, body: `argument 'code' must be an integer or empty, got "abc"\n` },
      { path: '/clientip', status: 200, body: /^127\.\d+\.\d+\.\d+:\d+$/ },
      { path: '/header?key=x-test', status: 200, body: 'forty-two', headers: { 'X-Test': 'forty-two' } },
      {
        path: '/header',
        status: 200,
        body: /^\{"Connection":\["close"\],"X-Test":\["1"\]\}$/,
        headers: { 'X-Test': '1' },
      },
      { path: '/healthz', status: 200, body: '' },
      { path: '/readyz', status: 200, body: 'ok' },
      { path: '/shell?cmd=echo%20hi%20%24HOSTNAME', status: 200, body: '{"output":"hi netexec-pod\\n"}' },
      {
        path: '/shell?cmd=echo%20oops%201%3E%262%3B%20exit%203',
        status: 200,
        body: '{"error":"exit status 3","output":"oops\\n"}',
      },
      {
        path: '/redirect?location=/echo%3Fmsg%3Dx&code=307',
        status: 307,
        body: /<a href="\/echo\?msg=x">Temporary Redirect<\/a>/,
      },
      { path: '/dial?host=127.0.0.1&port=1', status: 400, body: 'request parameter not specified. <nil>\n' },
      { path: '/dial?request=x&protocol=sctp2&host=a&port=1', status: 400, body: 'unsupported protocol. sctp2\n' },
    ];
    for (const { path, status, body, headers } of cases) {
      const answer = await httpGet(ip, http, path, headers ? { headers: { ...headers, Connection: 'close' } } : {});
      assert.equal(answer.status, status, path);
      if (typeof body === 'string') assert.equal(answer.body, body, path);
      else assert.match(answer.body, body, path);
    }
  });

  it('dials HTTP and UDP targets, reporting responses and errors', async () => {
    const { ip, http, udp } = server;
    const viaHttp = await httpGet(ip, http, `/dial?request=hostname&protocol=http&host=${ip}&port=${http}&tries=2`);
    assert.equal(viaHttp.body, '{"responses":["netexec-pod","netexec-pod"]}');
    const viaUdp = await httpGet(ip, http, `/dial?request=hostname&protocol=udp&host=${ip}&port=${udp}&tries=1`);
    assert.equal(viaUdp.body, '{"responses":["netexec-pod"]}');
    const closed = await freePort(ip);
    const refused = await httpGet(ip, http, `/dial?request=hostname&host=${ip}&port=${closed}`);
    assert.equal(refused.status, 200);
    assert.equal(
      refused.body,
      `{"errors":["Get \\"http://${ip}:${closed}/hostname\\": dial tcp ${ip}:${closed}: connect: connection refused"]}`,
    );
  });

  it('answers UDP commands', async () => {
    const { ip, udp } = server;
    assert.equal(await udpAsk(ip, udp, 'hostname'), 'netexec-pod');
    assert.equal(await udpAsk(ip, udp, 'echo Hello World\n'), 'hello world');
    assert.match(await udpAsk(ip, udp, 'clientip'), /^127\.\d+\.\d+\.\d+:\d+$/);
  });

  it('logs requests as the Go program does', async () => {
    await server.c.waitForOutput(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d GET \/hostname\n/);
    assert.match(server.c.output(), /Started HTTP server on port \d+/);
    assert.match(server.c.output(), /Started UDP server on port 127\.244\.\d+\.\d+ \d+/);
  });
});

describe('agnhost netexec lifecycle', () => {
  it('reports 412 on /healthz and /readyz without a UDP server', async () => {
    const ip = podIp();
    const http = await freePort(ip);
    const c = await startContainer(AGNHOST, { ip, args: ['netexec', `--http-port=${http}`, '--udp-port=-1'] });
    assert.equal((await waitForHttp(ip, http, '/healthz')).status, 412);
    assert.equal((await httpGet(ip, http, '/readyz')).status, 412);
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  });

  it('keeps serving during --delay-shutdown with /readyz 503, then exits 0', async () => {
    const { c, ip, http } = await netexec('--delay-shutdown=2');
    const signalled = Date.now();
    c.child.kill('SIGTERM');
    await c.waitForOutput('Sleeping 2 seconds before terminating...');
    const readyz = await httpGet(ip, http, '/readyz');
    assert.deepEqual([readyz.status, readyz.body], [503, 'shutting down']);
    assert.equal((await httpGet(ip, http, '/healthz')).status, 200);
    assert.equal((await httpGet(ip, http, '/hostname')).body, 'netexec-pod');
    assert.deepEqual(await c.exited, { code: 0, signal: null });
    assert.ok(Date.now() - signalled >= 1900, 'exited only after the delay');
  });

  it('finishes a request in flight on SIGTERM', async () => {
    const { c, ip, http } = await netexec();
    const slow = httpGet(ip, http, '/shell?cmd=sleep%200.7%3B%20echo%20finished');
    await new Promise((r) => setTimeout(r, 250));
    c.child.kill('SIGTERM');
    const answer = await slow;
    assert.equal(answer.body, '{"output":"finished\\n"}');
    assert.deepEqual(await c.exited, { code: 0, signal: null });
  });

  it('/exit answers, then exits with the code; /shutdown exits 0 at once', async () => {
    const first = await netexec();
    const answer = await httpGet(first.ip, first.http, '/exit?code=3&timeout=1s');
    assert.equal(answer.status, 200);
    assert.deepEqual(await first.c.exited, { code: 3, signal: null });
    assert.match(
      first.c.output(),
      /Will begin shutdown in 0s, allowing 1s for connections to close, then will exit with 3/,
    );

    const second = await netexec();
    await assert.rejects(httpGet(second.ip, second.http, '/shutdown'));
    assert.deepEqual(await second.c.exited, { code: 0, signal: null });
  });
});

import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { SERVE_HOSTNAME_GRACE_MS } from './agnhost-serve-hostname.js';
import { freePort, httpGet, podIp, startContainer, udpAsk, waitForHttp } from './program-test-helpers.js';

const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost:2.40';

function tcpRead(ip: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = createConnection({ host: ip, port });
    socket.on('data', (c) => {
      text += c.toString();
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('agnhost serve-hostname', () => {
  it('serves the hostname over HTTP and keeps serving after SIGTERM, as upstream', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const c = await startContainer(AGNHOST, {
      ip,
      args: ['serve-hostname', '--port', String(port)],
      env: { HOSTNAME: 'sh-1' },
    });
    assert.equal((await waitForHttp(ip, port, '/whatever')).body, 'sh-1');
    c.child.kill('SIGTERM');
    await c.waitForOutput('Awaiting pod deletion.');
    assert.equal((await httpGet(ip, port, '/')).body, 'sh-1');
    assert.ok(SERVE_HOSTNAME_GRACE_MS === 60_000);
    c.child.kill('SIGKILL');
    await c.exited;
  });

  it('serves raw TCP and UDP, and refuses HTTP together with them', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const c = await startContainer(AGNHOST, {
      ip,
      args: ['serve-hostname', '--http=false', '--tcp', '--udp', `--port=${port}`],
      env: { HOSTNAME: 'raw-1' },
    });
    await c.waitForOutput(`Serving on port ${port}.`);
    assert.equal(await tcpRead(ip, port), 'raw-1');
    assert.equal(await udpAsk(ip, port, 'x'), 'raw-1');
    c.child.kill('SIGKILL');
    await c.exited;

    const both = await startContainer(AGNHOST, { args: ['serve-hostname', '--tcp'] });
    assert.equal((await both.exited).code, 1);
    assert.match(both.output(), /Can't server TCP\/UDP mode and HTTP mode at the same time/);
  });
});

describe('agnhost connect', () => {
  it('exits 0 on success and 1 with REFUSED, UNKNOWN or a usage error otherwise', async () => {
    const ip = podIp();
    const listener = createServer((s) => s.end());
    const open = await new Promise<number>((resolve) =>
      listener.listen(0, ip, () => resolve((listener.address() as { port: number }).port)),
    );
    const closed = await freePort(ip);
    const cases: { args: string[]; code: number; stderr: RegExp }[] = [
      { args: [`${ip}:${open}`, '--timeout=2s'], code: 0, stderr: /^$/ },
      { args: [`${ip}:${closed}`], code: 1, stderr: /^REFUSED\n$/ },
      { args: [`${ip}`], code: 1, stderr: /^UNKNOWN: address 127\.244\.\d+\.\d+: missing port in address\n$/ },
      { args: [], code: 1, stderr: /accepts 1 arg\(s\), received 0/ },
    ];
    for (const { args, code, stderr } of cases) {
      const c = await startContainer(AGNHOST, { args: ['connect', ...args] });
      assert.equal((await c.exited).code, code, args.join(' '));
      assert.match(c.output(), stderr, args.join(' '));
    }
    listener.close();
  });
});

describe('agnhost small subcommands', () => {
  it('pause prints Paused and exits 2 on SIGTERM', async () => {
    const c = await startContainer(AGNHOST);
    await c.waitForOutput('Paused\n');
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, { code: 2, signal: null });
    assert.match(c.output(), /exiting 2\n$/);
  });

  it('liveness is healthy on 8080 at first', async () => {
    const ip = podIp();
    const c = await startContainer(AGNHOST, { ip, args: ['liveness'] });
    const answer = await waitForHttp(ip, 8080, '/healthz');
    assert.deepEqual([answer.status, answer.body], [200, 'ok']);
    c.child.kill('SIGTERM');
    assert.equal((await c.exited).code, 0);
  });

  it('porter serves SERVE_PORT_<n> values', async () => {
    const ip = podIp();
    const port = await freePort(ip);
    const c = await startContainer(AGNHOST, { ip, args: ['porter'], env: { [`SERVE_PORT_${port}`]: 'foo' } });
    assert.equal((await waitForHttp(ip, port)).body, 'foo');
    c.child.kill('SIGKILL');
    await c.exited;
  });

  it('entrypoint-tester prints its argv; unknown subcommands fail', async () => {
    const tester = await startContainer(AGNHOST, { command: ['/agnhost-2', 'entrypoint-tester', 'a', 'b'] });
    assert.equal((await tester.exited).code, 0);
    assert.equal(tester.output(), '[/agnhost-2 entrypoint-tester a b]\n');
    const unknown = await startContainer(AGNHOST, { args: ['frobnicate'] });
    assert.equal((await unknown.exited).code, 1);
    assert.match(unknown.output(), /^Error: unknown command "frobnicate" for "agnhost"/);
    const badFlag = await startContainer(AGNHOST, { args: ['netexec', '--nope'] });
    assert.equal((await badFlag.exited).code, 1);
    assert.match(badFlag.output(), /^Error: unknown flag: --nope/);
  });
});

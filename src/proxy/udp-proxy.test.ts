/** UDP Services through the proxy: per-client sessions over the endpoints, refusal without endpoints, failover. */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { until } from '../client/api-test-helpers.js';
import { gvrServices, type Service } from './kinds.js';
import {
  createService,
  type ProxyTestCluster,
  putSlice,
  service,
  slice,
  startProxyTestCluster,
} from './proxy-test-helpers.js';

const net = '127.244.243';
let tc: ProxyTestCluster;
const sockets: Socket[] = [];

/** A UDP server standing in for a pod: answers each datagram with `<name>:<datagram>`. */
async function udpBackend(ip: string, name: string): Promise<Socket> {
  const s = createSocket('udp4');
  s.on('message', (msg, rinfo) => s.send(`${name}:${msg.toString()}`, rinfo.port, rinfo.address));
  s.bind(5353, ip);
  await once(s, 'listening');
  sockets.push(s);
  return s;
}

/** A connected client socket; `ask` sends a datagram and waits for one answer (or the socket error). */
async function udpClient(ip: string, port: number) {
  const s = createSocket('udp4');
  sockets.push(s);
  s.connect(port, ip);
  await once(s, 'connect');
  const ask = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const onMessage = (msg: Buffer) => {
        s.off('error', onError);
        resolve(msg.toString());
      };
      const onError = (err: Error) => {
        s.off('message', onMessage);
        reject(err);
      };
      s.once('message', onMessage);
      s.once('error', onError);
      s.send(text);
    });
  return { ask };
}

before(async () => {
  tc = await startProxyTestCluster({ proxy: { udpIdleTimeoutMs: 60_000 } });
  await udpBackend(`${net}.1`, 'a');
  await udpBackend(`${net}.2`, 'b');
});

after(async () => {
  await tc?.stop();
  for (const s of sockets) s.close();
});

describe('UDP service proxy', () => {
  it('keeps each client on one endpoint, spreads clients, and refuses without endpoints', async () => {
    await createService(
      tc.client,
      service('dns', { ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 }] }),
    );
    const ip = (await tc.client.resource<Service>(gvrServices, 'default').get('dns')).spec?.clusterIP ?? '';
    await until(() => tc.proxy.served('default/dns').length === 1, 'known');

    const lonely = await udpClient(ip, 53);
    await assert.rejects(lonely.ask('hello'), /ECONNREFUSED/);

    const eps = [{ ip: `${net}.1` }, { ip: `${net}.2` }];
    await putSlice(tc.client, slice('dns-1', 'dns', eps, [{ name: 'dns', port: 5353, protocol: 'UDP' }]));
    await until(() => tc.proxy.served('default/dns')[0]?.frontends[0]?.listening === true, 'listening');

    const one = await udpClient(ip, 53);
    const two = await udpClient(ip, 53);
    const first = await one.ask('q1');
    assert.match(first, /^[ab]:q1$/);
    const who = first.split(':')[0];
    for (let i = 2; i <= 5; i++) assert.equal(await one.ask(`q${i}`), `${who}:q${i}`, 'the same session');
    assert.notEqual((await two.ask('x')).split(':')[0], who, 'the next client goes to the other endpoint');

    // The endpoint leaves: its sessions end and the client's next datagram goes to the remaining one.
    const remaining = eps.find((e) => !e.ip.endsWith(who === 'a' ? '.1' : '.2'));
    await putSlice(
      tc.client,
      slice('dns-1', 'dns', remaining ? [remaining] : [], [{ name: 'dns', port: 5353, protocol: 'UDP' }]),
    );
    await until(() => tc.proxy.served('default/dns')[0]?.backends.length === 1, 'one endpoint');
    assert.notEqual((await one.ask('again')).split(':')[0], who);

    const m = tc.proxy.metrics().services['default/dns'];
    assert.ok((m?.connections ?? 0) >= 3, 'sessions counted');
    assert.ok((m?.bytesIn ?? 0) > 0 && (m?.bytesOut ?? 0) > 0);
  });
});

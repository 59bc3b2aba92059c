import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
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

/** Opens a WebSocket through the ingress; resolves with the socket and its first message. */
function openSocket(port: number, host: string, path: string): Promise<{ ws: WebSocket; first: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host } });
    ws.once('message', (data) => resolve({ ws, first: String(data) }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(String(data))));
}

describe('ingress WebSocket and upgrade pass-through', () => {
  let cluster: IngressTestCluster;
  let pod: PodServer;

  before(async () => {
    cluster = await startIngressTestCluster();
    const { client } = cluster;
    pod = await startPodServer('ws-1', '127.244.233.2');
    await client.resource(gvrServices, ns).create(service(ns, 'chat', { app: 'chat' }));
    await client.resource(gvrServices, ns).create(service(ns, 'idle', { app: 'nobody' }));
    await addPod(client, ns, 'ws-1', { app: 'chat' }, '127.244.233.2');
    const to = (name: string) => ({ service: { name, port: { number: 80 } } });
    await client.resource(gvrIngresses, ns).create(
      ingress(ns, 'chat', {
        rules: [
          {
            host: 'chat.example',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: to('chat') },
                { path: '/idle', pathType: 'Prefix', backend: to('idle') },
              ],
            },
          },
        ],
      }),
    );
    await eventually('route ready', async () => (await get(cluster.httpPort, 'chat.example', '/')).status === 200);
  });

  after(async () => {
    await cluster.stop();
    await pod.close();
  });

  it('joins a WebSocket to the pod both ways, keeping the path', async () => {
    const { ws, first } = await openSocket(cluster.httpPort, 'chat.example', '/room?id=7');
    assert.equal(first, 'hello from ws-1 /room?id=7');
    for (const text of ['one', 'two', 'x'.repeat(200_000)]) {
      ws.send(text);
      assert.equal(await next(ws), `ws-1 echo ${text}`);
    }
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
  });

  it('closes the client side when the pod goes away', async () => {
    const { ws } = await openSocket(cluster.httpPort, 'chat.example', '/');
    const closed = new Promise((resolve) => ws.once('close', resolve));
    // Terminating the pod's sockets (as a pod exiting would) ends the client's.
    pod.kill();
    await closed;
    pod = await startPodServer('ws-1', '127.244.233.2');
  });

  it('answers 503 to an upgrade for a service without endpoints, 404 without a route', async () => {
    await assert.rejects(openSocket(cluster.httpPort, 'chat.example', '/idle'), /status 503/);
    await assert.rejects(openSocket(cluster.httpPort, 'nowhere.example', '/'), /status 404/);
  });
});

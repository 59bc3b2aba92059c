/**
 * A small real API server for the streaming tests: memory store, the HTTPS front with the upgrade hook, the
 * streaming subresources backed by the stand-in node backend, and helpers to make pods Running on 127.244.x.y
 * and to open raw upgrades.
 */
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { inProcessClient } from '../../../client/in-process-client.js';
import type { KubeClient } from '../../../client/types.js';
import { generateClusterPki } from '../../../cluster/pki.js';
import { MemoryStore } from '../../../storage/memory-store.js';
import { ApiHandler } from '../../api-handler.js';
import { tokenAndCertAuthenticator } from '../../auth.js';
import { bootstrapCluster } from '../../bootstrap.js';
import { type ListeningServer, listenHttps } from '../../http-server.js';
import { readPod } from '../pod-reader.js';
import { createStreamingSubresources } from '../subresources.js';
import { upgradeHandler } from '../upgrade-request.js';
import { fakePodBackend } from './fake-pod-backend.js';

export interface StreamingTestServer {
  url: string;
  port: number;
  caPem: string;
  token: string;
  client: KubeClient;
  /** Creates a Running pod (bound to node "n1") with the given IP and containers. */
  runningPod(name: string, ip: string, containers?: string[]): Promise<void>;
  /** Sends an upgrade request; resolves with the 101's socket, or with the refusal. */
  upgrade(
    path: string,
    headers: Record<string, string>,
    method?: string,
  ): Promise<
    { socket: Socket; res: IncomingMessage } | { status: number; body: string; headers: IncomingMessage['headers'] }
  >;
  close(): Promise<void>;
}

export async function startStreamingTestServer(options: { podCheckIntervalMs?: number } = {}) {
  const pki = await generateClusterPki('streaming-test');
  const store = new MemoryStore();
  let port = 0;
  let client: KubeClient | undefined;
  const podIP = async (namespace: string, name: string) =>
    (
      (await client?.resource({ group: '', version: 'v1', resource: 'pods' }, namespace).get(name)) as
        | { status?: { podIP?: string } }
        | undefined
    )?.status?.podIP;
  const backend = fakePodBackend(podIP);
  const handler: ApiHandler = new ApiHandler({
    store,
    serverAddress: () => `127.0.0.1:${port}`,
    subresources: createStreamingSubresources({
      getPod: (namespace, name) => readPod(handler, namespace, name),
      backend: () => backend,
      ...(options.podCheckIntervalMs !== undefined ? { podCheckIntervalMs: options.podCheckIntervalMs } : {}),
    }),
  });
  const listening: ListeningServer = await listenHttps(handler, {
    host: '127.0.0.1',
    port: 0,
    certPem: pki.serverCertPem,
    keyPem: pki.serverKeyPem,
    caPem: pki.caCertPem,
    authenticator: tokenAndCertAuthenticator(
      new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }]]),
    ),
    onUpgrade: upgradeHandler(handler),
  });
  port = listening.port;
  await bootstrapCluster(handler, '127.0.0.1', port);
  client = inProcessClient(handler, { fieldManager: 'test' });
  const pods = client.resource({ group: '', version: 'v1', resource: 'pods' }, 'default');
  const url = `https://127.0.0.1:${port}`;
  const server: StreamingTestServer = {
    url,
    port,
    caPem: pki.caCertPem,
    token: pki.adminToken,
    client,
    async runningPod(name, ip, containers = ['app']) {
      await pods.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { nodeName: 'n1', containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
      });
      const running = { startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
      await pods.patch(
        name,
        'merge',
        {
          status: {
            phase: 'Running',
            podIP: ip,
            podIPs: [{ ip }],
            containerStatuses: containers.map((c) => ({
              name: c,
              image: 'busybox',
              imageID: '',
              ready: true,
              restartCount: 0,
              state: { running },
            })),
          },
        },
        { subresource: 'status' },
      );
    },
    upgrade(path, headers, method = 'POST') {
      return new Promise((resolve, reject) => {
        const req = httpsRequest(`${url}${path}`, {
          method,
          ca: pki.caCertPem,
          headers: { Connection: 'Upgrade', ...headers },
        });
        req.on('upgrade', (res, socket) => resolve({ socket: socket as Socket, res }));
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => {
            body += d.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        });
        req.on('error', reject);
        req.end();
      });
    },
    async close() {
      await listening.close();
      await store.close();
    },
  };
  return server;
}

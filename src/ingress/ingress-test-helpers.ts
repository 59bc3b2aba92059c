/**
 * An in-process cluster for the ingress controller's socket tests: the real API server pipeline over a memory
 * store, bootstrapped like `kubeling up`, the EndpointSlice controller, and the ingress controller with its own
 * client and manager (as `kubeling up` runs it). Pods are played by small HTTP/WebSocket servers the tests start
 * on 127.244.x.y addresses; `addPod` creates the Pod and marks it Ready at that address, as the node agent would.
 */
import { type Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ApiHandler } from '../apiserver/api-handler.js';
import { bootstrapCluster } from '../apiserver/bootstrap.js';
import { recordManagedFields } from '../apiserver/managed-fields-recorder.js';
import { inProcessClient } from '../client/in-process-client.js';
import { startControllers } from '../client/manager.js';
import type { KubeClient } from '../client/types.js';
import { endpointSliceController } from '../controllers/endpointslice/index.js';
import { MemoryStore } from '../storage/memory-store.js';
import { type IngressControllerOptions, ingressController } from './index.js';
import type { Ingress, Service } from './kinds.js';

export const nodeName = 'node-1';
const gvrPods = { group: '', version: 'v1', resource: 'pods' };
const gvrNodes = { group: '', version: 'v1', resource: 'nodes' };
const gvrNamespaces = { group: '', version: 'v1', resource: 'namespaces' };

export interface IngressTestCluster {
  client: KubeClient;
  httpPort: number;
  httpsPort: number | undefined;
  stop(): Promise<void>;
}

const silent = { info() {}, error() {} };

export async function startIngressTestCluster(
  options: Partial<IngressControllerOptions> = {},
  namespaces: string[] = ['dev'],
): Promise<IngressTestCluster> {
  const store = new MemoryStore();
  const handler = new ApiHandler({ store, serverAddress: () => '127.0.0.1:6443', recordManagedFields });
  await bootstrapCluster(handler, '127.0.0.1', 6443);
  const client = inProcessClient(handler, { fieldManager: 'test' });
  await client.resource(gvrNodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName } });
  for (const name of namespaces) {
    await client.resource(gvrNamespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const controllers = await startControllers(
    { client: inProcessClient(handler, { fieldManager: 'kube-controller-manager' }), nodeName, log: silent },
    [endpointSliceController],
  );
  let ports: { httpPort: number; httpsPort: number | undefined } | undefined;
  const ingress = await startControllers(
    { client: inProcessClient(handler, { fieldManager: 'kubeling-ingress' }), nodeName, log: silent },
    [
      {
        name: 'ingress',
        start: ingressController({
          httpPort: 0,
          ...options,
          onListening: (p) => {
            ports = p;
          },
        }),
      },
    ],
  );
  if (!ports) throw new Error('the ingress controller did not start listening');
  return {
    client,
    httpPort: ports.httpPort,
    httpsPort: ports.httpsPort,
    async stop() {
      await ingress.stop();
      await controllers.stop();
      await new Promise((r) => setTimeout(r, 20));
      await store.close();
    },
  };
}

/** Polls `probe` until it returns something other than undefined/false; fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A pod's server: answers `<pod> <method> <url>` and a JSON of the request headers under `/headers`. */
export interface PodServer {
  name: string;
  ip: string;
  port: number;
  server: Server;
  /** Graceful: stop accepting, finish in-flight requests, close idle keep-alive connections. */
  close(): Promise<void>;
  /** Abrupt, like SIGKILL: every connection reset at once. */
  kill(): void;
}

export async function startPodServer(name: string, ip: string, port = 8080): Promise<PodServer> {
  const server = createServer((req, res) => {
    if (req.url === '/headers') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ pod: name, headers: req.headers }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      res.setHeader('x-pod', name);
      res.end(`${name} ${req.method} ${req.url}${body ? ` ${body}` : ''}`);
    });
  });
  const wss = new WebSocketServer({ server });
  // The server's own errors (EADDRINUSE) reject the listen below; the WebSocket server repeats them.
  wss.on('error', () => {});
  wss.on('connection', (ws, req) => {
    ws.send(`hello from ${name} ${req.url}`);
    ws.on('message', (data) => ws.send(`${name} echo ${String(data)}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => resolve());
  });
  return {
    name,
    ip,
    port: (server.address() as AddressInfo).port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
    kill() {
      for (const c of wss.clients) c.terminate();
      server.close();
      server.closeAllConnections();
    },
  };
}

/** Creates a Pod bound to the node and marks it Running and Ready at `ip`, as the node agent would. */
export async function addPod(
  client: KubeClient,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ip: string,
) {
  const pods = client.resource(gvrPods, namespace);
  const pod = await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      nodeName,
      containers: [{ name: 'app', image: 'hello', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await pods.patch(
    name,
    'merge',
    {
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: now },
          { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
        ],
      },
    },
    { subresource: 'status' },
  );
  return pod;
}

export function service(
  namespace: string,
  name: string,
  selector: Record<string, string>,
  ports?: Service['spec'],
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...ports },
  };
}

export function ingress(namespace: string, name: string, spec: NonNullable<Ingress['spec']>): Ingress {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace }, spec };
}

export interface Answer {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
}

/** One request through the ingress (Host header as given). */
export function get(
  port: number,
  host: string,
  path: string,
  options: { method?: string; body?: string; agent?: Agent; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host, ...options.headers },
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

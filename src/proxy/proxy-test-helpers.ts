/**
 * Test support for the service proxy: an in-process API server (memory store) with the system namespaces, the
 * proxy (and optionally the EndpointSlice controller) under the framework's manager, pods made Running/Ready at
 * chosen 127.244.x.y addresses, hand-written EndpointSlices, and tiny TCP servers standing in for pods.
 */
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { ApiHandler } from '../apiserver/api-handler.js';
import { bootstrapCluster } from '../apiserver/bootstrap.js';
import { recordManagedFields } from '../apiserver/managed-fields-recorder.js';
import { GatedHandler } from '../client/api-test-helpers.js';
import type { Controller, Logger } from '../client/framework-types.js';
import { inProcessClient } from '../client/in-process-client.js';
import { type RunningControllers, startControllers } from '../client/manager.js';
import type { KubeClient } from '../client/types.js';
import { endpointSliceController } from '../controllers/endpointslice/index.js';
import { MemoryStore } from '../storage/memory-store.js';
import { type EndpointSlice, gvrEndpointSlices, gvrServices, type Service } from './kinds.js';
import { createServiceProxy, type ServiceProxy, type ServiceProxyOptions } from './service-proxy.js';

export const gvrPods = { group: '', version: 'v1', resource: 'pods' } as const;
const gvrNodes = { group: '', version: 'v1', resource: 'nodes' } as const;
const gvrNamespaces = { group: '', version: 'v1', resource: 'namespaces' } as const;

export interface ProxyTestCluster {
  /** The tests' client (field manager `test`). */
  client: KubeClient;
  proxy: ServiceProxy;
  /** The gate in front of the proxy's own requests (hold its Lease writes, for instance). */
  proxyGate: GatedHandler;
  stop(): Promise<void>;
}

const quiet: Logger = { info: () => {}, error: () => {} };

export interface ProxyTestClusterOptions {
  proxy?: ServiceProxyOptions;
  /** Run the EndpointSlice controller (pods → slices); otherwise tests write slices. */
  endpointSlices?: boolean;
  /** More controllers to run beside it (as kube-controller-manager). */
  controllers?: Controller[];
  /** Bootstrap like `kubeling up` (the `kubernetes` Service) with the API server's port said to be this. */
  apiPort?: number;
  /** Before the controllers start. */
  seed?: (client: KubeClient) => Promise<void>;
}

export async function startProxyTestCluster(options: ProxyTestClusterOptions = {}): Promise<ProxyTestCluster> {
  const store = new MemoryStore();
  const handler = new ApiHandler({ store, serverAddress: () => '127.0.0.1:6443', recordManagedFields });
  const client = inProcessClient(handler, { fieldManager: 'test' });
  if (options.apiPort !== undefined) {
    await bootstrapCluster(handler, '127.0.0.1', options.apiPort);
  } else {
    for (const name of ['default', 'kube-system']) await client.resource(gvrNamespaces).create({ metadata: { name } });
  }
  await client.resource(gvrNodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
  await options.seed?.(client);
  const running: RunningControllers[] = [];
  const controllers = [...(options.endpointSlices ? [endpointSliceController] : []), ...(options.controllers ?? [])];
  if (controllers.length > 0) {
    const kcm = inProcessClient(handler, { fieldManager: 'kube-controller-manager' });
    running.push(await startControllers({ client: kcm, nodeName: 'node-1', log: quiet }, controllers));
  }
  const proxyGate = new GatedHandler(handler);
  const proxy = createServiceProxy({ resyncIntervalMs: 3_600_000, ...options.proxy });
  const proxyClient = inProcessClient(proxyGate, { fieldManager: 'kube-proxy' });
  running.push(
    await startControllers({ client: proxyClient, nodeName: 'node-1', log: quiet }, [
      { name: 'service-proxy', start: proxy.controller as Controller },
    ]),
  );
  return {
    client,
    proxy,
    proxyGate,
    async stop() {
      proxyGate.gate = () => 'pass';
      proxyGate.release();
      for (const r of running.reverse()) await r.stop();
      await store.close();
    },
  };
}

/** A Service (no selector unless given: tests then write its slices). */
export function service(name: string, spec: NonNullable<Service['spec']>, namespace = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

export interface SliceEndpoint {
  ip: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  podUid?: string;
}

/** An EndpointSlice of `serviceName` with the given endpoints and ports. */
export function slice(
  name: string,
  serviceName: string,
  endpoints: SliceEndpoint[],
  ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[],
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: {
        ready: e.ready ?? true,
        serving: e.serving ?? e.ready ?? true,
        terminating: e.terminating ?? false,
      },
      ...(e.podUid ? { targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${e.podUid}`, uid: e.podUid } } : {}),
    })),
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

export async function createService(client: KubeClient, svc: Service): Promise<Service> {
  return client.resource<Service>(gvrServices, svc.metadata.namespace ?? 'default').create(svc);
}

export async function putSlice(client: KubeClient, s: EndpointSlice): Promise<EndpointSlice> {
  const slices = client.resource<EndpointSlice>(gvrEndpointSlices, 'default');
  try {
    const old = await slices.get(s.metadata.name ?? '');
    return await slices.update({
      ...s,
      metadata: { ...s.metadata, resourceVersion: old.metadata.resourceVersion ?? '' },
    });
  } catch (err) {
    if ((err as { reason?: string }).reason !== 'NotFound') throw err;
    return slices.create(s);
  }
}

/** Creates a pod bound to `node-1` and makes it Running and Ready at `ip`; resolves with it. */
export async function readyPod(
  client: KubeClient,
  name: string,
  ip: string,
  labels: Record<string, string>,
  ports: { name: string; containerPort: number }[] = [],
): Promise<Pod & KubeObject> {
  const pods = client.resource<Pod & KubeObject>(gvrPods, 'default');
  await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'hello', ports }] },
  });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
  return pods.patch(
    name,
    'merge',
    {
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        hostIP: '127.0.0.1',
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      },
    },
    { subresource: 'status' },
  );
}

const backendSockets = new WeakMap<Server, Set<Socket>>();

/** A TCP server standing in for a pod: greets each connection with its name, then echoes until the client ends. */
export async function startBackend(ip: string, port: number, name: string): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(`${name}\n`);
    socket.pipe(socket);
  });
  backendSockets.set(server, sockets);
  server.listen(port, ip);
  await once(server, 'listening');
  return server;
}

/** Closes the servers and the connections they still have. */
export async function stopServers(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s.listening) {
            resolve();
            return;
          }
          s.close(() => resolve());
          for (const socket of backendSockets.get(s) ?? []) socket.destroy();
        }),
    ),
  );
}

/** Connects, sends `payload`, half-closes, and resolves with all the server sent (rejects with the socket error). */
export function exchange(ip: string, port: number, payload = '', localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: ip, port, ...(localAddress ? { localAddress } : {}) });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(text));
    socket.on('connect', () => socket.end(payload));
  });
}

/** The name a backend greeted with. */
export async function whoAnswers(ip: string, port: number, localAddress?: string): Promise<string> {
  return (await exchange(ip, port, '', localAddress)).split('\n')[0] ?? '';
}

/** Open file descriptors of this process. */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

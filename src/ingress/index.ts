/**
 * The kubeling ingress controller: serves the Ingresses of class `kubeling` (the default class, created at
 * start) on the host's HTTP port (and HTTPS with SNI when configured), routing straight to ready pod endpoints
 * from EndpointSlices, like ingress-nginx. It sets `status.loadBalancer` on the Ingresses it serves and
 * publishes, after applying every EndpointSlice change, the resourceVersion its routing applies (the data-plane
 * Lease the node agent waits on before stopping a pod).
 */
import { keyOf, runWorkers } from '../client/controller-runner.js';
import { startDataplaneSyncPublisher } from '../client/dataplane-sync.js';
import type { Controller, ControllerContext } from '../client/framework-types.js';
import { createWorkQueue } from '../client/workqueue.js';
import { DataPlane, sliceServiceKeys, slicesByServiceIndex } from './data-plane.js';
import { type Front, startFront } from './http-front.js';
import { ensureIngressClass, isOurIngress } from './ingress-class.js';
import { loadBalancerStatus, reportedAddress, syncIngressStatus } from './ingress-status.js';
import {
  dataplaneComponent,
  type EndpointSlice,
  gvrEndpointSlices,
  gvrIngressClasses,
  gvrIngresses,
  gvrSecrets,
  gvrServices,
  type Ingress,
  type IngressClass,
  ingressFieldManager,
  type Secret,
  type Service,
} from './kinds.js';
import type { ProxyTimeouts } from './proxy-request.js';
import { TlsContexts } from './tls-contexts.js';
import { UpstreamPool } from './upstream-pool.js';
import { UpstreamSockets } from './upstream-sockets.js';

export { type IngressCounter, ingressCounters, resetIngressCounters } from './counters.js';

export interface IngressControllerOptions {
  /** Listen address; default `127.0.0.1`. */
  host?: string;
  /** HTTP port (0 picks a free one). */
  httpPort: number;
  /** HTTPS port; no HTTPS listener when unset. */
  httpsPort?: number;
  /** Attempts per request, the first included; default 3 (`proxy-next-upstream-tries`). */
  tries?: number;
  /** Default 1000 ms: loopback connections are immediate, a slower one is a stuck endpoint. */
  connectTimeoutMs?: number;
  /** Default 60 s (`proxy-read-timeout`). */
  readTimeoutMs?: number;
  /** Serve simple requests on the raw fast path (default true); false: node:http for everything. */
  fastPath?: boolean;
  /** Called once listening, with the bound ports. */
  onListening?: (ports: { httpPort: number; httpsPort: number | undefined }) => void;
}

/** The ingress controller, as a controller for the framework's manager. */
export function ingressController(options: IngressControllerOptions): Controller {
  return (ctx) => startIngress(ctx, options);
}

async function startIngress(ctx: ControllerContext, options: IngressControllerOptions): Promise<void> {
  const client = ctx.client.withFieldManager(ingressFieldManager);
  try {
    await ensureIngressClass(client);
  } catch (err) {
    ctx.log.error('could not create the kubeling IngressClass', { err });
  }
  const ingresses = ctx.informers.informer<Ingress>(gvrIngresses);
  const classes = ctx.informers.informer<IngressClass>(gvrIngressClasses);
  const services = ctx.informers.informer<Service>(gvrServices);
  const slices = ctx.informers.informer<EndpointSlice>(gvrEndpointSlices);
  const secrets = options.httpsPort !== undefined ? ctx.informers.informer<Secret>(gvrSecrets) : undefined;
  slices.addIndex(slicesByServiceIndex, sliceServiceKeys);

  const plane = new DataPlane({ ingresses, classes, services, slices });
  const pool = new UpstreamPool();
  const sockets = new UpstreamSockets();
  const tls = secrets ? new TlsContexts(secrets, () => plane.routes(), ctx.log) : undefined;
  const timeouts: ProxyTimeouts = {
    tries: options.tries ?? 3,
    connectTimeoutMs: options.connectTimeoutMs ?? 1000,
    readTimeoutMs: options.readTimeoutMs ?? 60_000,
  };
  let front: Front | undefined;
  let flushPending = false;
  const publisher = startDataplaneSyncPublisher(client, dataplaneComponent, {
    signal: ctx.signal,
    log: ctx.log,
    idleResourceVersion: () => (flushPending ? undefined : slices.lastResourceVersion()),
  });

  let lastDefaultCert = '';
  const refreshDefaultCertificate = () => {
    const pair = tls?.defaultKeyPair();
    const id = pair ? pair.cert + pair.key : '';
    if (!front || !pair || id === lastDefaultCert) return;
    try {
      front.setDefaultCertificate(pair);
      lastDefaultCert = id;
    } catch (err) {
      ctx.log.error('invalid default TLS certificate', { err });
    }
  };

  /** Applies endpoint (and route) changes, then says so through the data-plane Lease. */
  const flush = () => {
    flushPending = false;
    if (ctx.signal.aborted) return;
    const live = plane.applyEndpointChanges();
    pool.retain(live);
    sockets.retain(live);
    tls?.prune();
    refreshDefaultCertificate();
    publisher.publish(slices.lastResourceVersion());
  };
  const scheduleFlush = () => {
    if (flushPending) return;
    flushPending = true;
    setImmediate(flush);
  };

  const statusQueue = createWorkQueue();
  const onIngress = (ing: Ingress) => {
    plane.invalidateRoutes();
    scheduleFlush();
    statusQueue.add(keyOf(ing));
  };
  ingresses.addHandlers({ add: onIngress, update: (_, ing) => onIngress(ing), delete: onIngress });
  const onRouteInput = () => {
    plane.invalidateRoutes();
    scheduleFlush();
    for (const ing of ingresses.list()) statusQueue.add(keyOf(ing));
  };
  classes.addHandlers({ add: onRouteInput, update: onRouteInput, delete: onRouteInput });
  for (const informer of [services, slices] as const) {
    informer.addHandlers({ add: scheduleFlush, update: scheduleFlush, delete: scheduleFlush });
  }
  secrets?.addHandlers({ add: scheduleFlush, update: scheduleFlush, delete: scheduleFlush });

  await Promise.all([ingresses, classes, services, slices, secrets].map((i) => i?.waitForSync(ctx.signal)));
  front = await startFront({ plane, pool, timeouts, sockets, active: new Set() }, tls, {
    host: options.host ?? '127.0.0.1',
    httpPort: options.httpPort,
    ...(options.fastPath !== undefined ? { fastPath: options.fastPath } : {}),
    ...(options.httpsPort !== undefined ? { httpsPort: options.httpsPort } : {}),
  });
  const running = front;
  ctx.signal.addEventListener(
    'abort',
    () => {
      void running.close().finally(() => pool.destroy());
    },
    { once: true },
  );
  scheduleFlush();
  options.onListening?.({ httpPort: running.httpPort, httpsPort: running.httpsPort });

  const desired = loadBalancerStatus(reportedAddress(options.host ?? '127.0.0.1'), running.httpPort, running.httpsPort);
  void runWorkers({
    name: 'ingress-status',
    queue: statusQueue,
    workers: 1,
    signal: ctx.signal,
    log: ctx.log,
    async reconcile(key) {
      const ing = ingresses.get(key);
      if (!ing || !isOurIngress(ing, classes.list())) return;
      await syncIngressStatus(client, ing, desired);
    },
  });
}

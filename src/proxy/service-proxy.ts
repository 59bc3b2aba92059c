/**
 * The service proxy (kube-proxy for kubeling): informers on Services and EndpointSlices feed a change tracker;
 * each sync recomputes the dirty Services' ports and applies the differences to listeners and balancers at once
 * (no minimum sync period). After each applied sync it publishes, through its data-plane Lease, the newest
 * EndpointSlice resourceVersion its routing reflects, which is what pod termination waits for
 * (src/client/dataplane-sync.ts). It also hands out LoadBalancer addresses.
 */
import { type DataplaneSyncPublisher, startDataplaneSyncPublisher } from '../client/dataplane-sync.js';
import type { Controller, ControllerContext } from '../client/framework-types.js';
import { ChangeTracker, type PendingChange } from './change-tracker.js';
import { Dataplane, type ListenProblem, type ServedPort } from './dataplane.js';
import {
  type EndpointSlice,
  gvrEndpointSlices,
  gvrServices,
  objectKey,
  type Service,
  serviceKeyOfSlice,
} from './kinds.js';
import { loadBalancerFieldManager, startLoadBalancerController } from './load-balancer-controller.js';
import { ProxyMetrics, type ProxyMetricsSnapshot, registerProxyMetrics } from './metrics.js';
import { portBindPolicy } from './privileged-ports.js';
import { desiredServicePorts } from './service-ports.js';
import { defaultTcpForwardOptions } from './tcp-forward.js';
import { defaultUdpIdleTimeoutMs } from './udp-listener.js';

export interface ServiceProxyOptions {
  /** The node's address, where NodePorts listen (default 127.0.0.1). */
  nodeAddress?: string;
  /** Give up a connect after this long and try another endpoint (default 300 ms). */
  connectTimeoutMs?: number;
  /** Endpoints tried per connection at most (default 4). */
  maxConnectAttempts?: number;
  /** UDP sessions end after this long without traffic (default 30 s). */
  udpIdleTimeoutMs?: number;
  /** Which ports this process may bind (default: read from /proc: root, CAP_NET_BIND_SERVICE, sysctl). */
  canBindPort?: (port: number) => boolean;
  /** Full resync period: retries addresses that could not be bound (default 30 s, kube-proxy's syncPeriod). */
  resyncIntervalMs?: number;
  /** The data-plane Lease is `kubeling-dataplane-<component>` (default `proxy`). */
  component?: string;
  /** Assign LoadBalancer addresses (default true). */
  loadBalancerAllocator?: boolean;
}

/** A proxy instance: its controller and, while it runs, what it serves. */
export interface ServiceProxy {
  controller: Controller;
  metrics(): ProxyMetricsSnapshot;
  /** The ports served now, of one Service (`namespace/name`) or all. */
  served(serviceKey?: string): ServedPort[];
  /** The newest EndpointSlice resourceVersion applied (what the Lease says, or is about to). */
  appliedResourceVersion(): string;
}

const sliceIndex = 'kubeling-proxy/by-service';

function listenProblemMessage(p: ListenProblem): string {
  const where = `${p.frontend.ip}:${p.frontend.port}/${p.protocol} (${p.frontend.kind})`;
  switch (p.reason) {
    case 'PortNotAllowed':
      return `Cannot listen on ${where}: ports below 1024 need root. Run kubeling as root (sudo), or choose a port >= 1024`;
    case 'PortInUse':
      return `Cannot listen on ${where}: the address is already in use by another process`;
    default:
      return `Cannot listen on ${where}: ${p.error?.message ?? 'unknown error'}`;
  }
}

export function createServiceProxy(options: ServiceProxyOptions = {}): ServiceProxy {
  const metrics = new ProxyMetrics();
  let dataplane: Dataplane | undefined;
  let applied = '';

  const controller = async (ctx: ControllerContext) => {
    const nodeAddress = options.nodeAddress ?? '127.0.0.1';
    const services = ctx.informers.informer<Service>(gvrServices);
    const slices = ctx.informers.informer<EndpointSlice>(gvrEndpointSlices);
    try {
      slices.addIndex(sliceIndex, (s) => {
        const key = serviceKeyOfSlice(s);
        return key ? [key] : [];
      });
    } catch {
      // Another proxy in this process added the same index.
    }
    const recorder = ctx.recorder('kube-proxy');
    const plane = new Dataplane({
      metrics,
      tcp: {
        connectTimeoutMs: options.connectTimeoutMs ?? defaultTcpForwardOptions.connectTimeoutMs,
        maxAttempts: options.maxConnectAttempts ?? defaultTcpForwardOptions.maxAttempts,
      },
      udpIdleTimeoutMs: options.udpIdleTimeoutMs ?? defaultUdpIdleTimeoutMs,
      canBind: options.canBindPort ?? portBindPolicy(),
      onListenProblem: (p) => {
        ctx.log.error('cannot serve a Service address', { service: p.serviceKey, reason: p.reason, err: p.error });
        const svc = services.get(p.serviceKey);
        if (svc) recorder.event(svc, 'Warning', p.reason, listenProblemMessage(p));
      },
      onRuntimeError: (err) => ctx.log.error('listener error', { err }),
    });
    dataplane = plane;

    let applying = 0;
    let chain: Promise<void> = Promise.resolve();
    let publisher: DataplaneSyncPublisher | undefined;
    const sync = (batch: Map<string, PendingChange>) => {
      const rv = slices.lastResourceVersion();
      const work: Promise<void>[] = [];
      for (const [key, change] of batch) {
        const svc = services.get(key);
        const desired = desiredServicePorts(svc, slices.byIndex(sliceIndex, key), { nodeAddress });
        const done = plane.apply(key, desired);
        metrics.prune(key, svc !== undefined, new Set(desired.flatMap((p) => p.backends.map((b) => b.key))));
        work.push(
          done.then(() => {
            if (change.sliceObservedAt !== undefined)
              metrics.recordPropagation(performance.now() - change.sliceObservedAt);
            if (change.triggerTime !== undefined)
              metrics.recordProgramming(Math.max(0, Date.now() - change.triggerTime));
          }),
        );
      }
      metrics.recordSync();
      applying++;
      const all = Promise.all(work);
      chain = chain
        .then(() => all)
        .then(() => {
          applying--;
          applied = rv;
          publisher?.publish(rv);
        });
    };
    const tracker = new ChangeTracker(sync);
    services.addHandlers({
      add: (svc) => tracker.serviceChanged(objectKey(svc)),
      update: (_old, svc) => tracker.serviceChanged(objectKey(svc)),
      delete: (svc) => tracker.serviceChanged(objectKey(svc)),
    });
    const onSlice = (slice: EndpointSlice) => {
      const key = serviceKeyOfSlice(slice);
      const triggerTime = slice.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'];
      if (key) tracker.sliceChanged(key, triggerTime);
      // A slice of no Service changes no route, but the applied resourceVersion moves on all the same.
      else tracker.touch();
    };
    slices.addHandlers({
      add: onSlice,
      update: (old, slice) => {
        const oldKey = serviceKeyOfSlice(old);
        if (oldKey && oldKey !== serviceKeyOfSlice(slice)) tracker.sliceChanged(oldKey, undefined);
        onSlice(slice);
      },
      delete: onSlice,
    });

    await Promise.all([services.waitForSync(ctx.signal), slices.waitForSync(ctx.signal)]);
    const unregister = registerProxyMetrics(metrics);
    publisher = startDataplaneSyncPublisher(ctx.client, options.component ?? 'proxy', {
      signal: ctx.signal,
      log: ctx.log,
      idleResourceVersion: () =>
        tracker.pendingCount === 0 && applying === 0 ? slices.lastResourceVersion() : undefined,
    });
    tracker.start();
    const resync = setInterval(() => {
      for (const svc of services.list()) tracker.serviceChanged(objectKey(svc));
    }, options.resyncIntervalMs ?? 30_000);
    resync.unref();
    ctx.signal.addEventListener(
      'abort',
      () => {
        clearInterval(resync);
        tracker.stop();
        plane.close();
        unregister();
      },
      { once: true },
    );
    if (options.loadBalancerAllocator ?? true) {
      startLoadBalancerController({
        client: ctx.client,
        services,
        recorder: ctx.recorder(loadBalancerFieldManager),
        log: ctx.log,
        signal: ctx.signal,
      });
    }
    // Returns once the first state is served (the Lease write follows in the background).
    await chain;
  };

  return {
    controller,
    metrics: () => metrics.snapshot(),
    served: (serviceKey) => dataplane?.describe(serviceKey) ?? [],
    appliedResourceVersion: () => applied,
  };
}

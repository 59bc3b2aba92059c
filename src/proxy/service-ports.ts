/**
 * What the proxy should serve for one Service, computed from the Service and its EndpointSlices alone (kube-proxy's
 * ServicePort and endpoint slice cache, in one pure function): per port, the addresses to listen on and the
 * endpoints new connections go to — the ready ones, or the serving-terminating ones when none is ready
 * (KEP-1669). Headless and ExternalName Services have no ports to proxy.
 *
 * Traffic policies: on one node every pod endpoint is node-local, so `Local` and `Cluster` select the same
 * endpoints and are not told apart here.
 */
import type { EndpointSlice, Service } from './kinds.js';

export type ProxyProtocol = 'TCP' | 'UDP';

/** Where a Service port is reachable. */
export type FrontendKind = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIP';

export interface Frontend {
  kind: FrontendKind;
  ip: string;
  port: number;
}

/** An endpoint connections can be sent to. */
export interface Backend {
  ip: string;
  port: number;
  /** `ip:port`, the endpoint's identity in metrics and affinity. */
  key: string;
  /** `namespace/name` of the pod behind it, when the slice says. */
  pod?: string;
}

/** One port of one Service as the proxy serves it (kube-proxy's ServicePortName plus its endpoints). */
export interface ServicePortState {
  /** `namespace/name:portName/protocol`. */
  id: string;
  /** `namespace/name`. */
  serviceKey: string;
  portName: string;
  protocol: ProxyProtocol;
  frontends: Frontend[];
  /** Where new connections go, sorted by key; empty means connections are refused. */
  backends: Backend[];
  /** The backends are serving-terminating endpoints standing in for missing ready ones. */
  fallback: boolean;
  /** `sessionAffinity: ClientIP` timeout; undefined without affinity. */
  affinityTimeoutMs: number | undefined;
}

export interface DesiredStateOptions {
  /** The node's address, where NodePorts listen. */
  nodeAddress: string;
}

/** Kubernetes' `DefaultClientIPServiceAffinitySeconds`. */
export const defaultAffinitySeconds = 10800;

/** Only loopback addresses are bindable on this machine without setup; others are not ours to serve. */
export function isLoopbackIPv4(ip: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

interface EndpointState {
  backend: Backend;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** The endpoints of one named port over all slices, merged by address (a duplicate counts as ready if any is). */
function endpointsForPort(slices: readonly EndpointSlice[], portName: string, protocol: string): EndpointState[] {
  const byKey = new Map<string, EndpointState>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
    if (port?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip) continue;
      const c = ep.conditions ?? {};
      const ready = c.ready ?? true;
      const state: EndpointState = {
        backend: { ip, port: port.port, key: `${ip}:${port.port}` },
        ready,
        serving: c.serving ?? ready,
        terminating: c.terminating ?? false,
      };
      const ref = ep.targetRef;
      if (ref?.kind === 'Pod' && ref.name)
        state.backend.pod = `${ref.namespace ?? slice.metadata.namespace}/${ref.name}`;
      const seen = byKey.get(state.backend.key);
      if (!seen || (!seen.ready && state.ready)) byKey.set(state.backend.key, state);
    }
  }
  return [...byKey.values()].sort((a, b) => (a.backend.key < b.backend.key ? -1 : 1));
}

/** Ready endpoints; when there are none, serving and terminating ones (kube-proxy's CategorizeEndpoints). */
export function selectBackends(endpoints: readonly EndpointState[]): { backends: Backend[]; fallback: boolean } {
  const ready = endpoints.filter((e) => e.ready);
  if (ready.length > 0) return { backends: ready.map((e) => e.backend), fallback: false };
  const fallback = endpoints.filter((e) => e.serving && e.terminating);
  return { backends: fallback.map((e) => e.backend), fallback: fallback.length > 0 };
}

function frontendsOf(svc: Service, port: { port: number; nodePort?: number }, opts: DesiredStateOptions): Frontend[] {
  const spec = svc.spec ?? {};
  const out: Frontend[] = [];
  const clusterIPs = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  for (const ip of clusterIPs) if (isLoopbackIPv4(ip)) out.push({ kind: 'ClusterIP', ip, port: port.port });
  const type = spec.type ?? 'ClusterIP';
  if ((type === 'NodePort' || type === 'LoadBalancer') && port.nodePort) {
    out.push({ kind: 'NodePort', ip: opts.nodeAddress, port: port.nodePort });
  }
  if (type === 'LoadBalancer') {
    for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
      // ipMode Proxy means the load balancer delivers to the node itself; only VIP (the default) is served here.
      if (ingress.ip && isLoopbackIPv4(ingress.ip) && ingress.ipMode !== 'Proxy') {
        out.push({ kind: 'LoadBalancer', ip: ingress.ip, port: port.port });
      }
    }
  }
  for (const ip of spec.externalIPs ?? [])
    if (isLoopbackIPv4(ip)) out.push({ kind: 'ExternalIP', ip, port: port.port });
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.ip}:${f.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The ports to proxy for `svc` (undefined: deleted) given its slices; SCTP ports are not proxied. */
export function desiredServicePorts(
  svc: Service | undefined,
  slices: readonly EndpointSlice[],
  opts: DesiredStateOptions,
): ServicePortState[] {
  const spec = svc?.spec;
  if (!svc || !spec || spec.type === 'ExternalName' || spec.clusterIP === 'None' || !spec.clusterIP) return [];
  const serviceKey = `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
  const affinityTimeoutMs =
    spec.sessionAffinity === 'ClientIP'
      ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? defaultAffinitySeconds) * 1000
      : undefined;
  const out: ServicePortState[] = [];
  for (const port of spec.ports ?? []) {
    const protocol = port.protocol ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP') continue;
    const portName = port.name ?? '';
    const { backends, fallback } = selectBackends(endpointsForPort(slices, portName, protocol));
    out.push({
      id: `${serviceKey}:${portName}/${protocol}`,
      serviceKey,
      portName,
      protocol,
      frontends: frontendsOf(svc, port, opts),
      backends,
      fallback,
      affinityTimeoutMs,
    });
  }
  return out;
}

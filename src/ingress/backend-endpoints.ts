/**
 * The endpoints a Service backend resolves to, read from its EndpointSlices as ingress-nginx does (pod IPs, not
 * the ClusterIP): the Ingress's service port (by number or name) gives the Service port, whose name selects the
 * slice port; endpoints whose `conditions.ready` is false are skipped, so terminating pods leave at once. When
 * nothing is ready, serving-but-terminating endpoints are used rather than none (kube-proxy's fallback, which
 * ingress-nginx lacks). Pure.
 */
import type { EndpointSlice, Service } from './kinds.js';
import type { ServiceBackend } from './route-table.js';

/** One upstream address. */
export interface Endpoint {
  ip: string;
  port: number;
  /** `ip:port` (`[ip]:port` for IPv6): the identity of its connection pool and counters. */
  key: string;
}

function endpointKey(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The Service port an Ingress backend names, or undefined. */
export function servicePortOf(service: Service, port: number | string) {
  const ports = service.spec?.ports ?? [];
  return typeof port === 'number' ? ports.find((p) => p.port === port) : ports.find((p) => p.name === port);
}

/**
 * The upstream endpoints of a backend, sorted by address (deterministic round-robin order); empty when the
 * Service, its port or its ready endpoints are missing. ExternalName Services are not supported (empty).
 */
export function resolveEndpoints(
  backend: ServiceBackend,
  service: Service | undefined,
  slices: readonly EndpointSlice[],
): Endpoint[] {
  if (!service || service.spec?.type === 'ExternalName') return [];
  const servicePort = servicePortOf(service, backend.port);
  if (!servicePort) return [];
  const portName = servicePort.name ?? '';
  const ready = new Map<string, Endpoint>();
  const terminating = new Map<string, Endpoint>();
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const slicePort = (slice.ports ?? []).find(
      (p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number',
    );
    if (!slicePort?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses[0];
      if (!ip) continue;
      const conditions = ep.conditions ?? {};
      const endpoint = { ip, port: slicePort.port, key: endpointKey(ip, slicePort.port) };
      if (conditions.ready !== false) ready.set(endpoint.key, endpoint);
      else if (conditions.serving === true && conditions.terminating === true) terminating.set(endpoint.key, endpoint);
    }
  }
  const chosen = ready.size > 0 ? ready : terminating;
  return [...chosen.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Requests per second from two cumulative traffic snapshots (pure; the meter samples about once a second). */
import type { EndpointTraffic, IngressRates, ServiceRates, TrafficSnapshot, TrafficView } from './traffic.js';

/** What one endpoint counted: requests where they are seen, else connections (the proxy balances those). */
export function hits(e: Pick<EndpointTraffic, 'requests' | 'connections'>): number {
  return Math.max(e.requests, e.connections);
}

interface Count {
  /** `namespace/name` of the Service or Ingress. */
  owner: string;
  /** The endpoint IP (Services) or backend Service name (Ingresses). */
  part: string;
  podName?: string;
  hits: number;
}

/** Counts summed per Service and endpoint IP, and per Ingress and backend Service (several ports add up). */
function counts(snapshot: TrafficSnapshot): { services: Map<string, Count>; ingresses: Map<string, Count> } {
  const add = (map: Map<string, Count>, owner: string, part: string, n: number, podName?: string) => {
    const key = `${owner}\u0000${part}`;
    const c = map.get(key) ?? { owner, part, hits: 0 };
    c.hits += n;
    if (podName) c.podName = podName;
    map.set(key, c);
  };
  const services = new Map<string, Count>();
  for (const s of snapshot.services) {
    for (const e of s.perEndpoint) add(services, `${s.namespace}/${s.name}`, e.ip, hits(e), e.podName);
  }
  const ingresses = new Map<string, Count>();
  for (const i of snapshot.ingresses) {
    for (const e of i.perEndpoint) add(ingresses, `${i.namespace}/${i.name}`, e.service, hits(e));
  }
  return { services, ingresses };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Rates over `seconds` between `prev` (undefined for the first sample: no rate yet) and `next`, with totals
 * from `next`. Services are keyed `namespace/name`, their endpoints by IP; Ingresses by `namespace/name`.
 * A counter lower than before was reset, so all of it is new.
 */
export function trafficRates(
  prev: TrafficSnapshot | undefined,
  next: TrafficSnapshot,
  seconds: number,
): Pick<TrafficView, 'services' | 'ingresses'> {
  const before = prev ? counts(prev) : undefined;
  const now = counts(next);
  const rate = (kind: 'services' | 'ingresses', key: string, c: Count) => {
    if (!before || seconds <= 0) return 0;
    const old = before[kind].get(key)?.hits;
    return round((old === undefined || c.hits < old ? c.hits : c.hits - old) / seconds);
  };
  const services: Record<string, ServiceRates> = {};
  for (const [key, c] of now.services) {
    const view = services[c.owner] ?? { rate: 0, total: 0, endpoints: {} };
    const r = rate('services', key, c);
    view.endpoints[c.part] = { rate: r, total: c.hits, ...(c.podName ? { podName: c.podName } : {}) };
    view.rate = round(view.rate + r);
    view.total += c.hits;
    services[c.owner] = view;
  }
  const ingresses: Record<string, IngressRates> = {};
  for (const [key, c] of now.ingresses) {
    const view = ingresses[c.owner] ?? { rate: 0, total: 0, services: {} };
    const r = rate('ingresses', key, c);
    view.services[c.part] = { rate: r, total: c.hits };
    view.rate = round(view.rate + r);
    view.total += c.hits;
    ingresses[c.owner] = view;
  }
  return { services, ingresses };
}

/** The dashboard's traffic counters, read from the service proxy and the ingress of this process. */
import type { TrafficSnapshot, TrafficSource } from '../dashboard/index.js';
import { ingressCounters } from '../ingress/index.js';
import { serviceProxyMetrics } from '../proxy/index.js';

/** `10.0.0.1:8080` or `[::1]:8080` → the address alone. */
const hostOf = (endpoint: string) => endpoint.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');

export const clusterTrafficSource: TrafficSource = (): TrafficSnapshot => {
  const services = Object.entries(serviceProxyMetrics()?.services ?? {}).map(([key, counters]) => {
    const [namespace = '', name = ''] = key.split('/');
    return {
      namespace,
      name,
      perEndpoint: Object.entries(counters.endpoints).map(([endpoint, c]) => ({
        ip: hostOf(endpoint),
        requests: 0,
        connections: c.connections,
      })),
    };
  });
  const byIngress = new Map<string, TrafficSnapshot['ingresses'][number]>();
  for (const c of ingressCounters()) {
    if (!c.ingress || !c.endpoint) continue;
    const [namespace = '', name = ''] = c.ingress.split('/');
    let entry = byIngress.get(c.ingress);
    if (!entry) {
      entry = { namespace, name, perEndpoint: [] };
      byIngress.set(c.ingress, entry);
    }
    const service = (c.service.split('/')[1] ?? '').split(':')[0] ?? '';
    entry.perEndpoint.push({ service, ip: hostOf(c.endpoint), requests: c.requests, connections: 0 });
  }
  return { services, ingresses: [...byIngress.values()] };
};

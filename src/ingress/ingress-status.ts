/**
 * `status.loadBalancer.ingress` of the Ingresses this controller serves: the address it listens on (so
 * `kubectl get ingress` shows ADDRESS), with the ports when they are not the standard 80/443. Written through
 * the `status` subresource, only when different.
 */
import type { IngressLoadBalancerStatus } from 'kubernetes-types/networking/v1.js';
import type { KubeClient } from '../client/types.js';
import { gvrIngresses, type Ingress } from './kinds.js';

/** The address reported for a listen host: a wildcard bind is reachable on the loopback. */
export function reportedAddress(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** The load-balancer status for the given address and bound ports. */
export function loadBalancerStatus(address: string, httpPort: number, httpsPort?: number): IngressLoadBalancerStatus {
  const standard = httpPort === 80 && (httpsPort === undefined || httpsPort === 443);
  const ports = [{ port: httpPort, protocol: 'TCP' }];
  if (httpsPort !== undefined) ports.push({ port: httpsPort, protocol: 'TCP' });
  const isIp = /^[\d.]+$|:/.test(address);
  const entry = isIp ? { ip: address } : { hostname: address };
  return { ingress: [standard ? entry : { ...entry, ports }] };
}

/** Sets the Ingress's load-balancer status unless it already says so; resolves whether it wrote. */
export async function syncIngressStatus(
  client: KubeClient,
  ing: Ingress,
  desired: IngressLoadBalancerStatus,
): Promise<boolean> {
  if (JSON.stringify(ing.status?.loadBalancer ?? {}) === JSON.stringify(desired)) return false;
  await client
    .resource<Ingress>(gvrIngresses, ing.metadata.namespace ?? '')
    .patch(ing.metadata.name ?? '', 'merge', { status: { loadBalancer: desired } }, { subresource: 'status' });
  return true;
}

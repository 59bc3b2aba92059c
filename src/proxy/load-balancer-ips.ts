/**
 * LoadBalancer addresses from 127.240.0.0/16 (what MetalLB or `minikube tunnel` do on a real cluster): a
 * requested `spec.loadBalancerIP` when free and in range, otherwise a random free address.
 */
import { randomInt } from 'node:crypto';

export const loadBalancerCidr = { base: ipToInt('127.240.0.0'), size: 1 << 16, text: '127.240.0.0/16' };

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Inside the range, network and broadcast addresses excluded. */
export function inLoadBalancerRange(ip: string | undefined): ip is string {
  if (!ip || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return false;
  const offset = ipToInt(ip) - loadBalancerCidr.base;
  return offset > 0 && offset < loadBalancerCidr.size - 1;
}

export type Allocation = { ip: string } | { error: string };

/** An address for a Service, given those other Services hold. */
export function allocateLoadBalancerIP(used: ReadonlySet<string>, requested?: string): Allocation {
  if (requested) {
    if (!inLoadBalancerRange(requested)) {
      return { error: `requested IP ${requested} is not in the load balancer range ${loadBalancerCidr.text}` };
    }
    if (used.has(requested)) return { error: `requested IP ${requested} is already assigned to another Service` };
    return { ip: requested };
  }
  const last = loadBalancerCidr.size - 2;
  for (let i = 0; i < 64; i++) {
    const ip = intToIp(loadBalancerCidr.base + 1 + randomInt(last));
    if (!used.has(ip)) return { ip };
  }
  for (let offset = 1; offset <= last; offset++) {
    const ip = intToIp(loadBalancerCidr.base + offset);
    if (!used.has(ip)) return { ip };
  }
  return { error: `no address left in ${loadBalancerCidr.text}` };
}

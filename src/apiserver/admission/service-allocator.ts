/**
 * ClusterIP and NodePort allocation for Services (kube-apiserver's service REST allocators), derived from the
 * stored Services: no separate bitmap to drift. ClusterIPs come from 127.96.0.0/16 with Kubernetes' static and
 * dynamic bands (KEP-3070): requested IPs should come from the low band, random allocation prefers the high one.
 * NodePorts from 30000-32767, with the KEP-3668 band split.
 */
import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import { type FieldError, invalid } from '../../api/status-error.js';
import type { Store } from '../../storage/store.js';

export const serviceCidr = { base: ipToInt('127.96.0.0'), size: 1 << 16, text: '127.96.0.0/16' };
export const nodePortRange = { base: 30000, size: 2768, text: '30000-32767' };

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function isIPv4(s: string): boolean {
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);
}

/** The first usable address (network + 1) is reserved for the `kubernetes` Service. */
export const kubernetesServiceIP = intToIp(serviceCidr.base + 1);

interface ServiceSpecView {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { nodePort?: number; port?: number; protocol?: string }[];
}

function specOf(svc: KubeObject): ServiceSpecView {
  svc.spec ??= {};
  return svc.spec as ServiceSpecView;
}

async function usedAddresses(store: Store, exceptKey: string | undefined) {
  const listed = await store.list('/registry/core/services/');
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const kv of listed.items) {
    if (kv.key === exceptKey) continue;
    const spec = (JSON.parse(kv.value) as { spec?: ServiceSpecView }).spec ?? {};
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

function pickFree(
  size: number,
  lowBand: number,
  isUsed: (offset: number) => boolean,
  first: number,
): number | undefined {
  // Dynamic allocation: random in the upper band, then the lower band (Kubernetes' order).
  const bands: [number, number][] = [
    [lowBand, size],
    [first, lowBand],
  ];
  for (const [from, to] of bands) {
    if (to <= from) continue;
    for (let i = 0; i < 64; i++) {
      const candidate = from + randomInt(to - from);
      if (!isUsed(candidate)) return candidate;
    }
    for (let candidate = from; candidate < to; candidate++) if (!isUsed(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Fills in `spec.clusterIP(s)` and `nodePort`s of a Service being created or updated, honouring requested
 * values when they are free and in range (422 otherwise, worded as kube-apiserver does).
 */
export async function allocateServiceAddresses(
  svc: KubeObject,
  old: KubeObject | undefined,
  store: Store,
  key: string,
): Promise<void> {
  const spec = specOf(svc);
  const name = svc.metadata.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const errors: FieldError[] = [];
  const used = await usedAddresses(store, key);
  const oldSpec = old ? specOf(old) : undefined;

  if (type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (spec.clusterIP !== 'None') {
    const requested = spec.clusterIP || spec.clusterIPs?.[0] || '';
    const kept = oldSpec?.clusterIP && oldSpec.clusterIP !== 'None' ? oldSpec.clusterIP : '';
    if (requested && requested !== kept) {
      const n = ipToInt(requested);
      if (!isIPv4(requested)) {
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs[0]',
          badValue: requested,
          detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        });
      } else if (n <= serviceCidr.base || n >= serviceCidr.base + serviceCidr.size - 1) {
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          badValue: [requested],
          detail: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${serviceCidr.text}`,
        });
      } else if (used.ips.has(requested)) {
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          badValue: [requested],
          detail: `failed to allocate IP ${requested}: provided IP is already allocated`,
        });
      }
      spec.clusterIP = requested;
    } else if (kept) {
      spec.clusterIP = kept;
    } else if (!requested) {
      const lowBand = Math.min(Math.max(16, serviceCidr.size / 16), 256);
      const offset = pickFree(serviceCidr.size - 1, lowBand + 1, (o) => used.ips.has(intToIp(serviceCidr.base + o)), 2);
      if (offset === undefined) {
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          badValue: [],
          detail: 'failed to allocate a serviceIP: range is full',
        });
      } else {
        spec.clusterIP = intToIp(serviceCidr.base + offset);
      }
    }
    if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
  } else {
    spec.clusterIPs = ['None'];
  }

  if (type === 'NodePort' || type === 'LoadBalancer') {
    const taken = new Set(used.ports);
    const oldPorts = new Set((oldSpec?.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
    (spec.ports ?? []).forEach((p, i) => {
      if (p.nodePort) {
        const inRange = p.nodePort >= nodePortRange.base && p.nodePort < nodePortRange.base + nodePortRange.size;
        if (!inRange) {
          errors.push({
            type: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            badValue: p.nodePort,
            detail: `provided port is not in the valid range. The range of valid ports is ${nodePortRange.text}`,
          });
        } else if (taken.has(p.nodePort) && !oldPorts.has(p.nodePort)) {
          errors.push({
            type: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            badValue: p.nodePort,
            detail: 'provided port is already allocated',
          });
        }
        taken.add(p.nodePort);
        return;
      }
      const lowBand = Math.min(Math.max(16, Math.floor(nodePortRange.size / 32)), 128);
      const offset = pickFree(nodePortRange.size, lowBand, (o) => taken.has(nodePortRange.base + o), 0);
      if (offset === undefined) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `spec.ports[${i}].nodePort`,
          badValue: 0,
          detail: 'failed to allocate a nodePort: range is full',
        });
        return;
      }
      p.nodePort = nodePortRange.base + offset;
      taken.add(p.nodePort);
    });
  } else {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (errors.length > 0) throw invalid('', 'Service', name, errors);
}

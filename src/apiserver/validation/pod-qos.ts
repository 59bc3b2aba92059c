/** A pod's QoS class as kube-apiserver computes it for the "Pod QoS is immutable" check (`ComputePodQOS`). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { compareQuantity, parseQuantity, type Quantity, quantitySign } from './quantity.js';

function add(total: Map<string, Quantity>, name: string, q: Quantity): void {
  const prev = total.get(name);
  if (!prev) {
    total.set(name, q);
    return;
  }
  const s = Math.min(prev.scale, q.scale);
  const num = prev.num * 10n ** BigInt(prev.scale - s) + q.num * 10n ** BigInt(q.scale - s);
  total.set(name, { num, scale: s, format: prev.format });
}

/** `useStatus`: take `status.qosClass` when set (Go's `GetPodQOS` on the stored pod). */
export function podQOSClass(pod: Pod, useStatus: boolean): string {
  if (useStatus && pod.status?.qosClass) return pod.status.qosClass;
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const found = new Set<string>();
    for (const [list, total, track] of [
      [c.resources?.requests, requests, false],
      [c.resources?.limits, limits, true],
    ] as const) {
      for (const name of ['cpu', 'memory']) {
        const q = parseQuantity(list?.[name]);
        if (!q || quantitySign(q) <= 0) continue;
        add(total, name, q);
        if (track) found.add(name);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

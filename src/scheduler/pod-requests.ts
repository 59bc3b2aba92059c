/**
 * What a pod asks of a node (k8s.io/component-helpers `resource.PodRequests`, without pod-level resources):
 * the sum of the app containers, raised to the largest init container (sidecars add up), plus the overhead.
 * CPU is counted in millicores, everything else in whole units (bytes for memory).
 */
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import { quantityMilliValue, quantityValue } from './quantity.js';

/** Resource name → amount (`cpu` in millicores). */
export type ResourceAmounts = Record<string, number>;

/** `cpu` in millicores, any other resource in units; unparsable quantities count as 0. */
export function amountsOf(list: Readonly<Record<string, unknown>> | undefined): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const [name, q] of Object.entries(list ?? {})) {
    out[name] = (name === 'cpu' ? quantityMilliValue(q) : quantityValue(q)) ?? 0;
  }
  return out;
}

/** Adds `b` into `a`. */
export function addAmounts(a: ResourceAmounts, b: ResourceAmounts): void {
  for (const [name, v] of Object.entries(b)) a[name] = (a[name] ?? 0) + v;
}

/** Raises every resource of `a` to at least its amount in `b`. */
function maxAmounts(a: ResourceAmounts, b: ResourceAmounts): void {
  for (const [name, v] of Object.entries(b)) a[name] = Math.max(a[name] ?? 0, v);
}

function requestsOf(c: Container): ResourceAmounts {
  return amountsOf(c.resources?.requests);
}

/** The pod's effective requests, as the scheduler accounts them. */
export function podRequests(spec: PodSpec | undefined): ResourceAmounts {
  const reqs: ResourceAmounts = {};
  for (const c of spec?.containers ?? []) addAmounts(reqs, requestsOf(c));
  const sidecars: ResourceAmounts = {};
  const initMax: ResourceAmounts = {};
  for (const c of spec?.initContainers ?? []) {
    const own = requestsOf(c);
    if (c.restartPolicy === 'Always') {
      addAmounts(reqs, own);
      addAmounts(sidecars, own);
      maxAmounts(initMax, sidecars);
    } else {
      const withSidecars = { ...own };
      addAmounts(withSidecars, sidecars);
      maxAmounts(initMax, withSidecars);
    }
  }
  maxAmounts(reqs, initMax);
  const overhead = spec?.overhead as Record<string, unknown> | undefined;
  if (overhead) addAmounts(reqs, amountsOf(overhead));
  return reqs;
}

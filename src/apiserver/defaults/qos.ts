/** The QoS class of a pod, as Kubernetes' `qos.GetPodQOS` computes it (quantities compared by value). */
import type { KubeObject } from '../../api/object.js';
import { existingObject, objectItems } from './json.js';
import { addQuantities, compareQuantities, parseQuantity, type Quantity, zeroQuantity } from './quantity.js';

const computeResources = new Set(['cpu', 'memory']);

/** The positive cpu and memory quantities of a resource list. */
function positive(list: Readonly<Record<string, unknown>> | undefined): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (!computeResources.has(name)) continue;
    const q =
      typeof raw === 'string' ? parseQuantity(raw) : typeof raw === 'number' ? parseQuantity(String(raw)) : undefined;
    if (q && compareQuantities(q, zeroQuantity) > 0) out.push([name, q]);
  }
  return out;
}

function addTo(sum: Map<string, Quantity>, name: string, q: Quantity): void {
  const have = sum.get(name);
  sum.set(name, have ? addQuantities(have, q) : q);
}

/**
 * Guaranteed when every container (init containers included) has cpu and memory limits and the summed
 * requests equal the summed limits; BestEffort when no container requests or limits cpu or memory;
 * Burstable otherwise. Expects a defaulted pod (requests already filled in from limits).
 */
export function podQosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = existingObject(pod, 'spec');
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const container of [...objectItems(spec, 'containers'), ...objectItems(spec, 'initContainers')]) {
    const resources = existingObject(container, 'resources');
    for (const [name, q] of positive(existingObject(resources, 'requests'))) addTo(requests, name, q);
    const found = new Set<string>();
    for (const [name, q] of positive(existingObject(resources, 'limits'))) {
      found.add(name);
      addTo(limits, name, q);
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (!limit || compareQuantities(limit, request) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

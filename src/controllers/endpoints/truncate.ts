/**
 * Endpoints capacity (k/k `endpoints_controller.go` `truncateEndpoints`, `capacityAnnotationSetCorrectly`):
 * at most 1000 addresses; beyond that, subsets are cut in proportion to their size, ready addresses first,
 * and the object is annotated `endpoints.kubernetes.io/over-capacity: truncated`.
 */
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';

export const maxCapacity = 1000;
export const annotationOverCapacity = 'endpoints.kubernetes.io/over-capacity';
export const truncatedValue = 'truncated';

function count(subsets: readonly EndpointSubset[]): { ready: number; notReady: number } {
  let ready = 0;
  let notReady = 0;
  for (const s of subsets) {
    ready += s.addresses?.length ?? 0;
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  return { ready, notReady };
}

/** Subsets cut to `capacity` addresses (undefined when they fit). */
export function truncateSubsets(
  subsets: readonly EndpointSubset[],
  capacity = maxCapacity,
): EndpointSubset[] | undefined {
  const { ready, notReady } = count(subsets);
  if (ready + notReady <= capacity) return undefined;
  const truncateReady = ready > capacity;
  const max = truncateReady ? capacity : capacity - ready;
  const total = truncateReady ? ready : notReady;
  let canBeAdded = max;
  const out = subsets.map((s) => {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / total) * max), canBeAdded);
    const cut: EndpointSubset = { ...s };
    if (truncateReady) {
      const kept = (s.addresses ?? []).slice(0, toBeAdded);
      canBeAdded -= kept.length;
      delete cut.notReadyAddresses;
      if (kept.length > 0) cut.addresses = kept;
      else delete cut.addresses;
    } else {
      const kept = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= kept.length;
      if (kept.length > 0) cut.notReadyAddresses = kept;
      else delete cut.notReadyAddresses;
    }
    return cut;
  });
  // A subset left without addresses would not validate.
  return out.filter((s) => (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0) > 0);
}

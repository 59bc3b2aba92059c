/**
 * What makes the EndpointSlice controller sync a Service (k/k `endpointslice_controller.go` handlers): the
 * Service itself, a pod change that may alter its endpoints or its membership, and a change to one of its
 * slices that this controller did not make.
 */
import type { Informer, WorkQueue } from '../../client/framework-types.js';
import { type EndpointSlice, endpointSliceControllerName, labelManagedBy, type Pod, type Service } from './kinds.js';
import type { RecentWrites } from './recent-writes.js';
import { objectKey, servicesMatching, servicesToUpdateOnPodChange } from './service-membership.js';
import type { SliceGenerations } from './slice-generations.js';
import { serviceKeyOfSlice } from './slice-meta.js';

/** `endpointSliceChangeMinSyncDelay`: how long to wait before acting on someone else's slice change. */
export const sliceChangeSyncDelayMs = 1000;

export interface SliceHandlerDeps {
  services: Informer<Service>;
  pods: Informer<Pod>;
  slices: Informer<EndpointSlice>;
  queue: WorkQueue;
  recent: RecentWrites<EndpointSlice>;
  generations: SliceGenerations;
}

const managedByUs = (slice: EndpointSlice) => slice.metadata.labels?.[labelManagedBy] === endpointSliceControllerName;

/** Registers the handlers on the three informers. Pod changes are queued at once (no batching delay). */
export function registerSliceHandlers(deps: SliceHandlerDeps): void {
  const { queue } = deps;
  const servicesOf = (pod: Pod) => deps.services.list(pod.metadata.namespace ?? '');
  const queueSlice = (slice: EndpointSlice) => {
    const key = serviceKeyOfSlice(slice);
    if (key !== undefined) queue.addAfter(key, sliceChangeSyncDelayMs);
  };

  deps.services.addHandlers({
    add: (svc) => queue.add(objectKey(svc)),
    update: (_old, svc) => queue.add(objectKey(svc)),
    delete: (svc) => queue.add(objectKey(svc)),
  });

  const podAdded = (pod: Pod) => {
    for (const key of servicesMatching(servicesOf(pod), pod.metadata.labels)) queue.add(key);
  };
  deps.pods.addHandlers({
    add: podAdded,
    update: (oldPod, newPod) => {
      for (const key of servicesToUpdateOnPodChange(servicesOf(newPod), oldPod, newPod)) queue.add(key);
    },
    delete: podAdded,
  });

  deps.slices.addHandlers({
    add: (slice) => {
      deps.recent.observed(slice);
      if (managedByUs(slice) && deps.generations.shouldSync(slice)) queueSlice(slice);
    },
    update: (oldSlice, slice) => {
      deps.recent.observed(slice);
      if (serviceKeyOfSlice(oldSlice) !== serviceKeyOfSlice(slice)) {
        queueSlice(slice);
        queueSlice(oldSlice);
        return;
      }
      const managedByChanged = managedByUs(oldSlice) !== managedByUs(slice);
      if (managedByChanged || (managedByUs(slice) && deps.generations.shouldSync(slice))) queueSlice(slice);
    },
    delete: (slice) => {
      deps.recent.observedDelete(slice);
      // A deletion we did not ask for: put the slice back.
      if (managedByUs(slice) && !deps.generations.handleDeletion(slice)) queueSlice(slice);
    },
  });
}

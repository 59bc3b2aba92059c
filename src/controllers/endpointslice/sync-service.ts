/**
 * One sync of one Service (k/k `pkg/controller/endpointslice/endpointslice_controller.go` `syncService` and
 * eps `reconciler.go` `finalize`): read the caches, plan with `reconcileSlices`, write the plan.
 */
import { selectorFromSet } from '../../api/labels/index.js';
import { StatusError } from '../../api/status-error.js';
import type { EventRecorder, Informer } from '../../client/framework-types.js';
import { isConflict, isNotFound } from '../../client/status-decode.js';
import type { KubeClient } from '../../client/types.js';
import {
  type EndpointSlice,
  endpointSliceControllerName,
  gvrEndpointSlices,
  labelManagedBy,
  type Node,
  type Pod,
  type Service,
} from './kinds.js';
import { isControllerManagedService, serviceSelector } from './pod-endpoint.js';
import type { RecentWrites } from './recent-writes.js';
import { reconcileSlices } from './reconcile-slices.js';
import { objectKey } from './service-membership.js';
import type { SliceGenerations } from './slice-generations.js';
import { serviceKeyOfSlice } from './slice-meta.js';
import type { TriggerTimeTracker } from './trigger-time-tracker.js';

/** The slices informer index: `namespace/service` of slices this controller manages. */
export const slicesByServiceIndex = 'endpointslice-controller/service';

export function sliceServiceIndexValues(slice: EndpointSlice): string[] {
  if (slice.metadata.labels?.[labelManagedBy] !== endpointSliceControllerName) return [];
  const key = serviceKeyOfSlice(slice);
  return key === undefined ? [] : [key];
}

export interface SliceSyncDeps {
  /** Writes as field manager `endpointslice-controller`. */
  client: KubeClient;
  services: Informer<Service>;
  pods: Informer<Pod>;
  slices: Informer<EndpointSlice>;
  nodes: Informer<Node>;
  recent: RecentWrites<EndpointSlice>;
  generations: SliceGenerations;
  triggerTimes: TriggerTimeTracker;
  recorder: EventRecorder;
  maxEndpointsPerSlice: number;
}

/** The pods of the Service's namespace its selector matches. */
export function podsForService(pods: Informer<Pod>, service: Service): Pod[] {
  const selector = selectorFromSet(serviceSelector(service));
  return pods.list(service.metadata.namespace ?? '').filter((p) => selector.matches(p.metadata.labels));
}

/** The Service's slices as we last know them (the informer, read through our own recent writes). */
function currentSlices(deps: SliceSyncDeps, serviceKey: string): EndpointSlice[] {
  const out: EndpointSlice[] = [];
  const seen = new Set<string>();
  for (const cached of deps.slices.byIndex(slicesByServiceIndex, serviceKey)) {
    const key = objectKey(cached);
    seen.add(key);
    const slice = deps.recent.resolve(key, cached);
    if (slice !== undefined) out.push(slice);
  }
  const ours = (s: EndpointSlice) => sliceServiceIndexValues(s)[0] === serviceKey && !seen.has(objectKey(s));
  out.push(...deps.recent.written(ours));
  // Slices being deleted would only get in the way (upstream `dropEndpointSlicesPendingDeletion`).
  return out.filter((s) => !s.metadata.deletionTimestamp);
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function writePlan(
  deps: SliceSyncDeps,
  service: Service,
  existing: readonly EndpointSlice[],
  plan: ReturnType<typeof reconcileSlices>,
): Promise<void> {
  const api = deps.client.resource<EndpointSlice>(gvrEndpointSlices, service.metadata.namespace ?? '');
  const byName = new Map(existing.map((s) => [s.metadata.name ?? '', s]));
  for (const slice of plan.create) {
    try {
      const created = await api.create(slice);
      deps.recent.wrote(undefined, created);
      deps.generations.update(created);
    } catch (err) {
      // Creates keep failing in a namespace being deleted: drop the work.
      if (isNamespaceTerminating(err)) return;
      throw err;
    }
  }
  for (const slice of plan.update) {
    const updated = await api.update(slice);
    deps.recent.wrote(byName.get(slice.metadata.name ?? ''), updated);
    deps.generations.update(updated);
  }
  for (const slice of plan.delete) {
    try {
      await api.delete(slice.metadata.name ?? '');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    deps.recent.deleted(slice);
    deps.generations.expectDeletion(slice);
  }
}

/** Reconciles the slices of the Service `key` (`namespace/name`); throws to be retried. */
export async function syncService(deps: SliceSyncDeps, key: string): Promise<void> {
  const service = deps.services.get(key);
  if (service === undefined) {
    // Its slices go with it (owner references); only our bookkeeping is left to drop.
    const [namespace = '', name = ''] = key.split('/');
    deps.triggerTimes.deleteService(namespace, name);
    deps.generations.deleteService(namespace, name);
    return;
  }
  if (!isControllerManagedService(service)) return;

  const pods = podsForService(deps.pods, service);
  const existing = currentSlices(deps, key);
  const triggerTime = deps.triggerTimes.compute(service, pods);
  const plan = reconcileSlices({
    service,
    pods,
    existing,
    nodeOf: (name) => deps.nodes.get(name),
    triggerTime,
    maxEndpointsPerSlice: deps.maxEndpointsPerSlice,
  });
  try {
    await writePlan(deps, service, existing, plan);
  } catch (err) {
    if (!isConflict(err)) {
      deps.recorder.event(
        { ...service, apiVersion: 'v1', kind: 'Service' },
        'Warning',
        'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${key}: ${message(err)}`,
      );
    }
    throw err;
  }
  if (plan.skippedPods.length > 0) {
    throw new Error(`skipping pods ${plan.skippedPods.join(', ')} for Service ${key}: their Node is not known`);
  }
}

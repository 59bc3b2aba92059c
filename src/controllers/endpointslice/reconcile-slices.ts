/**
 * The EndpointSlice reconciler as a pure function (eps `reconciler.go` `Reconcile`, `reconcileByAddressType`,
 * `finalize`): from a Service, its pods and its current slices to the slices to create, update and delete.
 */
import { EndpointSet } from './endpoint-set.js';
import { endpointPorts, portMapKey } from './find-port.js';
import {
  annotationLastChangeTriggerTime,
  defaultMaxEndpointsPerSlice,
  type EndpointSlice,
  type Node,
  type Pod,
  type Service,
} from './kinds.js';
import { type AddressType, podToEndpoint, shouldPodBeInEndpoints } from './pod-endpoint.js';
import { type PortMapping, reconcileByPortMapping, type SliceChanges } from './reconcile-port-mapping.js';
import { addressTypesForService, newEndpointSlice, ownedBy } from './slice-meta.js';

export interface ReconcileInput {
  service: Service;
  /** The pods the Service's selector matches. */
  pods: readonly Pod[];
  /** The slices of this Service managed by this controller, without those being deleted. */
  existing: readonly EndpointSlice[];
  /**
   * Looks up a pod's Node. When given, pods on an unknown Node are left out (unless the Service publishes
   * not-ready addresses) and reported in `skippedPods`, as upstream does.
   */
  nodeOf?: (name: string) => Node | undefined;
  /** The `last-change-trigger-time` to stamp on written slices; undefined removes it. */
  triggerTime?: Date | undefined;
  maxEndpointsPerSlice?: number;
  controllerName?: string;
}

export interface ReconcilePlan extends SliceChanges {
  /** `namespace/name` of pods left out because their Node is unknown: retry later. */
  skippedPods: string[];
}

/** Go's `time.RFC3339Nano` in UTC: fractional seconds without trailing zeros. */
export function formatRFC3339Nano(time: Date): string {
  return time.toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

/** `placeholderSliceCompare`: an empty slice with no ports, the same address type, namespace and labels. */
function isPlaceholderFor(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  const a = slice.metadata.labels ?? {};
  const b = placeholder.metadata.labels ?? {};
  return (
    (slice.metadata.namespace ?? '') === (placeholder.metadata.namespace ?? '') &&
    slice.addressType === placeholder.addressType &&
    slice.endpoints.length === 0 &&
    (slice.ports ?? []).length === 0 &&
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([k, v]) => Object.hasOwn(b, k) && b[k] === v)
  );
}

function reconcileAddressType(
  input: ReconcileInput,
  addressType: AddressType,
  existing: readonly EndpointSlice[],
  skippedPods: string[],
): SliceChanges {
  const { service } = input;
  const max = input.maxEndpointsPerSlice ?? defaultMaxEndpointsPerSlice;
  const changes: SliceChanges = { create: [], update: [], delete: [] };

  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, service)) {
      changes.delete.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }

  const desired = new Map<string, { mapping: PortMapping; endpoints: EndpointSet }>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (group === undefined) {
      group = { mapping: { ports, addressType }, endpoints: new EndpointSet() };
      desired.set(key, group);
    }
    const nodeName = pod.spec?.nodeName ?? '';
    const node = input.nodeOf?.(nodeName);
    if (input.nodeOf !== undefined && node === undefined && !service.spec?.publishNotReadyAddresses) {
      skippedPods.push(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
      continue;
    }
    const ep = podToEndpoint(pod, node, service, addressType);
    if (ep.addresses.length > 0) group.endpoints.insert(ep);
  }

  for (const [key, group] of desired) {
    const c = reconcileByPortMapping(
      service,
      existingByPorts.get(key) ?? [],
      group.endpoints,
      group.mapping,
      max,
      input.controllerName,
    );
    changes.create.push(...c.create);
    changes.update.push(...c.update);
    changes.delete.push(...c.delete);
  }
  for (const [key, slices] of existingByPorts) {
    if (!desired.has(key)) changes.delete.push(...slices);
  }

  // Keep one empty slice when there would be none.
  if (existing.length === changes.delete.length && changes.create.length === 0) {
    const placeholder = newEndpointSlice(service, [], addressType, input.controllerName);
    const [only] = changes.delete;
    if (changes.delete.length === 1 && only !== undefined && isPlaceholderFor(only, placeholder)) {
      changes.delete = [];
    } else {
      changes.create.push(placeholder);
    }
  }
  return finalize(service, changes);
}

/** `finalize`: turn creates into updates of slices this Service owns that would be deleted. */
function finalize(service: Service, changes: SliceChanges): SliceChanges {
  const create = [...changes.create];
  const update = [...changes.update];
  const remaining: EndpointSlice[] = [];
  for (const old of changes.delete) {
    const slice = create.at(-1);
    if (slice !== undefined && old.addressType === slice.addressType && ownedBy(old, service)) {
      create.pop();
      slice.metadata.name = old.metadata.name ?? '';
      delete slice.metadata.generateName;
      if (old.metadata.resourceVersion !== undefined) slice.metadata.resourceVersion = old.metadata.resourceVersion;
      update.push(slice);
    } else {
      remaining.push(old);
    }
  }
  return { create, update, delete: remaining };
}

function stampTriggerTime(slice: EndpointSlice, triggerTime: Date | undefined): void {
  const annotations = { ...(slice.metadata.annotations ?? {}) };
  if (triggerTime !== undefined) annotations[annotationLastChangeTriggerTime] = formatRFC3339Nano(triggerTime);
  else delete annotations[annotationLastChangeTriggerTime];
  slice.metadata.annotations = annotations;
}

/**
 * The slices to create, update and delete so that the Service's ready, serving and terminating pods are
 * listed, grouped by address type and resolved port set, at most `maxEndpointsPerSlice` per slice. Nothing
 * is returned for slices that already match. No slices are created for a Service being deleted.
 */
export function reconcileSlices(input: ReconcileInput): ReconcilePlan {
  const supported = addressTypesForService(input.service);
  const plan: ReconcilePlan = { create: [], update: [], delete: [], skippedPods: [] };
  const byType = new Map<string, EndpointSlice[]>();
  // A slice written by someone else may lack `endpoints` (null in Go).
  const existing = input.existing.map((s) => (Array.isArray(s.endpoints) ? s : { ...s, endpoints: [] }));
  for (const slice of existing) {
    if (!supported.includes(slice.addressType as AddressType)) {
      plan.delete.push(slice);
      continue;
    }
    byType.set(slice.addressType, [...(byType.get(slice.addressType) ?? []), slice]);
  }
  for (const addressType of supported) {
    const c = reconcileAddressType(input, addressType, byType.get(addressType) ?? [], plan.skippedPods);
    plan.create.push(...c.create);
    plan.update.push(...c.update);
    plan.delete.push(...c.delete);
  }
  if (input.service.metadata.deletionTimestamp) plan.create = [];
  for (const slice of [...plan.create, ...plan.update]) stampTriggerTime(slice, input.triggerTime);
  return plan;
}

/**
 * The slices of one address type and one resolved port set (eps `reconciler.go` `reconcileByPortMapping`):
 * keep endpoints in the slice they are in, fill changed slices first, then the unchanged slice that ends up
 * closest to full, and only then new slices.
 */
import type { EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { type EndpointSet, endpointsEqualBeyondHash } from './endpoint-set.js';
import type { EndpointSlice, Service } from './kinds.js';
import type { AddressType } from './pod-endpoint.js';
import { newEndpointSlice, sliceLabels } from './slice-meta.js';

export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

export interface PortMapping {
  ports: EndpointPort[];
  addressType: AddressType;
}

/**
 * `getSliceToFill`: the slice that will be closest to full once `count` endpoints are added, if any has
 * room for all of them.
 */
export function sliceToFill(slices: readonly EndpointSlice[], count: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = max - (count + slice.endpoints.length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) return closest;
    }
  }
  return closest;
}

function fill(slice: EndpointSlice, desired: EndpointSet, max: number): void {
  while (slice.endpoints.length < max) {
    const ep = desired.pop();
    if (ep === undefined) return;
    slice.endpoints.push(ep);
  }
}

/** Reconciles `existing` (slices with these ports) with `desired`, which it empties. */
export function reconcileByPortMapping(
  service: Service,
  existing: readonly EndpointSlice[],
  desired: EndpointSet,
  mapping: PortMapping,
  maxEndpointsPerSlice: number,
  controllerName?: string,
): SliceChanges {
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  // 1. Drop endpoints no longer desired, refresh the ones that changed, follow the Service's labels.
  for (const slice of existing) {
    const name = slice.metadata.name ?? '';
    byName.set(name, slice);
    const kept = [];
    let endpointUpdated = false;
    for (const ep of slice.endpoints) {
      const got = desired.get(ep);
      if (got === undefined) continue;
      kept.push(got);
      if (!endpointsEqualBeyondHash(got, ep)) endpointUpdated = true;
      desired.delete(ep);
    }
    const { labels, changed } = sliceLabels(slice.metadata.labels, service, controllerName);
    if (endpointUpdated || kept.length !== slice.endpoints.length) {
      if (kept.length === 0) {
        toDelete.add(name);
      } else {
        const copy = structuredClone(slice);
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (changed) {
      const copy = structuredClone(slice);
      copy.metadata.labels = labels;
      byName.set(name, copy);
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  // 2. Fill the slices being updated anyway, fullest first.
  if (desired.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((n) => byName.get(n) as EndpointSlice);
    slices.sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const slice of slices) fill(slice, desired, maxEndpointsPerSlice);
  }

  // 3. Put what is left in one unchanged slice with room for it all, else in new slices.
  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let target: EndpointSlice | undefined;
    if (desired.size < maxEndpointsPerSlice && unchanged.size > 0) {
      const candidates = [...unchanged].map((n) => byName.get(n) as EndpointSlice);
      const found = sliceToFill(candidates, desired.size, maxEndpointsPerSlice);
      if (found !== undefined) {
        target = structuredClone(found);
        byName.set(target.metadata.name ?? '', target);
      }
    }
    target ??= newEndpointSlice(service, mapping.ports, mapping.addressType, controllerName);
    fill(target, desired, maxEndpointsPerSlice);
    const name = target.metadata.name ?? '';
    if (name !== '') {
      toUpdate.add(name);
      unchanged.delete(name);
    } else {
      create.push(target);
    }
  }

  return {
    create,
    update: [...toUpdate].map((n) => byName.get(n) as EndpointSlice),
    delete: [...toDelete].map((n) => byName.get(n) as EndpointSlice),
  };
}

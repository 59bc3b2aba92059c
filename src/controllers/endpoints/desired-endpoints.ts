/**
 * The Endpoints object of a Service as a pure function (k/k `endpoints_controller.go` `syncService`): what to
 * create or update, or nothing when subsets, labels and the capacity annotation already match.
 */
import { isDeepStrictEqual } from 'node:util';
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';
import {
  annotationLastChangeTriggerTime,
  type Endpoints,
  labelHeadless,
  type Pod,
  type Service,
} from '../endpointslice/kinds.js';
import { isServiceIPSet } from '../endpointslice/pod-endpoint.js';
import { formatRFC3339Nano } from '../endpointslice/reconcile-slices.js';
import { desiredSubsets } from './endpoints-subsets.js';
import { sortSubsets } from './repack-subsets.js';
import { annotationOverCapacity, truncatedValue, truncateSubsets } from './truncate.js';

/** The label marking Endpoints this controller maintains (Kubernetes 1.33+). */
export const labelEndpointsManagedBy = 'endpoints.kubernetes.io/managed-by';
export const endpointsControllerName = 'endpoint-controller';

export interface EndpointsInput {
  service: Service;
  /** The pods the Service's selector matches. */
  pods: readonly Pod[];
  /** The Service's Endpoints as they are, if any. */
  current: Endpoints | undefined;
  /** The `last-change-trigger-time` to stamp; undefined removes it. */
  triggerTime?: Date | undefined;
}

export interface EndpointsChange {
  action: 'create' | 'update';
  endpoints: Endpoints;
}

/** The labels of a Service's Endpoints: the Service's, the managed-by label, and the headless label if headless. */
export function endpointsLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
  labels[labelEndpointsManagedBy] = endpointsControllerName;
  if (isServiceIPSet(service)) delete labels[labelHeadless];
  else labels[labelHeadless] = '';
  return labels;
}

/** Subsets in canonical order, without the targetRefs' resourceVersions (which pod updates change). */
function comparable(subsets: readonly EndpointSubset[] | undefined): EndpointSubset[] {
  const strip = (addrs: EndpointSubset['addresses']) =>
    addrs?.map((a) => {
      if (a.targetRef?.resourceVersion === undefined) return a;
      const { resourceVersion: _, ...ref } = a.targetRef;
      return { ...a, targetRef: ref };
    });
  return sortSubsets(
    (subsets ?? []).map((s) => {
      const out: EndpointSubset = { ...s };
      const ready = strip(s.addresses);
      const notReady = strip(s.notReadyAddresses);
      if (ready !== undefined) out.addresses = ready;
      if (notReady !== undefined) out.notReadyAddresses = notReady;
      return out;
    }),
  );
}

/** The write that brings the Service's Endpoints up to date, or undefined when they are. */
export function endpointsChange(input: EndpointsInput): EndpointsChange | undefined {
  const { service, current } = input;
  const full = desiredSubsets(service, input.pods);
  const truncated = truncateSubsets(full);
  const subsets = truncated ?? full;
  const labels = endpointsLabels(service);
  const overCapacity = truncated === undefined ? undefined : truncatedValue;

  if (
    current !== undefined &&
    isDeepStrictEqual(comparable(current.subsets), comparable(subsets)) &&
    isDeepStrictEqual(current.metadata.labels ?? {}, labels) &&
    current.metadata.annotations?.[annotationOverCapacity] === overCapacity
  ) {
    return undefined;
  }

  const endpoints: Endpoints = current
    ? structuredClone(current)
    : {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: service.metadata.name ?? '', namespace: service.metadata.namespace ?? '' },
      };
  endpoints.metadata.labels = labels;
  const annotations = { ...(endpoints.metadata.annotations ?? {}) };
  if (input.triggerTime !== undefined) {
    annotations[annotationLastChangeTriggerTime] = formatRFC3339Nano(input.triggerTime);
  } else {
    delete annotations[annotationLastChangeTriggerTime];
  }
  if (overCapacity !== undefined) annotations[annotationOverCapacity] = overCapacity;
  else delete annotations[annotationOverCapacity];
  if (Object.keys(annotations).length > 0) endpoints.metadata.annotations = annotations;
  else delete endpoints.metadata.annotations;
  if (subsets.length > 0) endpoints.subsets = subsets;
  else delete endpoints.subsets;
  return { action: current ? 'update' : 'create', endpoints };
}

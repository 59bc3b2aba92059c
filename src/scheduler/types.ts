/** The objects and resources the scheduler works with. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import type { GroupVersionResource } from '../client/types.js';

/** A core/v1 Pod as the informer delivers it. */
export type PodObject = Pod & KubeObject;
/** A core/v1 Node as the informer delivers it. */
export type NodeObject = Node & KubeObject;

export const podsResource: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };
export const nodesResource: GroupVersionResource = { group: '', version: 'v1', resource: 'nodes' };

/** The scheduler's name: pods with this `spec.schedulerName` (or none) are ours; also the Events' source. */
export const defaultSchedulerName = 'default-scheduler';
/** The field manager of kube-scheduler's writes. */
export const schedulerFieldManager = 'default-scheduler';

/** `namespace/name` of a pod. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Pending and waiting for this scheduler: unbound, not being deleted, ours, and not gated. */
export function needsScheduling(pod: Pod, schedulerName = defaultSchedulerName): boolean {
  return (
    !pod.spec?.nodeName &&
    !pod.metadata?.deletionTimestamp &&
    (pod.spec?.schedulerName || defaultSchedulerName) === schedulerName &&
    (pod.spec?.schedulingGates ?? []).length === 0 &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

/**
 * What the ReplicaSet controller reads off a pod (k/k `pkg/api/v1/pod` and `pkg/controller/controller_utils.go`):
 * active, ready, available, restarts, deletion cost. Pure.
 */
import type { PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodObject } from './types.js';

/** The annotation that orders scale-down victims (`controller.kubernetes.io/pod-deletion-cost`). */
export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

/** A metav1.Time as epoch milliseconds; undefined for the zero time (absent or unparsable). */
export function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `controller.IsPodActive`: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** The pod's `Ready` condition, if any. */
export function podReadyCondition(pod: PodObject): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** `podutil.IsPodReady`: the Ready condition is True. */
export function isPodReady(pod: PodObject): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * `podutil.IsPodAvailable`: ready, and either minReadySeconds is 0 or the Ready condition turned True more than
 * minReadySeconds before `now`.
 */
export function isPodAvailable(pod: PodObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = timeOf(podReadyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now.getTime();
}

/** `podReadyTime`: when the Ready condition turned True; undefined (zero) when the pod is not ready. */
export function podReadyTime(pod: PodObject): number | undefined {
  const c = podReadyCondition(pod);
  return c?.status === 'True' ? timeOf(c.lastTransitionTime) : undefined;
}

/** The highest restartCount among the pod's (regular) containers. */
export function maxContainerRestarts(pod: PodObject): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) max = Math.max(max, s.restartCount ?? 0);
  return max;
}

const int32Min = -(2 ** 31);
const int32Max = 2 ** 31 - 1;

/**
 * `GetDeletionCostFromPodAnnotations`: the int32 value of the deletion-cost annotation; 0 when absent or
 * invalid (a leading `+`, leading zeros, not a number, out of int32 range).
 */
export function podDeletionCost(pod: PodObject): number {
  const value = pod.metadata.annotations?.[podDeletionCostAnnotation];
  if (value === undefined) return 0;
  const validFirst = value.startsWith('-') || value === '0' || /^[1-9]/.test(value);
  if (!validFirst || !/^-?[0-9]+$/.test(value)) return 0;
  const n = Number(value);
  return n >= int32Min && n <= int32Max ? n : 0;
}

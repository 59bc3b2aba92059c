/**
 * The status a ReplicaSet should report (k/k `calculateStatus`, the ReplicaFailure condition helpers and the
 * "skip writes that change nothing" test of `updateReplicaSetStatus`). Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import { selectorFromSet } from '../../api/labels/index.js';
import { isPodAvailable, isPodReady, podReadyCondition, timeOf } from './pod-state.js';
import type { PodObject, ReplicaSetObject } from './types.js';

export const replicaFailureCondition = 'ReplicaFailure';

/** A metav1.Time as Kubernetes serializes it: RFC 3339, whole seconds, UTC. */
export function metaTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Desired replicas (`spec.replicas`, defaulted to 1 by the API server). */
export function desiredReplicas(rs: ReplicaSetObject): number {
  return rs.spec?.replicas ?? 1;
}

/**
 * `calculateStatus`: counts over the ReplicaSet's active, claimed pods; sets ReplicaFailure (FailedCreate /
 * FailedDelete) when managing replicas failed and there was none, removes it once managing succeeds.
 * observedGeneration is left as it was: the writer sets it.
 */
export function calculateStatus(
  rs: ReplicaSetObject,
  pods: readonly PodObject[],
  manageError: Error | undefined,
  now: Date,
): ReplicaSetStatus {
  const templateSelector = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateSelector.matches(pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  let conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === replicaFailureCondition);
  if (manageError && !failure) {
    const diff = pods.length - desiredReplicas(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({
      type: replicaFailureCondition,
      status: 'True',
      lastTransitionTime: metaTime(now),
      reason,
      message: manageError.message,
    });
  } else if (!manageError && failure) {
    conditions = conditions.filter((c) => c.type !== replicaFailureCondition);
  }
  return buildStatus(rs.status, pods.length, fullyLabeled, ready, available, conditions);
}

/** The status in Go's JSON form: zero counts other than `replicas` and empty conditions are omitted. */
function buildStatus(
  old: ReplicaSetStatus | undefined,
  replicas: number,
  fullyLabeledReplicas: number,
  readyReplicas: number,
  availableReplicas: number,
  conditions: ReplicaSetCondition[],
): ReplicaSetStatus {
  const status: ReplicaSetStatus = { replicas };
  if (fullyLabeledReplicas) status.fullyLabeledReplicas = fullyLabeledReplicas;
  if (readyReplicas) status.readyReplicas = readyReplicas;
  if (availableReplicas) status.availableReplicas = availableReplicas;
  if (old?.observedGeneration) status.observedGeneration = old.observedGeneration;
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

/**
 * True when writing `next` (with observedGeneration = metadata.generation) would change the stored status,
 * as `updateReplicaSetStatus` decides.
 */
export function statusNeedsWrite(rs: ReplicaSetObject, next: ReplicaSetStatus): boolean {
  const cur = rs.status;
  return (
    (cur?.replicas ?? 0) !== next.replicas ||
    (cur?.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (cur?.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (cur?.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    (rs.metadata.generation ?? 0) !== (cur?.observedGeneration ?? 0) ||
    !isDeepStrictEqual(cur?.conditions ?? [], next.conditions ?? [])
  );
}

/** `next` with observedGeneration set to the generation acted on (omitted when 0, like Go's omitempty). */
export function withObservedGeneration(rs: ReplicaSetObject, next: ReplicaSetStatus): ReplicaSetStatus {
  const { observedGeneration: _, ...rest } = next;
  const generation = rs.metadata.generation ?? 0;
  return generation ? { ...rest, observedGeneration: generation } : rest;
}

/**
 * When to look again so that pods ready but not yet available are counted once minReadySeconds passed
 * (`FindMinNextPodAvailabilityCheck`): the soonest such moment in ms from `now`, or minReadySeconds when none
 * is known; undefined when there is nothing to wait for.
 */
export function nextAvailabilityCheckMs(
  pods: readonly PodObject[],
  minReadySeconds: number,
  status: ReplicaSetStatus,
  now: Date,
): number | undefined {
  if (minReadySeconds <= 0 || (status.readyReplicas ?? 0) === (status.availableReplicas ?? 0)) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) continue;
    const since = timeOf(podReadyCondition(pod)?.lastTransitionTime);
    if (since === undefined) continue;
    // Availability needs `since + minReady < now` (strictly), hence the extra millisecond.
    const wait = since + minReadySeconds * 1000 - now.getTime() + 1;
    if (wait > 0 && (soonest === undefined || wait < soonest)) soonest = wait;
  }
  return soonest ?? minReadySeconds * 1000;
}

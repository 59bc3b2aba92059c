/**
 * Deployment status and the Available / Progressing / ReplicaFailure conditions (k/k `deployment/sync.go`
 * `calculateStatus`, `deployment/progress.go` `syncRolloutStatus` and `requeueStuckDeployment`,
 * `deployment/util` `DeploymentComplete`, `DeploymentProgressing`, `DeploymentTimedOut`). Pure.
 */
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { fromReplicaSetCondition, getCondition, newCondition, removeCondition, setCondition } from './conditions.js';
import { maxUnavailable } from './fenceposts.js';
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, specReplicaCount } from './replica-sets.js';
import { canonicalJson } from './template-equality.js';
import { type DeploymentObject, deploymentReplicas, maxInt32, type ReplicaSetObject, reasons } from './types.js';

/** `HasProgressDeadline`: progressDeadlineSeconds is set and not MaxInt32. */
export function hasProgressDeadline(d: DeploymentObject): boolean {
  const seconds = d.spec.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== maxInt32;
}

/** `HasRevisionHistoryLimit`: revisionHistoryLimit is set and not MaxInt32. */
export function hasRevisionHistoryLimit(d: DeploymentObject): boolean {
  const limit = d.spec.revisionHistoryLimit;
  return limit !== undefined && limit !== maxInt32;
}

const counters = [
  'observedGeneration',
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
] as const;

/** The status as Kubernetes serializes it: zero counters and empty conditions omitted (`omitempty`). */
export function compactStatus(status: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const key of counters) {
    const value = status[key];
    if (value !== undefined && value !== 0) out[key] = value;
  }
  if (status.conditions !== undefined && status.conditions.length > 0) out.conditions = status.conditions;
  if (status.collisionCount !== undefined) out.collisionCount = status.collisionCount;
  return out;
}

/** Status equality as `reflect.DeepEqual` sees the decoded Go structs (absent counters are 0). */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return canonicalJson(compactStatus(a ?? {})) === canonicalJson(compactStatus(b ?? {}));
}

/**
 * `calculateStatus`: counters from the ReplicaSets' statuses (unavailable = Σ spec − Σ available), the current
 * conditions, and Available set from minimum availability (`replicas − maxUnavailable`).
 */
export function calculateStatus(
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
  now: Date,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaCount(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const conditions: DeploymentCondition[] = (d.status?.conditions ?? []).map((c) => ({ ...c }));
  if (conditions.length > 0) status.conditions = conditions;
  if (available >= deploymentReplicas(d) - maxUnavailable(d)) {
    const message = 'Deployment has minimum availability.';
    setCondition(status, newCondition('Available', 'True', reasons.minimumReplicasAvailable, message, now));
  } else {
    const message = 'Deployment does not have minimum availability.';
    setCondition(status, newCondition('Available', 'False', reasons.minimumReplicasUnavailable, message, now));
  }
  return compactStatus(status);
}

/** `DeploymentComplete`: every desired replica updated and available, no old ones, generation observed. */
export function deploymentComplete(d: DeploymentObject, status: DeploymentStatus): boolean {
  const replicas = deploymentReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** `DeploymentProgressing`: more updated, ready or available replicas, or fewer old ones, than before. */
export function deploymentProgressing(d: DeploymentObject, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * `DeploymentTimedOut`: the Progressing condition last moved more than progressDeadlineSeconds ago (never once
 * the rollout completed; always once it already timed out).
 */
export function deploymentTimedOut(d: DeploymentObject, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, 'Progressing');
  if (condition === undefined || condition.reason === reasons.newRSAvailable) return false;
  if (condition.reason === reasons.timedOut) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '') || 0;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now.getTime();
}

/** `getReplicaFailures`: ReplicaFailure conditions of the new ReplicaSet, else of any ReplicaSet. */
export function replicaFailures(
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject | undefined,
): DeploymentCondition[] {
  const failuresOf = (rs: ReplicaSetObject | undefined) =>
    (rs?.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(fromReplicaSetCondition);
  const fromNew = failuresOf(newRS);
  if (fromNew.length > 0) return fromNew;
  return allRSs.flatMap(failuresOf);
}

/**
 * `syncRolloutStatus` without the write: `calculateStatus`, then Progressing as NewReplicaSetAvailable (complete),
 * ReplicaSetUpdated (progress seen: lastUpdateTime moves) or ProgressDeadlineExceeded, then ReplicaFailure.
 */
export function rolloutStatus(
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
  now: Date,
): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === reasons.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS !== undefined ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      const message = `${subject} has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', reasons.newRSAvailable, message, now));
    } else if (deploymentProgressing(d, status)) {
      const condition = newCondition(
        'Progressing',
        'True',
        reasons.replicaSetUpdated,
        `${subject} is progressing.`,
        now,
      );
      if (current !== undefined) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) {
          condition.lastTransitionTime = current.lastTransitionTime;
        }
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const message = `${subject} has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', reasons.timedOut, message, now));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  const firstFailure = failures[0];
  if (firstFailure !== undefined) setCondition(status, firstFailure);
  else removeCondition(status, 'ReplicaFailure');
  return compactStatus(status);
}

/**
 * `requeueStuckDeployment`: when a rollout shows no progress, when to look again for the deadline: milliseconds
 * until lastUpdateTime + progressDeadlineSeconds (plus a second), `'now'` when under a second away, undefined
 * when there is nothing to wait for (no deadline or condition, complete, already timed out).
 */
export function stuckRequeueDelay(
  d: DeploymentObject,
  status: DeploymentStatus,
  now: Date,
): number | 'now' | undefined {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || current === undefined) return undefined;
  if (deploymentComplete(d, status) || current.reason === reasons.timedOut) return undefined;
  const from = Date.parse(current.lastUpdateTime ?? '') || 0;
  const after = from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now.getTime();
  if (after < 1000) return 'now';
  return after + 1000;
}

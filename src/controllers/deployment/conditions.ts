/**
 * Deployment conditions (k/k `deployment/util` `NewDeploymentCondition`, `GetDeploymentCondition`,
 * `SetDeploymentCondition`, `RemoveDeploymentCondition`, `ReplicaSetToDeploymentCondition`). Times are
 * metav1.Time: RFC 3339 with second precision.
 */
import type { DeploymentCondition, DeploymentStatus, ReplicaSetCondition } from 'kubernetes-types/apps/v1.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A Date as metav1.Time serializes it (`2024-01-02T03:04:05Z`). */
export function metaTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `NewDeploymentCondition`: lastUpdateTime and lastTransitionTime both `now`. */
export function newCondition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: Date,
): DeploymentCondition {
  const time = metaTime(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

/** `GetDeploymentCondition`. */
export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * `SetDeploymentCondition`: nothing changes when a condition of that type already has the same status and
 * reason; an unchanged status keeps its lastTransitionTime; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current !== undefined && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current !== undefined && current.status === condition.status && current.lastTransitionTime !== undefined) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

/** `RemoveDeploymentCondition`. */
export function removeCondition(status: DeploymentStatus, type: string): void {
  if (status.conditions === undefined) return;
  const kept = status.conditions.filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

/** `ReplicaSetToDeploymentCondition`: a ReplicaSet failure promoted to the Deployment. */
export function fromReplicaSetCondition(c: ReplicaSetCondition): DeploymentCondition {
  const out: DeploymentCondition = { type: c.type, status: c.status };
  if (c.lastTransitionTime !== undefined) {
    out.lastTransitionTime = c.lastTransitionTime;
    out.lastUpdateTime = c.lastTransitionTime;
  }
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  return out;
}

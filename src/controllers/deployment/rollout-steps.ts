/**
 * One step of a rollout (k/k `deployment/rolling.go` `reconcileNewReplicaSet`, `reconcileOldReplicaSets`,
 * `cleanupUnhealthyReplicas`, `scaleDownOldReplicaSetsForRollingUpdate`; `deployment/recreate.go`
 * `oldPodsRunning`; `deployment/sync.go` `cleanupDeployment`). Pure: they return the writes to make, in order.
 */
import { maxUnavailable } from './fenceposts.js';
import {
  availableReplicaCount,
  filterActive,
  sortByCreation,
  sortByRevision,
  specReplicaCount,
} from './replica-sets.js';
import { newRSNewReplicas, resize, type ScaleRequest } from './scaling.js';
import { hasRevisionHistoryLimit } from './status.js';
import {
  controllerOf,
  type DeploymentObject,
  deploymentReplicas,
  type PodObject,
  type ReplicaSetObject,
  rsReplicas,
} from './types.js';

/**
 * `reconcileNewReplicaSet`: scale the new ReplicaSet down to `replicas` when above, else up as far as the surge
 * allows; undefined when its size is right.
 */
export function newReplicaSetStep(
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
): ScaleRequest | undefined {
  const replicas = deploymentReplicas(d);
  const current = rsReplicas(newRS);
  if (current === replicas) return undefined;
  if (current > replicas) return resize(newRS, replicas);
  const target = newRSNewReplicas(d, allRSs, newRS);
  return target === current ? undefined : resize(newRS, target);
}

function withReplicas(rs: ReplicaSetObject, replicas: number): ReplicaSetObject {
  return { ...rs, spec: { ...rs.spec, replicas } };
}

/**
 * `reconcileOldReplicaSets`: how far the old (active) ReplicaSets may shrink without going under
 * `replicas − maxUnavailable` available pods, counting the new ReplicaSet's unavailable pods as a debt.
 * Unhealthy old replicas go first (oldest ReplicaSet first), then available ones, oldest first.
 */
export function oldReplicaSetsSteps(
  allRSs: readonly ReplicaSetObject[],
  oldRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
): ScaleRequest[] {
  if (specReplicaCount(oldRSs) === 0) return [];
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return [];

  const requests: ScaleRequest[] = [];
  let cleaned = 0;
  const afterCleanup: ReplicaSetObject[] = [];
  for (const rs of sortByCreation(oldRSs)) {
    const replicas = rsReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (cleaned >= maxScaledDown || replicas === 0 || replicas === available) {
      afterCleanup.push(rs);
      continue;
    }
    const count = Math.min(maxScaledDown - cleaned, replicas - available);
    // More available than desired (a stale status): upstream gives up on old ReplicaSets for this sync.
    if (count < 0) return requests;
    requests.push(resize(rs, replicas - count));
    cleaned += count;
    afterCleanup.push(withReplicas(rs, replicas - count));
  }

  const available = availableReplicaCount([...afterCleanup, newRS]);
  if (available <= minAvailable) return requests;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of sortByCreation(afterCleanup)) {
    if (scaled >= total) break;
    const replicas = rsReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, total - scaled);
    requests.push(resize(rs, replicas - count));
    scaled += count;
  }
  return requests;
}

/** `scaleDownOldReplicaSetsForRecreate`: every active old ReplicaSet to 0. */
export function recreateScaleDownSteps(oldRSs: readonly ReplicaSetObject[]): ScaleRequest[] {
  return filterActive(oldRSs).map((rs) => resize(rs, 0));
}

/**
 * `oldPodsRunning`: an old ReplicaSet still reports pods, or a pod of a ReplicaSet other than the new one is
 * not Succeeded / Failed. `podsByOwner` maps ReplicaSet uid to its pods.
 */
export function oldPodsRunning(
  newRS: ReplicaSetObject | undefined,
  oldRSs: readonly ReplicaSetObject[],
  podsByOwner: ReadonlyMap<string, readonly PodObject[]>,
): boolean {
  if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  for (const [uid, pods] of podsByOwner) {
    if (newRS !== undefined && newRS.metadata.uid === uid) continue;
    if (pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

/** `getPodMapForDeployment`: the pods owned (controller reference) by each of the ReplicaSets, by RS uid. */
export function podsByReplicaSet(
  rsList: readonly ReplicaSetObject[],
  pods: readonly PodObject[],
): Map<string, PodObject[]> {
  const map = new Map<string, PodObject[]>();
  for (const rs of rsList) if (rs.metadata.uid) map.set(rs.metadata.uid, []);
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (ref !== undefined) map.get(ref.uid)?.push(pod);
  }
  return map;
}

/**
 * `cleanupDeployment`: the old ReplicaSets beyond revisionHistoryLimit to delete, lowest revision first, skipping
 * any that still has replicas (desired or reported), an unobserved generation, or is being deleted.
 */
export function historyToDelete(oldRSs: readonly ReplicaSetObject[], d: DeploymentObject): ReplicaSetObject[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - (d.spec.revisionHistoryLimit ?? 0);
  if (diff <= 0) return [];
  return sortByRevision(alive)
    .slice(0, diff)
    .filter(
      (rs) =>
        (rs.status?.replicas ?? 0) === 0 &&
        rsReplicas(rs) === 0 &&
        (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0),
    );
}

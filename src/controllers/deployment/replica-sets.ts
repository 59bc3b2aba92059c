/**
 * ReplicaSet list helpers of the Deployment controller (k/k `pkg/controller/controller_utils.go` sorters and
 * filters, `deployment/util` finders and counters). Pure; sorting functions return new arrays.
 */
import { equalIgnoreHash } from './template-equality.js';
import { type DeploymentObject, type ReplicaSetObject, revisionAnnotation, rsReplicas } from './types.js';

/** Orders Go's way: by creationTimestamp (second precision), then name. Negative when `a` comes first. */
export function compareByCreation(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** `ReplicaSetsByCreationTimestamp`: oldest first. */
export function sortByCreation(rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  return [...rss].sort(compareByCreation);
}

/** `ReplicaSetsBySizeOlder`: largest first, then oldest first (scaling down). */
export function sortBySizeOlder(rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  return [...rss].sort((a, b) => rsReplicas(b) - rsReplicas(a) || compareByCreation(a, b));
}

/** `ReplicaSetsBySizeNewer`: largest first, then newest first (scaling up). */
export function sortBySizeNewer(rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  return [...rss].sort((a, b) => rsReplicas(b) - rsReplicas(a) || compareByCreation(b, a));
}

/** `deploymentutil.Revision`: the revision annotation as a number; 0 when absent, NaN when unparsable. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const value = obj.metadata.annotations?.[revisionAnnotation];
  if (value === undefined) return 0;
  return /^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
}

/** `ReplicaSetsByRevision`: lowest revision first; by creation when equal or unparsable. */
export function sortByRevision(rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  return [...rss].sort((a, b) => {
    const ra = revisionOf(a);
    const rb = revisionOf(b);
    if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return compareByCreation(a, b);
    return ra - rb;
  });
}

/** `MaxRevision`: the highest parsable revision, 0 when none. */
export function maxRevision(rss: readonly ReplicaSetObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v > max) max = v;
  }
  return max;
}

/** `LastRevision`: the second highest revision (the one `rollout undo` goes back to), 0 when none. */
export function lastRevision(rss: readonly ReplicaSetObject[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

/** `FilterActiveReplicaSets`: those with spec.replicas > 0. */
export function filterActive(rss: readonly (ReplicaSetObject | undefined)[]): ReplicaSetObject[] {
  return rss.filter((rs): rs is ReplicaSetObject => rs !== undefined && rsReplicas(rs) > 0);
}

function sum(rss: readonly (ReplicaSetObject | undefined)[], pick: (rs: ReplicaSetObject) => number): number {
  let total = 0;
  for (const rs of rss) if (rs !== undefined) total += pick(rs);
  return total;
}

/** `GetReplicaCountForReplicaSets`: Σ spec.replicas. */
export function specReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return sum(rss, rsReplicas);
}

/** `GetActualReplicaCountForReplicaSets`: Σ status.replicas. */
export function actualReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return sum(rss, (rs) => rs.status?.replicas ?? 0);
}

/** `GetReadyReplicaCountForReplicaSets`: Σ status.readyReplicas. */
export function readyReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
}

/** `GetAvailableReplicaCountForReplicaSets`: Σ status.availableReplicas. */
export function availableReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return sum(rss, (rs) => rs.status?.availableReplicas ?? 0);
}

/**
 * `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash label),
 * or undefined.
 */
export function findNewReplicaSet(d: DeploymentObject, rss: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  return sortByCreation(rss).find((rs) => equalIgnoreHash(rs.spec.template ?? {}, d.spec.template));
}

/** `FindOldReplicaSets`: every ReplicaSet but the new one (`all`), and those of them with replicas (`active`). */
export function findOldReplicaSets(
  d: DeploymentObject,
  rss: readonly ReplicaSetObject[],
): { active: ReplicaSetObject[]; all: ReplicaSetObject[] } {
  const newRS = findNewReplicaSet(d, rss);
  const all = rss.filter((rs) => newRS === undefined || rs.metadata.uid !== newRS.metadata.uid);
  return { active: all.filter((rs) => rsReplicas(rs) !== 0), all };
}

/**
 * `FindActiveOrLatest`: the only active ReplicaSet; with none active, the new one or else the newest old one;
 * undefined when several are active (then they scale proportionally).
 */
export function findActiveOrLatest(
  newRS: ReplicaSetObject | undefined,
  oldRSs: readonly ReplicaSetObject[],
): ReplicaSetObject | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = sortByCreation(oldRSs).reverse();
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

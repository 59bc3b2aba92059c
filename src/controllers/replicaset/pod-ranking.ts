/**
 * Which pods a ReplicaSet deletes first when it has too many (k/k `ActivePodsWithRanks.Less`,
 * `getPodsRankedByRelatedPodsOnSameNode` and `getPodsToDelete`, with LogarithmicScaleDown and PodDeletionCost
 * on, as in every release since 1.31). Pure.
 */
import { isPodActive, isPodReady, maxContainerRestarts, podDeletionCost, podReadyTime, timeOf } from './pod-state.js';
import type { PodObject } from './types.js';

/** A pod with its rank: how many active related pods share its node (more = deleted sooner). */
export interface RankedPod {
  pod: PodObject;
  rank: number;
}

const phaseOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOf(pod: PodObject): number {
  return phaseOrdinal[pod.status?.phase ?? ''] ?? 0;
}

/** `afterOrZero`: a zero time sorts first, otherwise the later time does. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** `logarithmicRankDiff`: compares floor(log2(age in ns)) of two times; ages ≤ 0 have rank -1. */
export function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const bucket = (t: number): number => {
    const ageNs = (now - t) * 1e6;
    return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
  };
  return bucket(t1) - bucket(t2);
}

/** Compares two times on a log2 scale of their age; pods in the same bucket are ordered by UID. */
function lessByAge(a: PodObject, b: PodObject, ta: number | undefined, tb: number | undefined, now: number): boolean {
  if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logarithmicRankDiff(ta, tb, now);
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
  return diff < 0;
}

/** `ActivePodsWithRanks.Less`: true when `a` should be deleted before `b`. */
export function deleteBefore(a: RankedPod, b: RankedPod, now: Date): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const nodeA = pa.spec?.nodeName ?? '';
  const nodeB = pb.spec?.nodeName ?? '';
  // 1. unassigned before assigned
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  // 2. Pending before Unknown before Running
  if (phaseOf(pa) !== phaseOf(pb)) return phaseOf(pa) < phaseOf(pb);
  // 3. not ready before ready
  const readyA = isPodReady(pa);
  const readyB = isPodReady(pb);
  if (readyA !== readyB) return !readyA;
  // 4. lower deletion cost first
  const costA = podDeletionCost(pa);
  const costB = podDeletionCost(pb);
  if (costA !== costB) return costA < costB;
  // 5. more colocated related pods first
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. ready for a shorter time first
  if (readyA && readyB) {
    const ta = podReadyTime(pa);
    const tb = podReadyTime(pb);
    if (ta !== tb) return lessByAge(pa, pb, ta, tb, now.getTime());
  }
  // 7. more container restarts first
  const restartsA = maxContainerRestarts(pa);
  const restartsB = maxContainerRestarts(pb);
  if (restartsA !== restartsB) return restartsA > restartsB;
  // 8. newer first
  const createdA = timeOf(pa.metadata.creationTimestamp);
  const createdB = timeOf(pb.metadata.creationTimestamp);
  if (createdA !== createdB) return lessByAge(pa, pb, createdA, createdB, now.getTime());
  return false;
}

/**
 * `getPodsRankedByRelatedPodsOnSameNode`: ranks each pod by the number of active pods among `relatedPods`
 * (the pods of every ReplicaSet with the same controller) on its node.
 */
export function rankByColocation(pods: readonly PodObject[], relatedPods: readonly PodObject[]): RankedPod[] {
  const perNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  return pods.map((pod) => ({ pod, rank: perNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/** `getPodsToDelete`: the `count` pods to delete among `pods`, best victims first. */
export function podsToDelete(
  pods: readonly PodObject[],
  relatedPods: readonly PodObject[],
  count: number,
  now: Date,
): PodObject[] {
  if (count >= pods.length) return pods.slice(0, count);
  const ranked = rankByColocation(pods, relatedPods);
  ranked.sort((a, b) => {
    if (deleteBefore(a, b, now)) return -1;
    return deleteBefore(b, a, now) ? 1 : 0;
  });
  return ranked.slice(0, count).map((r) => r.pod);
}

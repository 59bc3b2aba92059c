/**
 * The FailedScheduling message (kube-scheduler `framework.FitError.Error` and the DefaultPreemption post-filter):
 * `0/N nodes are available: <count> <reason>, .... preemption: 0/N nodes are available: <count> <reason>.`
 * Reasons are counted over nodes and sorted as strings, as upstream does.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type FilterStatus, runFilters } from './filters.js';
import { addPod, emptyNodeInfo, type NodeInfo } from './node-info.js';

export const noNodesAvailable = 'no nodes available to schedule pods';
export const preemptionNotHelpful = 'Preemption is not helpful for scheduling';
export const noPreemptionVictims = 'No preemption victims found for incoming pod';

/** `0/N nodes are available: <histogram>.` */
export function nodesAvailableMessage(numNodes: number, statuses: readonly Pick<FilterStatus, 'reasons'>[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  const base = `0/${numNodes} nodes are available:`;
  return histogram.length > 0 ? `${base} ${histogram.join(', ')}.` : base;
}

function priorityOf(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/**
 * What preemption would report for one node. kubeling does not evict pods to make room, so a node where
 * evicting lower-priority pods would help is reported like one without victims.
 */
function preemptionReasons(pod: Pod, info: NodeInfo, status: FilterStatus): string[] {
  if (status.code === 'UnschedulableAndUnresolvable') return [preemptionNotHelpful];
  const keep = info.pods.filter((p) => priorityOf(p) >= priorityOf(pod));
  if (keep.length === info.pods.length) return [noPreemptionVictims];
  const without = emptyNodeInfo(info.node);
  for (const p of keep) addPod(without, p);
  return runFilters(pod, without)?.reasons ?? [noPreemptionVictims];
}

/** The post-filter part: `preemption: ...`. `failures` holds each node's NodeInfo with its filter status. */
export function preemptionMessage(pod: Pod, failures: readonly { info: NodeInfo; status: FilterStatus }[]): string {
  if (pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const statuses = failures.map(({ info, status }) => ({ reasons: preemptionReasons(pod, info, status) }));
  return `preemption: ${nodesAvailableMessage(failures.length, statuses)}`;
}

/** The whole message for a pod no node accepts. */
export function fitErrorMessage(pod: Pod, failures: readonly { info: NodeInfo; status: FilterStatus }[]): string {
  const filterPart = nodesAvailableMessage(
    failures.length,
    failures.map((f) => f.status),
  );
  return `${filterPart} ${preemptionMessage(pod, failures)}`;
}

/**
 * One scheduling cycle for one pod, pure: filter every node, then pick the feasible node with the most free
 * CPU and memory (NodeResourcesFit's LeastAllocated score; ties go to the first name), or explain why none fits.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type FilterStatus, runFilters } from './filters.js';
import { fitErrorMessage, noNodesAvailable } from './fit-error.js';
import type { NodeInfo } from './node-info.js';
import { amountsOf, podRequests, type ResourceAmounts } from './pod-requests.js';

export type ScheduleResult =
  | { kind: 'fit'; nodeName: string }
  /** No node fits: the PodScheduled=False message (and FailedScheduling event message). */
  | { kind: 'unschedulable'; message: string };

/** The requests scoring assumes for a container that sets none (`schedutil.DefaultMilliCPURequest` / memory). */
const defaultMilliCPU = 100;
const defaultMemory = 200 * 1024 * 1024;

function scoringRequests(pod: Pod): ResourceAmounts {
  const req = podRequests(pod.spec);
  return { cpu: req.cpu || defaultMilliCPU, memory: req.memory || defaultMemory };
}

/** LeastAllocated: the mean free share (0–100) of cpu and memory once the pod is placed. */
export function leastAllocatedScore(pod: Pod, info: NodeInfo): number {
  const allocatable = amountsOf(info.node.status?.allocatable);
  const want = scoringRequests(pod);
  let total = 0;
  for (const name of ['cpu', 'memory']) {
    const have = allocatable[name] ?? 0;
    const used = (info.requested[name] ?? 0) + (want[name] ?? 0);
    total += have > 0 && used <= have ? ((have - used) * 100) / have : 0;
  }
  return total / 2;
}

export function schedulePod(pod: Pod, infos: ReadonlyMap<string, NodeInfo>): ScheduleResult {
  if (infos.size === 0) return { kind: 'unschedulable', message: noNodesAvailable };
  const failures: { info: NodeInfo; status: FilterStatus }[] = [];
  let best: { name: string; score: number } | undefined;
  for (const [name, info] of [...infos].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const status = runFilters(pod, info);
    if (status) {
      failures.push({ info, status });
      continue;
    }
    const score = leastAllocatedScore(pod, info);
    if (!best || score > best.score) best = { name, score };
  }
  if (best) return { kind: 'fit', nodeName: best.name };
  return { kind: 'unschedulable', message: fitErrorMessage(pod, failures) };
}

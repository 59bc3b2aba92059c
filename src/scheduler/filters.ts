/**
 * kube-scheduler's filter plugins that apply to kubeling, in the default profile's order: NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit. A node fails at the first filter that rejects it;
 * reasons and status codes are upstream's (they drive the FailedScheduling message and preemption).
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { nodeMatchesPodAffinity } from './node-affinity.js';
import { type HostPort, type NodeInfo, podHostPorts } from './node-info.js';
import { amountsOf, podRequests, type ResourceAmounts } from './pod-requests.js';
import { effectiveTaints, findUntoleratedTaint, taintUnschedulable, toleratesTaint } from './taints.js';

/** `Unschedulable` may be resolved by preemption; `UnschedulableAndUnresolvable` may not. */
export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterStatus {
  plugin: string;
  code: FilterCode;
  reasons: string[];
}

export const reasonUnschedulable = 'node(s) were unschedulable';
export const reasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector";
export const reasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
export const reasonTooManyPods = 'Too many pods';

type Filter = (pod: Pod, info: NodeInfo) => FilterStatus | undefined;

const nodeUnschedulable: Filter = (pod, info) => {
  if (!info.node.spec?.unschedulable) return undefined;
  const cordon = { key: taintUnschedulable, effect: 'NoSchedule' };
  if ((pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, cordon))) return undefined;
  return { plugin: 'NodeUnschedulable', code: 'UnschedulableAndUnresolvable', reasons: [reasonUnschedulable] };
};

const taintToleration: Filter = (pod, info) => {
  const taint = findUntoleratedTaint(effectiveTaints(info.node), pod.spec?.tolerations ?? []);
  if (!taint) return undefined;
  const reason = `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  return { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [reason] };
};

const nodeAffinity: Filter = (pod, info) =>
  nodeMatchesPodAffinity(pod.spec, info.node)
    ? undefined
    : { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: [reasonNodeAffinity] };

function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === b.hostIP || a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0';
}

const nodePorts: Filter = (pod, info) => {
  const wanted = podHostPorts(pod);
  const conflict = wanted.some((w) => info.usedPorts.some((u) => portsConflict(w, u)));
  return conflict ? { plugin: 'NodePorts', code: 'Unschedulable', reasons: [reasonNodePorts] } : undefined;
};

const fixedResources = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods', 'storage']);

/** `noderesources.fitsRequest`: pods count, cpu, memory, ephemeral-storage and extended resources. */
export function insufficientResources(
  request: ResourceAmounts,
  info: NodeInfo,
): { reasons: string[]; unresolvable: boolean } {
  const allocatable = amountsOf(info.node.status?.allocatable);
  const reasons: string[] = [];
  let unresolvable = false;
  if (info.pods.length + 1 > (allocatable.pods ?? 0)) reasons.push(reasonTooManyPods);
  const check = (name: string, want: number) => {
    if (want <= 0) return;
    const have = allocatable[name] ?? 0;
    if (want > have - (info.requested[name] ?? 0)) {
      reasons.push(`Insufficient ${name}`);
      if (want > have) unresolvable = true;
    }
  };
  check('cpu', request.cpu ?? 0);
  check('memory', request.memory ?? 0);
  check('ephemeral-storage', request['ephemeral-storage'] ?? 0);
  for (const [name, want] of Object.entries(request)) {
    if (!fixedResources.has(name)) check(name, want);
  }
  return { reasons, unresolvable };
}

const nodeResourcesFit: Filter = (pod, info) => {
  const { reasons, unresolvable } = insufficientResources(podRequests(pod.spec), info);
  if (reasons.length === 0) return undefined;
  return { plugin: 'NodeResourcesFit', code: unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons };
};

const filters: readonly Filter[] = [nodeUnschedulable, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];

/** Runs the filters in order; the first rejection, or undefined when the pod fits the node. */
export function runFilters(pod: Pod, info: NodeInfo): FilterStatus | undefined {
  for (const filter of filters) {
    const status = filter(pod, info);
    if (status) return status;
  }
  return undefined;
}

/**
 * The scheduler's view of each node (kube-scheduler `framework.NodeInfo`): the node, the pods assigned to it
 * that still hold resources (not Succeeded or Failed), their summed requests and the host ports they use.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { addAmounts, podRequests, type ResourceAmounts } from './pod-requests.js';

/** A host port in use: `hostIP` is `0.0.0.0` when the pod did not set one. */
export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
}

export interface NodeInfo {
  node: Node;
  pods: Pod[];
  /** The sum of the pods' requests (`cpu` in millicores). */
  requested: ResourceAmounts;
  usedPorts: HostPort[];
}

/** The host ports a pod asks for (containers and init containers; `hostPort` > 0 only). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** A pod counts against its node until it reaches a terminal phase. */
export function holdsNodeResources(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

export function emptyNodeInfo(node: Node): NodeInfo {
  return { node, pods: [], requested: {}, usedPorts: [] };
}

/** Accounts `pod` on `info`. */
export function addPod(info: NodeInfo, pod: Pod): void {
  info.pods.push(pod);
  addAmounts(info.requested, podRequests(pod.spec));
  info.usedPorts.push(...podHostPorts(pod));
}

/**
 * One NodeInfo per node, with every assigned pod that holds resources. `assumed` maps pods (by `ns/name`) the
 * scheduler has just bound but the informer has not yet shown as bound to their node.
 */
export function buildNodeInfos(
  nodes: readonly Node[],
  pods: readonly Pod[],
  assumed: ReadonlyMap<string, string> = new Map(),
): Map<string, NodeInfo> {
  const infos = new Map<string, NodeInfo>();
  for (const node of nodes) infos.set(node.metadata?.name ?? '', emptyNodeInfo(node));
  for (const pod of pods) {
    const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    const nodeName = pod.spec?.nodeName || assumed.get(key);
    if (!nodeName) continue;
    const bound = { ...pod, spec: { containers: [], ...pod.spec, nodeName } };
    if (!holdsNodeResources(bound)) continue;
    const info = infos.get(nodeName);
    if (info) addPod(info, bound);
  }
  return infos;
}

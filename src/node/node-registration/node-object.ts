/**
 * The Node object kubelet registers and keeps current (kubelet `initialNode`, `updateDefaultLabels` and the
 * `nodestatus` setters), pure: labels, addresses, capacity, node info, daemon endpoints and conditions.
 */
import type { Node, NodeStatus } from 'kubernetes-types/core/v1.js';
import type { MachineInfo } from './machine-info.js';
import { heartbeatConditions } from './node-conditions.js';
import { nodeAllocatable, nodeCapacity } from './node-resources.js';

/** What the node reports about its agent. */
export interface AgentInfo {
  /** `kubeletVersion`, e.g. `v1.33.0`. */
  kubeletVersion: string;
  /** `containerRuntimeVersion`, e.g. `kubeling://0.1.0`. */
  runtimeVersion: string;
  /** The port `daemonEndpoints.kubeletEndpoint` advertises. */
  kubeletPort: number;
  /** The node's address (`InternalIP`). */
  internalIP: string;
}

export const controlPlaneRoleLabel = 'node-role.kubernetes.io/control-plane';

/** The labels kubelet keeps on its node (re-applied at every start). */
export function defaultLabels(nodeName: string, architecture: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': architecture,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': architecture,
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
  };
}

/** Labels with the default labels re-applied; undefined when nothing changes. */
export function reconciledLabels(
  labels: Readonly<Record<string, string>> | undefined,
  nodeName: string,
  architecture: string,
): Record<string, string> | undefined {
  const wanted = defaultLabels(nodeName, architecture);
  if (Object.entries(wanted).every(([k, v]) => labels?.[k] === v)) return undefined;
  return { ...labels, ...wanted };
}

/** `status` after a heartbeat at `time`: owned fields rewritten, others (images, volumes ...) kept. */
export function heartbeatStatus(
  current: NodeStatus | undefined,
  nodeName: string,
  machine: MachineInfo,
  agent: AgentInfo,
  time: string,
): { status: NodeStatus; transitions: string[] } {
  const { conditions, transitions } = heartbeatConditions(current?.conditions, time);
  const status: NodeStatus = {
    ...current,
    capacity: nodeCapacity(machine),
    allocatable: nodeAllocatable(machine),
    conditions,
    addresses: [
      { type: 'InternalIP', address: agent.internalIP },
      { type: 'Hostname', address: nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: agent.kubeletPort } },
    nodeInfo: {
      machineID: machine.machineID,
      systemUUID: machine.systemUUID,
      bootID: machine.bootID,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: agent.runtimeVersion,
      kubeletVersion: agent.kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: machine.architecture,
    },
  };
  return { status, transitions };
}

/** The Node as first registered: default labels plus the control-plane role, with its first status. */
export function newNode(
  nodeName: string,
  machine: MachineInfo,
  agent: AgentInfo,
  time: string,
): { node: Node; transitions: string[] } {
  const { status, transitions } = heartbeatStatus(undefined, nodeName, machine, agent, time);
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: nodeName,
      labels: { ...defaultLabels(nodeName, machine.architecture), [controlPlaneRoleLabel]: '' },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status,
  };
  return { node, transitions };
}

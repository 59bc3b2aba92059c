/**
 * The pod status the node agent reports, in the kubelet's words (`generateAPIPodStatus` and the status
 * manager): phase, the kubelet-owned conditions (PodReadyToStartContainers, Initialized, Ready, ContainersReady,
 * PodScheduled) after any condition others own, container statuses (init containers in spec order, the others
 * by name), pod and host IPs, startTime and qosClass. A condition keeps its lastTransitionTime while its status
 * does not change.
 */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { type PodPhase, podPhase } from './pod-phase.js';

export const hostIP = '127.0.0.1';

const kubeletConditions = new Set([
  'PodScheduled',
  'Ready',
  'Initialized',
  'ContainersReady',
  'PodReadyToStartContainers',
  'PodHasNetwork',
]);

/** A condition as the API serves it (`lastProbeTime` is always present, null). */
export type WireCondition = Omit<PodCondition, 'lastProbeTime'> & { lastProbeTime: null };

export type WirePodStatus = Omit<PodStatus, 'conditions' | 'phase'> & { phase: PodPhase; conditions: WireCondition[] };

/** What the agent knows about a pod beyond its spec. */
export interface PodRuntimeView {
  podIP: string | undefined;
  /** When the agent first took the pod on (RFC 3339, seconds). */
  startTime: string | undefined;
  /** The pod's sandbox is up: it has its IP and volumes. */
  readyToStartContainers: boolean;
  /** One status per init container / container of the spec, in spec order. */
  initContainers: ContainerStatus[];
  containers: ContainerStatus[];
  /** Nothing more will run (deleted and killed). */
  terminal: boolean;
}

type Cond = Omit<WireCondition, 'lastProbeTime' | 'lastTransitionTime'>;

/** `[a b]`, as Go prints a string slice. */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function containersReady(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): Cond {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) {
    return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  }
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0) {
    return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  }
  return { type: 'ContainersReady', status: 'True' };
}

function podReady(pod: Pod, others: readonly PodCondition[], ready: Cond): Cond {
  if (ready.status !== 'True') return { ...ready, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = others.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') {
      messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
    }
  }
  if (messages.length > 0) {
    return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  }
  return { type: 'Ready', status: 'True' };
}

function initialized(
  pod: Pod,
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  phase: PodPhase,
): Cond {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) {
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  }
  if (statuses.some((s) => s.state?.running || s.state?.terminated)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length > 0) {
    return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') };
  }
  return { type: 'Initialized', status: 'True' };
}

/** Stamps lastTransitionTime: kept from the previous condition of the same type and status, `now` otherwise. */
function stamp(c: Cond, previous: readonly PodCondition[], now: string): WireCondition {
  const old = previous.find((x) => x.type === c.type);
  const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
  return { ...c, lastProbeTime: null, lastTransitionTime };
}

/** The status to report for `pod` given the agent's view of it; `now` is an RFC 3339 time (seconds). */
export function computePodStatus(pod: Pod, view: PodRuntimeView, now: string): WirePodStatus {
  const old = pod.status ?? {};
  const previous = old.conditions ?? [];
  let phase = podPhase(pod, view.initContainers, view.containers, view.terminal);
  // Pods never leave a terminal phase.
  if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;

  const others = previous.filter((c) => !kubeletConditions.has(c.type));
  const ready = containersReady(pod, view.containers, phase);
  const conditions: WireCondition[] = [
    ...others.map((c) => ({ ...c, lastProbeTime: null }) as WireCondition),
    stamp({ type: 'PodReadyToStartContainers', status: view.readyToStartContainers ? 'True' : 'False' }, previous, now),
    stamp(initialized(pod, view.initContainers, view.containers, phase), previous, now),
    stamp(podReady(pod, others, ready), previous, now),
    stamp(ready, previous, now),
    stamp({ type: 'PodScheduled', status: 'True' }, previous, now),
  ];

  const status: WirePodStatus = {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
  };
  const podIP = view.podIP ?? old.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  const startTime = old.startTime ?? view.startTime;
  if (startTime) status.startTime = startTime;
  if (view.initContainers.length > 0) status.initContainerStatuses = view.initContainers;
  status.containerStatuses = [...view.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (old.qosClass) status.qosClass = old.qosClass;
  if (phase === old.phase) {
    if (old.reason) status.reason = old.reason;
    if (old.message) status.message = old.message;
  }
  if (old.nominatedNodeName) status.nominatedNodeName = old.nominatedNodeName;
  return status;
}

/** Whether two statuses say the same thing (key order aside). */
export function sameStatus(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/**
 * The Pod printer (`printPod`): Ready "1/2", the aggregate Status (init progress, container waiting/terminated
 * reasons, Terminating, SchedulingGated ...), Restarts with the time of the last restart, and the wide columns.
 */

import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { humanDuration, parseTime } from './duration.js';
import { ageColumn, ageOf, column, nameColumn, type Printer, type TableRowCondition, view } from './printer.js';

/** The reason the node controller sets on pods of an unreachable node (`node.NodeUnreachablePodReason`). */
const NODE_UNREACHABLE_REASON = 'NodeLost';
/** Go's zero time, for "last restart" bookkeeping: never later than any real timestamp. */
const NEVER = Number.NEGATIVE_INFINITY;

const columns = [
  nameColumn,
  column('Ready', { description: 'The aggregate readiness state of this pod for accepting traffic.' }),
  column('Status', { description: 'The aggregate status of the containers in this pod.' }),
  column('Restarts', {
    description:
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  }),
  ageColumn,
  column('IP', { priority: 1 }),
  column('Node', { priority: 1 }),
  column('Nominated Node', { priority: 1 }),
  column('Readiness Gates', { priority: 1 }),
];

const isRestartable = (c: Container | undefined) => c?.restartPolicy === 'Always';

function finishedAt(status: ContainerStatus): number {
  return parseTime(status.lastState?.terminated?.finishedAt) ?? NEVER;
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  const found = conditions?.find((c) => c.type === type);
  return found?.status === 'True';
}

function hasPodReadyCondition(conditions: PodCondition[] | undefined): boolean {
  return (conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Counters accumulated over the container statuses. */
interface Tally {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart: number;
}

/** Walks init container statuses; returns whether the pod is still initializing. */
function tallyInitContainers(pod: Pod, tally: Tally, restartable: { restarts: number; lastRestart: number }): boolean {
  const specs = pod.spec?.initContainers ?? [];
  const byName = new Map(specs.map((c) => [c.name, c]));
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (const [i, container] of statuses.entries()) {
    const restartCount = container.restartCount ?? 0;
    const finished = finishedAt(container);
    tally.restarts += restartCount;
    if (finished > tally.lastRestart) tally.lastRestart = finished;
    const sidecar = isRestartable(byName.get(container.name));
    if (sidecar) {
      restartable.restarts += restartCount;
      if (finished > restartable.lastRestart) restartable.lastRestart = finished;
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && container.started === true) {
      if (container.ready) tally.ready++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) tally.reason = `Init:${terminated.reason}`;
      else if (terminated.signal) tally.reason = `Init:Signal:${terminated.signal}`;
      else tally.reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      tally.reason = `Init:${waiting.reason}`;
    } else {
      tally.reason = `Init:${i}/${specs.length}`;
    }
    return true;
  }
  return false;
}

/** Walks app container statuses (last to first, so the first container's reason wins). */
function tallyContainers(status: PodStatus, tally: Tally): void {
  let hasRunning = false;
  const statuses = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const container = statuses[i]!;
    tally.restarts += container.restartCount ?? 0;
    const finished = finishedAt(container);
    if (finished > tally.lastRestart) tally.lastRestart = finished;
    const waiting = container.state?.waiting;
    const terminated = container.state?.terminated;
    if (waiting?.reason) {
      tally.reason = waiting.reason;
    } else if (terminated?.reason) {
      tally.reason = terminated.reason;
    } else if (terminated) {
      tally.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    } else if (container.ready && container.state?.running) {
      hasRunning = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    tally.reason = hasPodReadyCondition(status.conditions) ? 'Running' : 'NotReady';
  }
}

function podStatusCells(pod: Pod, now: Date): [string, string, string] {
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const tally: Tally = { reason: status.reason || phase, ready: 0, restarts: 0, lastRestart: NEVER };
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    tally.reason = 'SchedulingGated';
  }
  const initSpecs = pod.spec?.initContainers ?? [];
  const total = (pod.spec?.containers?.length ?? 0) + initSpecs.filter(isRestartable).length;
  const restartable = { restarts: 0, lastRestart: NEVER };
  const initializing = tallyInitContainers(pod, tally, restartable);
  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    tally.restarts = restartable.restarts;
    tally.lastRestart = restartable.lastRestart;
    tallyContainers(status, tally);
  }
  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) {
    tally.reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    tally.reason = 'Terminating';
  }
  let restarts = String(tally.restarts);
  if (tally.restarts !== 0 && tally.lastRestart !== NEVER) {
    restarts = `${tally.restarts} (${humanDuration(now.getTime() - tally.lastRestart)} ago)`;
  }
  return [`${tally.ready}/${total}`, tally.reason, restarts];
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

/** The first pod IP; `status.podIP` stands in when `podIPs` is absent, as the v1 conversion does. */
function podIP(status: PodStatus | undefined): string {
  const ips = status?.podIPs ?? [];
  const ip = ips.length > 0 ? ips[0]?.ip : status?.podIP;
  return ip || '<none>';
}

const succeeded: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const failed: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

export const podPrinter: Printer = {
  columns,
  cells(obj: KubeObject, now: Date): unknown[] {
    const pod = view<Pod>(obj);
    const [ready, reason, restarts] = podStatusCells(pod, now);
    return [
      obj.metadata.name ?? '',
      ready,
      reason,
      restarts,
      ageOf(obj, now),
      podIP(pod.status),
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(obj: KubeObject): TableRowCondition[] | undefined {
    const phase = view<Pod>(obj).status?.phase;
    if (phase === 'Succeeded') return succeeded;
    if (phase === 'Failed') return failed;
    return undefined;
  },
};

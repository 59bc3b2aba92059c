/**
 * The node conditions kubelet owns (`nodestatus` setters): MemoryPressure, DiskPressure and PIDPressure False,
 * Ready True. Every heartbeat moves `lastHeartbeatTime`; `lastTransitionTime` moves only when the status changes,
 * and each change is reported as a node Event (`NodeHasSufficientMemory`, `NodeReady` ...).
 */
import type { NodeCondition } from 'kubernetes-types/core/v1.js';

interface OwnedCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  /** The Event reason kubelet records when the condition turns to `status`. */
  event: string;
}

const owned: readonly OwnedCondition[] = [
  {
    type: 'MemoryPressure',
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
    event: 'NodeHasSufficientMemory',
  },
  {
    type: 'DiskPressure',
    status: 'False',
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
    event: 'NodeHasNoDiskPressure',
  },
  {
    type: 'PIDPressure',
    status: 'False',
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
    event: 'NodeHasSufficientPID',
  },
  {
    type: 'Ready',
    status: 'True',
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
    event: 'NodeReady',
  },
];

export interface ConditionUpdate {
  conditions: NodeCondition[];
  /** Event reasons of the conditions that changed status, in order. */
  transitions: string[];
}

/** The conditions after a heartbeat at `time` (metav1.Time text); conditions kubelet does not own are kept. */
export function heartbeatConditions(previous: readonly NodeCondition[] | undefined, time: string): ConditionUpdate {
  const transitions: string[] = [];
  const next = (want: OwnedCondition): NodeCondition => {
    const old = previous?.find((c) => c.type === want.type);
    const changed = old?.status !== want.status;
    if (changed) transitions.push(want.event);
    return {
      type: want.type,
      status: want.status,
      lastHeartbeatTime: time,
      lastTransitionTime: changed || !old?.lastTransitionTime ? time : old.lastTransitionTime,
      reason: want.reason,
      message: want.message,
    };
  };
  const byType = new Map(owned.map((o) => [o.type, o]));
  const conditions = (previous ?? []).map((c) => {
    const want = byType.get(c.type);
    return want ? next(want) : c;
  });
  for (const want of owned) {
    if (!previous?.some((c) => c.type === want.type)) conditions.push(next(want));
  }
  return { conditions, transitions: owned.map((o) => o.event).filter((e) => transitions.includes(e)) };
}

/**
 * The `PodScheduled=False` condition the scheduler reports on a pod no node accepts (`podutil.UpdatePodCondition`:
 * the transition time moves only when the status changes; nothing is written when nothing changed).
 */
import type { PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';

export const reasonUnschedulable = 'Unschedulable';

/** metav1.Time's wire form: RFC 3339 in seconds. */
export function wireTime(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * `status` with PodScheduled=False / Unschedulable / `message`, or undefined when the pod already says so.
 * `lastProbeTime` is null, as Go serializes the zero time.
 */
export function withUnschedulableCondition(
  status: PodStatus | undefined,
  message: string,
  now: Date,
): PodStatus | undefined {
  const conditions = status?.conditions ?? [];
  const old = conditions.find((c) => c.type === 'PodScheduled');
  if (old && old.status === 'False' && old.reason === reasonUnschedulable && old.message === message) return undefined;
  const condition = {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : wireTime(now),
    reason: reasonUnschedulable,
    message,
  } as unknown as PodCondition;
  const next = old ? conditions.map((c) => (c === old ? condition : c)) : [...conditions, condition];
  return { ...status, conditions: next };
}

/**
 * Taints and tolerations (k8s.io/api `Toleration.ToleratesTaint`, component-helpers
 * `FindMatchingUntoleratedTaint`) and the NoSchedule taints the node lifecycle controller derives from node
 * conditions (`nodeConditionToTaintKeyStatusMap`), which the scheduler adds itself so a NotReady node repels pods
 * even when no such controller runs.
 */
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.js';

export const taintNotReady = 'node.kubernetes.io/not-ready';
export const taintUnreachable = 'node.kubernetes.io/unreachable';
export const taintUnschedulable = 'node.kubernetes.io/unschedulable';

/** Node condition type → condition status → the NoSchedule taint key it implies. */
const conditionTaints: Record<string, Record<string, string>> = {
  Ready: { False: taintNotReady, Unknown: taintUnreachable },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

/** `Toleration.ToleratesTaint`: empty effect and empty key are wildcards; operator `Exists` ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const operator = t.operator ?? '';
  if (operator === 'Exists') return true;
  if (operator === '' || operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** The node's taints plus the NoSchedule taints its conditions imply (without duplicates). */
export function effectiveTaints(node: Node): Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  for (const c of node.status?.conditions ?? []) {
    const key = conditionTaints[c.type]?.[c.status];
    if (key && !taints.some((t) => t.key === key && t.effect === 'NoSchedule')) {
      taints.push({ key, effect: 'NoSchedule' });
    }
  }
  return taints;
}

/** The first NoSchedule or NoExecute taint none of the tolerations tolerates, if any. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  return taints.find(
    (taint) =>
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') &&
      !tolerations.some((t) => toleratesTaint(t, taint)),
  );
}

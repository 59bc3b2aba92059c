/**
 * The namespace controller's arithmetic (upstream `namespaced_resources_deleter.go`): how long content may still
 * take to go, what is left of one resource after a deletion pass, and the finalizers a finalized namespace keeps.
 */
import type { KubeObject } from '../../api/object.js';

/** Assumed wait for objects held by finalizers (upstream `finalizerEstimateSeconds`). */
export const finalizerEstimateSeconds = 15;

/** The namespace controller's own finalizer in `spec.finalizers`. */
export const kubernetesFinalizer = 'kubernetes';

interface PodView {
  spec?: { terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

/**
 * The longest grace period of the pods that have not finished, or 0 once that long has passed since the
 * namespace's deletion began.
 */
export function podGraceEstimate(pods: readonly KubeObject[], deletedAt: Date, now: Date): number {
  let estimate = 0;
  for (const pod of pods as readonly (KubeObject & PodView)[]) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return now.getTime() - deletedAt.getTime() >= estimate * 1000 ? 0 : estimate;
}

/** What is left of one resource after a deletion pass. */
export interface ResourceRemainder {
  /** Seconds to wait before looking again; 0 does not mean nothing is left. */
  estimateSeconds: number;
  remaining: number;
  /** Instances held, by finalizer. */
  finalizers: Map<string, number>;
  /** Items remain with nothing to explain why (upstream reports it as an error). */
  unexpected: boolean;
}

/** Upstream's verdict on the items a resource still lists after deleting, given the graceful estimate. */
export function remainderOf(items: readonly KubeObject[], gracefulEstimate: number): ResourceRemainder {
  const finalizers = new Map<string, number>();
  if (items.length === 0) return { estimateSeconds: 0, remaining: 0, finalizers, unexpected: false };
  for (const item of items) {
    for (const f of item.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  }
  const remaining = items.length;
  if (gracefulEstimate !== 0) return { estimateSeconds: gracefulEstimate, remaining, finalizers, unexpected: false };
  if (finalizers.size > 0) {
    return { estimateSeconds: finalizerEstimateSeconds, remaining, finalizers, unexpected: false };
  }
  return { estimateSeconds: 0, remaining, finalizers, unexpected: true };
}

/** `spec.finalizers` without the controller's token, sorted and unique (upstream `finalizeNamespace`). */
export function finalizersAfterFinalize(finalizers: readonly string[], token = kubernetesFinalizer): string[] {
  return [...new Set(finalizers.filter((f) => f !== token))].sort();
}

/** Seconds before looking again at a namespace whose content needs `estimate` more seconds. */
export function requeueDelaySeconds(estimate: number): number {
  return Math.floor(estimate / 2) + 1;
}

/**
 * Brings a ReplicaSet's pod count to `spec.replicas` (k/k `manageReplicas`): at most `burstReplicas` creations
 * (slow-start batches) or deletions (best victims first) per sync, each recorded in the expectations first so
 * the next sync waits until the informer has seen them.
 */
import type { Expectations } from './expectations.js';
import { isNamespaceTerminating, isNotFound, type PodControl } from './pod-control.js';
import { podsToDelete } from './pod-ranking.js';
import { desiredReplicas } from './replica-status.js';
import { slowStartBatch, slowStartInitialBatchSize } from './slow-start.js';
import { objectKey, type PodObject, type ReplicaSetObject } from './types.js';

/** `BurstReplicas`: the most pods one sync creates or deletes. */
export const burstReplicas = 500;

/** What a sync does about the pod count: create or delete `count` pods, or nothing. */
export type ReplicaChange = { action: 'create' | 'delete'; count: number } | { action: 'none' };

/** The change `manageReplicas` makes for `podCount` active pods, capped at `burst`. */
export function replicaChange(rs: ReplicaSetObject, podCount: number, burst = burstReplicas): ReplicaChange {
  const diff = podCount - desiredReplicas(rs);
  if (diff < 0) return { action: 'create', count: Math.min(-diff, burst) };
  if (diff > 0) return { action: 'delete', count: Math.min(diff, burst) };
  return { action: 'none' };
}

export interface ManageDeps {
  podControl: PodControl;
  expectations: Expectations;
  now(): Date;
  /** Pods of every ReplicaSet with the same controller as `rs`, for the colocation rank. */
  relatedPods(rs: ReplicaSetObject): PodObject[];
  burstReplicas?: number;
}

/** Creates or deletes pods for `rs` given its claimed active `pods`; rejects with the first failure. */
export async function manageReplicas(
  deps: ManageDeps,
  key: string,
  rs: ReplicaSetObject,
  pods: readonly PodObject[],
): Promise<void> {
  const change = replicaChange(rs, pods.length, deps.burstReplicas);
  if (change.action === 'create') {
    deps.expectations.expectCreations(key, change.count);
    const { successes, error } = await slowStartBatch(change.count, slowStartInitialBatchSize, async () => {
      try {
        await deps.podControl.createPod(rs);
      } catch (err) {
        // Every create fails while the namespace is deleted: nothing to retry.
        if (!isNamespaceTerminating(err)) throw err;
      }
    });
    // Pods never attempted will not be observed.
    for (let i = successes; i < change.count; i++) deps.expectations.creationObserved(key);
    if (error !== undefined) throw error;
  } else if (change.action === 'delete') {
    const victims = podsToDelete(pods, deps.relatedPods(rs), change.count, deps.now());
    deps.expectations.expectDeletions(key, victims.map(objectKey));
    const results = await Promise.allSettled(
      victims.map(async (pod) => {
        try {
          await deps.podControl.deletePod(rs, pod.metadata.namespace ?? '', pod.metadata.name ?? '');
        } catch (err) {
          deps.expectations.deletionObserved(key, objectKey(pod));
          if (!isNotFound(err)) throw err;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

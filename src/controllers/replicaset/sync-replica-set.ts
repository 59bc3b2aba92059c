/**
 * One reconcile of one ReplicaSet (k/k `syncReplicaSet`): read it and its pods from the informer caches,
 * claim pods, create or delete pods when the expectations allow, and write the status through `/status`.
 */
import type { ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import { type LabelSelectorMatcher, labelSelectorFromObject } from '../../api/labels/index.js';
import type { Informer, Logger, WorkQueue } from '../../client/framework-types.js';
import type { KubeClient } from '../../client/types.js';
import { claimPods } from './claim-pods.js';
import type { Expectations } from './expectations.js';
import { orphanPodsKey, podsByControllerIndex, replicaSetsByControllerIndex } from './indexes.js';
import { manageReplicas } from './manage-replicas.js';
import type { PodControl } from './pod-control.js';
import { isPodActive } from './pod-state.js';
import {
  calculateStatus,
  nextAvailabilityCheckMs,
  statusNeedsWrite,
  withObservedGeneration,
} from './replica-status.js';
import { replicaSetsResource } from './resources.js';
import { controllerOf, type PodObject, type ReplicaSetObject } from './types.js';

export interface SyncDeps {
  client: KubeClient;
  replicaSets: Informer<ReplicaSetObject>;
  pods: Informer<PodObject>;
  queue: WorkQueue;
  podControl: PodControl;
  expectations: Expectations;
  now(): Date;
  log: Logger;
  burstReplicas?: number;
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** `FilterPodsByOwner(..., includeOrphanedPods)`: pods controlled by `rs` and orphans of its namespace. */
function candidatePods(pods: Informer<PodObject>, rs: ReplicaSetObject): PodObject[] {
  const namespace = rs.metadata.namespace ?? '';
  return [
    ...pods.byIndex(podsByControllerIndex, rs.metadata.uid ?? ''),
    ...pods.byIndex(podsByControllerIndex, orphanPodsKey(namespace)),
  ].filter((p) => p.metadata.namespace === namespace);
}

/** `getIndirectlyRelatedPods`: the pods selected by every ReplicaSet with the same controller as `rs`. */
export function relatedPods(deps: Pick<SyncDeps, 'replicaSets' | 'pods'>, rs: ReplicaSetObject): PodObject[] {
  const ref = controllerOf(rs);
  if (!ref) return [];
  const seen = new Set<string>();
  const result: PodObject[] = [];
  for (const related of deps.replicaSets.byIndex(replicaSetsByControllerIndex, ref.uid)) {
    let selector: LabelSelectorMatcher;
    try {
      selector = labelSelectorFromObject(related.spec?.selector);
    } catch {
      continue;
    }
    for (const pod of deps.pods.list(related.metadata.namespace ?? '')) {
      const uid = pod.metadata.uid ?? '';
      if (seen.has(uid) || !selector.matches(pod.metadata.labels)) continue;
      seen.add(uid);
      result.push(pod);
    }
  }
  return result;
}

/**
 * Writes `status` unless nothing changed (`updateReplicaSetStatus`): one retry after a fresh GET when the
 * write fails (a conflict with another writer, usually). Returns the ReplicaSet as stored.
 */
export async function updateStatus(
  client: KubeClient,
  rs: ReplicaSetObject,
  status: ReplicaSetStatus,
): Promise<ReplicaSetObject> {
  if (!statusNeedsWrite(rs, status)) return rs;
  const replicaSets = client.resource<ReplicaSetObject>(replicaSetsResource, rs.metadata.namespace ?? '');
  const next = withObservedGeneration(rs, status);
  try {
    return await replicaSets.updateStatus({ ...rs, status: next });
  } catch {
    const fresh = await replicaSets.get(rs.metadata.name ?? '');
    // The generation acted on stays the one this sync saw.
    return await replicaSets.updateStatus({ ...fresh, status: next });
  }
}

/** Reconciles the ReplicaSet `key` (`namespace/name`). Rejects to have the key retried with backoff. */
export async function syncReplicaSet(deps: SyncDeps, key: string): Promise<void> {
  const rs = deps.replicaSets.get(key);
  if (!rs) {
    deps.expectations.delete(key);
    return;
  }
  const needsSync = deps.expectations.satisfied(key);
  let selector: LabelSelectorMatcher;
  try {
    selector = labelSelectorFromObject(rs.spec?.selector);
  } catch (err) {
    deps.log.error('invalid selector', { key, err: toError(err).message });
    return;
  }
  const active = candidatePods(deps.pods, rs).filter(isPodActive);
  const pods = await claimPods(deps.client, deps.podControl, rs, selector, active);

  let manageError: Error | undefined;
  if (needsSync && !rs.metadata.deletionTimestamp) {
    const manageDeps = {
      podControl: deps.podControl,
      expectations: deps.expectations,
      now: deps.now,
      relatedPods: (r: ReplicaSetObject) => relatedPods(deps, r),
      ...(deps.burstReplicas !== undefined ? { burstReplicas: deps.burstReplicas } : {}),
    };
    manageError = await manageReplicas(manageDeps, key, rs, pods).then(
      () => undefined,
      (err: unknown) => toError(err),
    );
  }
  const now = deps.now();
  const status = calculateStatus(rs, pods, manageError, now);
  const updated = await updateStatus(deps.client, rs, status);
  const recheck = nextAvailabilityCheckMs(pods, updated.spec?.minReadySeconds ?? 0, updated.status ?? status, now);
  if (recheck !== undefined) deps.queue.addAfter(key, recheck);
  if (manageError) throw manageError;
}

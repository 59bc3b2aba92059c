/**
 * Informer event handlers (k/k `addRS`/`updateRS`/`deleteRS`/`addPod`/`updatePod`/`deletePod`): they only
 * enqueue ReplicaSet keys and record observed creations and deletions in the expectations.
 */
import { isDeepStrictEqual } from 'node:util';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { labelSelectorFromObject } from '../../api/labels/index.js';
import type { Informer, WorkQueue } from '../../client/framework-types.js';
import type { Expectations } from './expectations.js';
import { isPodReady } from './pod-state.js';
import { controllerOf, objectKey, type PodObject, type ReplicaSetObject, replicaSetKind } from './types.js';

export interface HandlerDeps {
  replicaSets: Informer<ReplicaSetObject>;
  pods: Informer<PodObject>;
  queue: WorkQueue;
  expectations: Expectations;
}

/** `resolveControllerRef`: the cached ReplicaSet a controller reference points to, if it still exists. */
export function resolveControllerRef(
  replicaSets: Informer<ReplicaSetObject>,
  namespace: string,
  ref: OwnerReference,
): ReplicaSetObject | undefined {
  if (ref.kind !== replicaSetKind) return undefined;
  const rs = replicaSets.get(`${namespace}/${ref.name}`);
  return rs?.metadata.uid === ref.uid ? rs : undefined;
}

/** `GetPodReplicaSets`: the ReplicaSets of the pod's namespace whose (non-empty, valid) selector matches it. */
export function replicaSetsSelecting(replicaSets: Informer<ReplicaSetObject>, pod: PodObject): ReplicaSetObject[] {
  if (Object.keys(pod.metadata.labels ?? {}).length === 0) return [];
  return replicaSets.list(pod.metadata.namespace ?? '').filter((rs) => {
    try {
      const selector = labelSelectorFromObject(rs.spec?.selector);
      return !selector.empty() && selector.matches(pod.metadata.labels);
    } catch {
      return false;
    }
  });
}

export class ReplicaSetEventHandlers {
  constructor(private readonly deps: HandlerDeps) {}

  register(): void {
    this.deps.replicaSets.addHandlers({
      add: (rs) => this.deps.queue.add(objectKey(rs)),
      update: (oldRs, curRs) => {
        if (oldRs.metadata.uid !== curRs.metadata.uid) this.deleteReplicaSet(oldRs);
        this.deps.queue.add(objectKey(curRs));
      },
      delete: (rs) => this.deleteReplicaSet(rs),
    });
    this.deps.pods.addHandlers({
      add: (pod) => this.addPod(pod),
      update: (oldPod, curPod) => this.updatePod(oldPod, curPod),
      delete: (pod) => this.deletePod(pod),
    });
  }

  private deleteReplicaSet(rs: ReplicaSetObject): void {
    const key = objectKey(rs);
    this.deps.expectations.delete(key);
    this.deps.queue.add(key);
  }

  private resolve(pod: PodObject, ref: OwnerReference): ReplicaSetObject | undefined {
    return resolveControllerRef(this.deps.replicaSets, pod.metadata.namespace ?? '', ref);
  }

  addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      // Seen for the first time while terminating (e.g. after a restart): not a creation.
      this.deletePod(pod);
      return;
    }
    const ref = controllerOf(pod);
    if (ref) {
      const rs = this.resolve(pod, ref);
      if (!rs) return;
      const key = objectKey(rs);
      this.deps.expectations.creationObserved(key);
      this.deps.queue.add(key);
      return;
    }
    // An orphan: every ReplicaSet that might adopt it syncs (no creation is observed for orphans).
    for (const rs of replicaSetsSelecting(this.deps.replicaSets, pod)) this.deps.queue.add(objectKey(rs));
  }

  updatePod(oldPod: PodObject, curPod: PodObject): void {
    if (curPod.metadata.resourceVersion === oldPod.metadata.resourceVersion) return;
    const labelChanged = !isDeepStrictEqual(curPod.metadata.labels ?? {}, oldPod.metadata.labels ?? {});
    if (curPod.metadata.deletionTimestamp) {
      // Graceful deletion started: the ReplicaSet replaces the pod now, not when it is finally gone.
      this.deletePod(curPod);
      if (labelChanged) this.deletePod(oldPod);
      return;
    }
    const curRef = controllerOf(curPod);
    const oldRef = controllerOf(oldPod);
    const refChanged = !isDeepStrictEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const oldRs = this.resolve(oldPod, oldRef);
      if (oldRs) this.deps.queue.add(objectKey(oldRs));
    }
    if (curRef) {
      const rs = this.resolve(curPod, curRef);
      if (!rs) return;
      this.deps.queue.add(objectKey(rs));
      const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldPod) && isPodReady(curPod) && minReadySeconds > 0) {
        // Counted as available once minReadySeconds passed; one more second against clock skew.
        this.deps.queue.addAfter(objectKey(rs), (minReadySeconds + 1) * 1000);
      }
      return;
    }
    if (labelChanged || refChanged) {
      for (const rs of replicaSetsSelecting(this.deps.replicaSets, curPod)) this.deps.queue.add(objectKey(rs));
    }
  }

  deletePod(pod: PodObject): void {
    const ref = controllerOf(pod);
    if (!ref) return;
    const rs = this.resolve(pod, ref);
    if (!rs) return;
    const key = objectKey(rs);
    this.deps.expectations.deletionObserved(key, objectKey(pod));
    this.deps.queue.add(key);
  }
}

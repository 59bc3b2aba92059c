/**
 * Adoption and release of pods (k/k `controller_ref_manager.go`, `BaseControllerRefManager.ClaimObject`): a
 * ReplicaSet keeps the pods it controls that still match its selector, adopts matching orphans and releases
 * pods it controls that stopped matching. The decision and the patches are pure.
 */
import type { LabelSelectorMatcher } from '../../api/labels/index.js';
import { controllerOf, type PodObject, type ReplicaSetObject, replicaSetApiVersion, replicaSetKind } from './types.js';

/**
 * - `keep`: already ours and matching;
 * - `adopt`: a matching orphan (patch in our controller reference, then keep);
 * - `release`: ours but no longer matching (patch our reference out);
 * - `ignore`: someone else's, or not ours to take.
 */
export type ClaimDecision = 'keep' | 'adopt' | 'release' | 'ignore';

/** `ClaimObject` for one pod. */
export function claimDecision(rs: ReplicaSetObject, selector: LabelSelectorMatcher, pod: PodObject): ClaimDecision {
  const ref = controllerOf(pod);
  const matches = selector.matches(pod.metadata.labels);
  const rsDeleting = Boolean(rs.metadata.deletionTimestamp);
  if (ref) {
    if (ref.uid !== rs.metadata.uid) return 'ignore';
    if (matches) return 'keep';
    return rsDeleting ? 'ignore' : 'release';
  }
  if (rsDeleting || !matches) return 'ignore';
  if (pod.metadata.deletionTimestamp) return 'ignore';
  if (rs.metadata.namespace && rs.metadata.namespace !== pod.metadata.namespace) return 'ignore';
  return 'adopt';
}

/** The controller reference a ReplicaSet puts on its pods (`metav1.NewControllerRef`). */
export function controllerRefFor(rs: ReplicaSetObject) {
  return {
    apiVersion: replicaSetApiVersion,
    kind: replicaSetKind,
    name: rs.metadata.name ?? '',
    uid: rs.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * The strategic merge patch that adopts `pod` (`ownerRefControllerPatch`); the pod's uid in the patch makes
 * it fail rather than touch a different pod of the same name.
 */
export function adoptPatch(rs: ReplicaSetObject, pod: PodObject): object {
  return { metadata: { ownerReferences: [controllerRefFor(rs)], uid: pod.metadata.uid } };
}

/** The strategic merge patch that releases `pod` (`GenerateDeleteOwnerRefStrategicMergeBytes`). */
export function releasePatch(rs: ReplicaSetObject, pod: PodObject): object {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: rs.metadata.uid }], uid: pod.metadata.uid } };
}

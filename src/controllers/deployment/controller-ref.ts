/**
 * ControllerRef bookkeeping between a Deployment and ReplicaSets (k/k `pkg/controller/controller_ref_manager.go`
 * `ClaimObject` / `ClaimReplicaSets`): keep what it controls and still selects, adopt orphans it selects,
 * release what it controls but no longer selects. Pure: the I/O shell sends the patches.
 */
import type { LabelSelectorMatcher } from '../../api/labels/index.js';
import { controllerOf, controllerRefFor, type DeploymentObject, type ReplicaSetObject } from './types.js';

export type ClaimAction = 'keep' | 'ignore' | 'adopt' | 'release';

/** What the Deployment does about one ReplicaSet of its namespace. */
export function claimAction(d: DeploymentObject, rs: ReplicaSetObject, selector: LabelSelectorMatcher): ClaimAction {
  const matches = selector.matches(rs.metadata.labels);
  const ref = controllerOf(rs);
  if (ref !== undefined) {
    if (ref.uid !== d.metadata.uid) return 'ignore';
    if (matches) return 'keep';
    return d.metadata.deletionTimestamp ? 'ignore' : 'release';
  }
  if (d.metadata.deletionTimestamp || !matches || rs.metadata.deletionTimestamp) return 'ignore';
  if ((rs.metadata.namespace ?? '') !== (d.metadata.namespace ?? '')) return 'ignore';
  return 'adopt';
}

/** The strategic merge patch that adopts an orphan (`ownerRefControllerPatch`). */
export function adoptPatch(d: DeploymentObject, rs: ReplicaSetObject): unknown {
  return { metadata: { ownerReferences: [controllerRefFor(d)], uid: rs.metadata.uid } };
}

/** The strategic merge patch that releases a ReplicaSet (`deleteOwnerRefStrategicMergePatch`). */
export function releasePatch(d: DeploymentObject, rs: ReplicaSetObject): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: d.metadata.uid }], uid: rs.metadata.uid } };
}

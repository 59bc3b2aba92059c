/**
 * What the collector does with one object once it knows the state of each of its owners (upstream
 * `attemptToDeleteItem` after `classifyReferences`). Pure: the collector fetched the owners.
 */
import type { KubeObject } from '../../api/object.js';
import { foregroundFinalizer, orphanFinalizer } from './dependency-graph.js';
import type { OwnerReference } from './object-identity.js';

/** An owner as the API server reported it: gone (absent, or another uid), or its latest metadata. */
export type OwnerLookup = { state: 'dangling' } | { state: 'exists'; owner: KubeObject };

export interface ClassifiedReferences {
  /** The owner exists and is not waiting for its dependents. */
  solid: OwnerReference[];
  /** The owner does not exist. */
  dangling: OwnerReference[];
  /** The owner is being deleted in the foreground. */
  waitingForDependentsDeletion: OwnerReference[];
}

export function classifyReference(lookup: OwnerLookup): keyof ClassifiedReferences {
  if (lookup.state === 'dangling') return 'dangling';
  const meta = lookup.owner.metadata;
  if (meta.deletionTimestamp && (meta.finalizers ?? []).includes(foregroundFinalizer)) {
    return 'waitingForDependentsDeletion';
  }
  return 'solid';
}

export type DeletionPolicy = 'Orphan' | 'Foreground' | 'Background';

export type DeletionDecision =
  /** Keep the object as it is. */
  | { action: 'keep' }
  /** Keep the object (it has a live owner) but drop its references to these owner uids. */
  | { action: 'remove-references'; ownerUids: string[] }
  /**
   * Delete the object. `unblockFirst`: make its own references non-blocking first, so that a dependency circle
   * of foreground deletions cannot wait on itself.
   */
  | { action: 'delete'; policy: DeletionPolicy; unblockFirst: boolean };

export interface DecisionInput {
  /** The object's latest state (finalizers decide the policy of a collected object). */
  latest: KubeObject;
  refs: ClassifiedReferences;
  /** Whether the object has dependents in the graph. */
  hasDependents: boolean;
  /** Whether one of its dependents is itself deleting its dependents in the foreground. */
  dependentDeletingDependents: boolean;
}

export function decideDeletion(input: DecisionInput): DeletionDecision {
  const { solid, dangling, waitingForDependentsDeletion: waiting } = input.refs;
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return { action: 'keep' };
    // References to owners waiting for their dependents must go, or those owners would wait forever.
    return { action: 'remove-references', ownerUids: [...dangling, ...waiting].map((ref) => ref.uid) };
  }
  if (waiting.length > 0 && input.hasDependents) {
    return { action: 'delete', policy: 'Foreground', unblockFirst: input.dependentDeletingDependents };
  }
  const finalizers = input.latest.metadata.finalizers ?? [];
  const policy: DeletionPolicy = finalizers.includes(orphanFinalizer)
    ? 'Orphan'
    : finalizers.includes(foregroundFinalizer)
      ? 'Foreground'
      : 'Background';
  return { action: 'delete', policy, unblockFirst: false };
}

/** Strategic merge patch removing owner references by uid; `metadata.uid` makes it fail on another object. */
export function removeOwnerReferencesPatch(dependentUid: string, ownerUids: string[]): unknown {
  return {
    metadata: {
      ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })),
      uid: dependentUid,
    },
  };
}

/** Strategic merge patch turning every blocking owner reference of the object non-blocking. */
export function unblockOwnerReferencesPatch(dependentUid: string, owners: OwnerReference[]): unknown {
  return {
    metadata: {
      ownerReferences: owners
        .filter((ref) => ref.blockOwnerDeletion === true)
        .map((ref) => ({ ...ref, blockOwnerDeletion: false })),
      uid: dependentUid,
    },
  };
}

/**
 * JSON merge patch removing one finalizer, guarded by the resourceVersion it was computed from; undefined when
 * the finalizer is not there.
 */
export function removeFinalizerPatch(obj: KubeObject, finalizer: string): unknown | undefined {
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return undefined;
  const rest = finalizers.filter((f) => f !== finalizer);
  return { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: rest.length > 0 ? rest : null } };
}

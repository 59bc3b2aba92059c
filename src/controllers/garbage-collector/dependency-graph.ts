/**
 * The dependency graph of every monitored object, keyed by uid (upstream `GraphBuilder.processGraphChanges`).
 * Informer events and virtual deletions (owners the API server says are gone) update it in order; it tells the
 * collector what to look at through `GraphOutputs`. No I/O: the collector does the API calls.
 */
import type { AbsentOwnerCache } from './absent-owner-cache.js';
import { alternateOwnerIdentity, partitionDependents } from './dependent-partition.js';
import { GraphNode } from './graph-node.js';
import {
  identityOfReference,
  matchesCoordinates,
  type ObjectIdentity,
  type OwnerReference,
  sameIdentity,
} from './object-identity.js';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

/** What the graph needs of an observed object. */
export interface ObservedObject {
  identity: ObjectIdentity;
  ownerReferences: OwnerReference[];
  beingDeleted: boolean;
  finalizers: string[];
}

/** Where the graph sends work. */
export interface GraphOutputs {
  /** Check whether the node should be deleted (or, for virtual nodes, whether it exists). */
  attemptToDelete(node: GraphNode, opts?: { rateLimited?: boolean }): void;
  /** Remove the node's references from its dependents, then its `orphan` finalizer. */
  attemptToOrphan(node: GraphNode): void;
  /** The dependent names an owner that lives in another namespace (Event `OwnerRefInvalidNamespace`). */
  invalidNamespaceOwnerRef(dependent: GraphNode, ownerRef: OwnerReference): void;
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();

  constructor(
    private readonly out: GraphOutputs,
    readonly absentOwners: AbsentOwnerCache,
  ) {}

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** An object added or updated, as an informer saw it. */
  observe(object: ObservedObject, old?: ObservedObject): void {
    let existing = this.nodes.get(object.identity.uid);
    if (existing?.virtual) {
      this.replaceVirtualIdentity(existing, object.identity);
      existing.virtual = false;
    }
    if (!existing) {
      existing = new GraphNode({
        identity: object.identity,
        owners: object.ownerReferences,
        beingDeleted: object.beingDeleted,
        deletingDependents: object.beingDeleted && object.finalizers.includes(foregroundFinalizer),
      });
      this.nodes.set(existing.uid, existing);
      this.addDependentToOwners(existing, existing.owners);
    } else {
      const { added, removed, changed } = referencesDiff(existing.owners, object.ownerReferences);
      if (added.length + removed.length + changed.length > 0) {
        this.enqueueUnblockedOwners(removed, changed);
        existing.owners = object.ownerReferences;
        this.addDependentToOwners(existing, added);
        this.removeDependentFromOwners(existing, removed);
      }
      if (object.beingDeleted) existing.beingDeleted = true;
    }
    this.processTransitions(existing, object, old);
  }

  /** An object deleted, as an informer saw it. */
  observeDeletion(identity: ObjectIdentity): void {
    const existing = this.nodes.get(identity.uid);
    if (existing) this.removeNode(existing, identity);
  }

  /** The collector found that `identity` does not exist (NotFound, or another uid under that name). */
  virtualDelete(identity: ObjectIdentity): void {
    const existing = this.nodes.get(identity.uid);
    if (!existing) return;
    if (existing.virtual) {
      const { matching, nonmatching } = partitionDependents(existing.dependents, identity);
      if (nonmatching.length > 0) {
        // Some dependents name this uid differently: keep the node, and try the other identity next.
        this.collectMatching(matching, identity);
        if (sameIdentity(existing.identity, identity)) {
          const replacement = alternateOwnerIdentity(nonmatching, identity);
          if (replacement) {
            existing.identity = replacement;
            this.out.attemptToDelete(existing, { rateLimited: true });
          }
        }
        return;
      }
    } else if (!sameIdentity(existing.identity, identity)) {
      // The real object exists under other coordinates: only the dependents naming the absent ones are affected.
      this.collectMatching(partitionDependents(existing.dependents, identity).matching, identity);
      return;
    }
    this.removeNode(existing, identity);
  }

  private collectMatching(matching: GraphNode[], absent: ObjectIdentity): void {
    if (matching.length === 0) return;
    this.absentOwners.add(absent);
    for (const dep of matching) this.out.attemptToDelete(dep);
  }

  /** A virtual node is observed: dependents that named it otherwise may hold invalid references. */
  private replaceVirtualIdentity(node: GraphNode, observed: ObjectIdentity): void {
    if (sameIdentity(node.identity, observed)) return;
    for (const dep of partitionDependents(node.dependents, observed).nonmatching) {
      if (observed.namespace !== '' && dep.identity.namespace !== observed.namespace) {
        this.reportInvalidNamespace(dep, observed.uid);
      }
      this.out.attemptToDelete(dep);
    }
    node.identity = observed;
  }

  private removeNode(node: GraphNode, deleted: ObjectIdentity): void {
    this.nodes.delete(node.uid);
    this.removeDependentFromOwners(node, node.owners);
    if (node.dependents.size > 0) this.absentOwners.add(deleted);
    for (const dep of node.dependents) this.out.attemptToDelete(dep);
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      // A foreground deletion may be waiting for this dependent to go.
      if (owner?.deletingDependents) this.out.attemptToDelete(owner);
    }
  }

  /**
   * Links `node` under each owner, creating virtual nodes (to be verified) for owners not seen yet. A reference
   * that disagrees with an owner already in the graph queues the dependent for verification.
   */
  private addDependentToOwners(node: GraphNode, refs: OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = new GraphNode({ identity: identityOfReference(ref, node.identity.namespace), virtual: true });
        this.nodes.set(owner.uid, owner);
        owner.dependents.add(node);
        this.out.attemptToDelete(owner);
        continue;
      }
      owner.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespaced = owner.identity.namespace !== '';
      if (ownerNamespaced && owner.identity.namespace !== node.identity.namespace) {
        if (!owner.virtual) this.reportInvalidNamespace(node, ref.uid);
        potentiallyInvalid = true;
      } else if (!matchesCoordinates(ref, owner.identity)) {
        potentiallyInvalid = true;
      } else if (!ownerNamespaced && node.identity.namespace !== '' && owner.virtual) {
        // Possibly a namespaced owner wrongly named by a cluster-scoped dependent: verify.
        potentiallyInvalid = true;
      }
    }
    if (potentiallyInvalid) this.out.attemptToDelete(node);
  }

  private removeDependentFromOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) this.nodes.get(ref.uid)?.dependents.delete(node);
  }

  private reportInvalidNamespace(dependent: GraphNode, ownerUid: string): void {
    const ref = dependent.owners.find((r) => r.uid === ownerUid);
    if (ref) this.out.invalidNamespaceOwnerRef(dependent, ref);
  }

  /** A removed blocking reference, or one that stopped blocking, may unblock an owner's foreground deletion. */
  private enqueueUnblockedOwners(removed: OwnerReference[], changed: { old: OwnerReference; new: OwnerReference }[]) {
    const unblocked = [
      ...removed.filter((ref) => ref.blockOwnerDeletion === true),
      ...changed
        .filter((c) => c.old.blockOwnerDeletion === true && c.new.blockOwnerDeletion !== true)
        .map((c) => c.new),
    ];
    for (const ref of unblocked) {
      const owner = this.nodes.get(ref.uid);
      if (owner) this.out.attemptToDelete(owner);
    }
  }

  private processTransitions(node: GraphNode, object: ObservedObject, old: ObservedObject | undefined): void {
    if (deletionStartsWith(object, old, orphanFinalizer)) {
      this.out.attemptToOrphan(node);
      return;
    }
    if (deletionStartsWith(object, old, foregroundFinalizer)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.out.attemptToDelete(dep);
      this.out.attemptToDelete(node);
    }
  }
}

/** True when `object` is being deleted with `finalizer` and `old` was not (or did not have it). */
export function deletionStartsWith(
  object: ObservedObject,
  old: ObservedObject | undefined,
  finalizer: string,
): boolean {
  if (!object.beingDeleted || !object.finalizers.includes(finalizer)) return false;
  if (!old) return true;
  return !old.beingDeleted || !old.finalizers.includes(finalizer);
}

/** Owner references added, removed and changed (same uid, other fields), by uid. */
export function referencesDiff(
  old: OwnerReference[],
  current: OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: { old: OwnerReference; new: OwnerReference }[] } {
  const oldByUid = new Map(old.map((ref) => [ref.uid, ref]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; new: OwnerReference }[] = [];
  for (const ref of current) {
    const before = oldByUid.get(ref.uid);
    if (!before) {
      added.push(ref);
      continue;
    }
    if (!sameReference(before, ref)) changed.push({ old: before, new: ref });
    oldByUid.delete(ref.uid);
  }
  return { added, removed: [...oldByUid.values()], changed };
}

function sameReference(a: OwnerReference, b: OwnerReference): boolean {
  return matchesCoordinates(a, b) && a.controller === b.controller && a.blockOwnerDeletion === b.blockOwnerDeletion;
}

/** One object in the garbage collector's dependency graph (upstream `node`). */
import type { ObjectIdentity, OwnerReference } from './object-identity.js';

export class GraphNode {
  identity: ObjectIdentity;
  /** The object's ownerReferences as last observed ([] for virtual nodes). */
  owners: OwnerReference[];
  readonly dependents = new Set<GraphNode>();
  /** Created from a dependent's ownerReference and not (yet) observed through an informer. */
  virtual: boolean;
  /** Has a deletionTimestamp (a one-way trip). */
  beingDeleted: boolean;
  /** Has a deletionTimestamp and the `foregroundDeletion` finalizer. */
  deletingDependents: boolean;

  constructor(init: {
    identity: ObjectIdentity;
    owners?: OwnerReference[];
    virtual?: boolean;
    beingDeleted?: boolean;
    deletingDependents?: boolean;
  }) {
    this.identity = init.identity;
    this.owners = init.owners ?? [];
    this.virtual = init.virtual ?? false;
    this.beingDeleted = init.beingDeleted ?? false;
    this.deletingDependents = init.deletingDependents ?? false;
  }

  get uid(): string {
    return this.identity.uid;
  }

  /** Dependents whose reference to this node has `blockOwnerDeletion: true`. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) =>
      dep.owners.some((ref) => ref.uid === this.uid && ref.blockOwnerDeletion === true),
    );
  }
}

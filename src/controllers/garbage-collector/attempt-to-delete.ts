/**
 * One pass of the attemptToDelete queue over a graph node (upstream `attemptToDeleteWorker` and
 * `attemptToDeleteItem`): verify a virtual node exists, finish a foreground deletion, or look up the object's
 * owners and delete it, or drop its references, as `decideDeletion` says.
 */
import type { KubeObject } from '../../api/object.js';
import type { Logger } from '../../client/framework-types.js';
import { isNotFound } from '../../client/status-decode.js';
import type { CollectorOperations } from './collector-operations.js';
import {
  type ClassifiedReferences,
  classifyReference,
  decideDeletion,
  type OwnerLookup,
  removeOwnerReferencesPatch,
  unblockOwnerReferencesPatch,
} from './deletion-decision.js';
import type { DependencyGraph } from './dependency-graph.js';
import { foregroundFinalizer } from './dependency-graph.js';
import type { GraphNode } from './graph-node.js';
import { type ObjectIdentity, type OwnerReference, referenceCoordinates } from './object-identity.js';

export type QueueAction = 'forget' | 'requeue';

export interface AttemptDeps {
  graph: DependencyGraph;
  ops: CollectorOperations;
  /** Queues a dependent of a foreground deletion. */
  enqueue(node: GraphNode): void;
  log: Logger;
}

/** A cluster-scoped object names a namespaced owner: invalid, and no retry will fix it. */
const invalidClusterScopedReference = Symbol('invalid cluster-scoped reference');

export async function attemptToDelete(deps: AttemptDeps, node: GraphNode): Promise<QueueAction> {
  const outcome = await attemptToDeleteItem(deps, node);
  if (outcome === 'virtual-deleted' || outcome === invalidClusterScopedReference) return 'forget';
  // A virtual node seen to exist is checked again until its informer delivers it (upstream issue 56121).
  return node.virtual ? 'requeue' : 'forget';
}

async function attemptToDeleteItem(
  deps: AttemptDeps,
  node: GraphNode,
): Promise<'done' | 'virtual-deleted' | typeof invalidClusterScopedReference> {
  // Being deleted is a one-way trip: the final deletion will bring the dependents here.
  if (node.beingDeleted && !node.deletingDependents) return 'done';
  const id = node.identity;
  let latest: KubeObject;
  try {
    latest = await deps.ops.getObject(id);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    deps.graph.virtualDelete(id);
    return 'virtual-deleted';
  }
  if (latest.metadata.uid !== id.uid) {
    deps.graph.virtualDelete(id);
    return 'virtual-deleted';
  }
  if (node.deletingDependents) {
    await processDeletingDependents(deps, node);
    return 'done';
  }
  const ownerReferences = latest.metadata.ownerReferences ?? [];
  if (ownerReferences.length === 0) return 'done';
  const refs: ClassifiedReferences = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
  for (const ref of ownerReferences) {
    const lookup = await lookUpOwner(deps, ref, id);
    if (lookup === invalidClusterScopedReference) {
      deps.log.info('cluster-scoped object refers to a namespaced owner', { item: id.name, owner: ref.name });
      return invalidClusterScopedReference;
    }
    refs[classifyReference(lookup)].push(ref);
  }
  const dependents = [...node.dependents];
  const decision = decideDeletion({
    latest,
    refs,
    hasDependents: dependents.length > 0,
    dependentDeletingDependents: dependents.some((dep) => dep.deletingDependents),
  });
  switch (decision.action) {
    case 'keep':
      break;
    case 'remove-references':
      await deps.ops.patchObject(id, removeOwnerReferencesPatch(id.uid, decision.ownerUids));
      break;
    case 'delete':
      if (decision.unblockFirst) await deps.ops.patchObject(id, unblockOwnerReferencesPatch(id.uid, node.owners));
      deps.log.info('deleting object', { item: `${id.kind}/${id.namespace}/${id.name}`, policy: decision.policy });
      await deps.ops.deleteObject(id, decision.policy);
      break;
  }
  return 'done';
}

/** An owner deleting in the foreground: done once no dependent blocks it, else make its dependents go. */
async function processDeletingDependents(deps: AttemptDeps, node: GraphNode): Promise<void> {
  const blocking = node.blockingDependents();
  if (blocking.length === 0) {
    await deps.ops.removeFinalizer(node.identity, foregroundFinalizer);
    return;
  }
  for (const dep of blocking) if (!dep.deletingDependents) deps.enqueue(dep);
}

/**
 * Whether the owner a reference names exists (upstream `isDangling`): the absent owner cache first, then a GET
 * by name whose uid must match.
 */
async function lookUpOwner(
  deps: AttemptDeps,
  ref: OwnerReference,
  item: ObjectIdentity,
): Promise<OwnerLookup | typeof invalidClusterScopedReference> {
  const coords = referenceCoordinates(ref);
  const clusterScopedKey: ObjectIdentity = { ...coords, namespace: '' };
  const namespacedKey: ObjectIdentity = { ...coords, namespace: item.namespace };
  const absent = deps.graph.absentOwners;
  if (absent.has(clusterScopedKey) || absent.has(namespacedKey)) return { state: 'dangling' };
  const { client, namespaced } = deps.ops.resourceClient(ref.apiVersion, ref.kind, item.namespace);
  if (namespaced && item.namespace === '') return invalidClusterScopedReference;
  const cacheKey = namespaced ? namespacedKey : clusterScopedKey;
  let owner: KubeObject;
  try {
    owner = await client.get(ref.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    absent.add(cacheKey);
    return { state: 'dangling' };
  }
  if (owner.metadata.uid !== ref.uid) {
    absent.add(cacheKey);
    return { state: 'dangling' };
  }
  return { state: 'exists', owner };
}

/**
 * One pass of the attemptToOrphan queue (upstream `attemptToOrphanWorker`): remove an owner deleted with the
 * Orphan policy from the ownerReferences of all its dependents, then remove its `orphan` finalizer so the API
 * server can finish the deletion.
 */
import { isNotFound } from '../../client/status-decode.js';
import type { CollectorOperations } from './collector-operations.js';
import { removeOwnerReferencesPatch } from './deletion-decision.js';
import { orphanFinalizer } from './dependency-graph.js';
import type { GraphNode } from './graph-node.js';
import { formatIdentity } from './object-identity.js';

export async function attemptToOrphan(ops: CollectorOperations, owner: GraphNode): Promise<void> {
  const ownerId = owner.identity;
  const results = await Promise.allSettled(
    [...owner.dependents].map(async (dep) => {
      const id = dep.identity;
      try {
        // A reference already gone is no error: the delete directive of a strategic merge patch is a no-op then.
        await ops.patchObject(id, removeOwnerReferencesPatch(id.uid, [ownerId.uid]));
      } catch (err) {
        if (!isNotFound(err))
          throw new Error(
            `orphaning ${formatIdentity(id)} failed, ${err instanceof Error ? err.message : String(err)}`,
          );
      }
    }),
  );
  const failures = results.flatMap((r) =>
    r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : [],
  );
  if (failures.length > 0) {
    throw new Error(
      `failed to orphan dependents of owner ${formatIdentity(ownerId)}, got errors: ${failures.join(', ')}`,
    );
  }
  await ops.removeFinalizer(ownerId, orphanFinalizer);
}

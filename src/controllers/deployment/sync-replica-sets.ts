/**
 * Finding a Deployment's ReplicaSets (k/k `deployment_controller.go` `getReplicaSetsForDeployment` with
 * adoption and release) and its new ReplicaSet (`sync.go` `getNewReplicaSet`,
 * `getAllReplicaSetsAndSyncRevision`), with their writes.
 */
import { labelSelectorFromObject } from '../../api/labels/index.js';
import { adoptPatch, claimAction, releasePatch } from './controller-ref.js';
import {
  buildNewReplicaSet,
  existingNewReplicaSetUpdate,
  noteCreatedReplicaSet,
  noteCreateFailure,
  noteExistingNewReplicaSet,
} from './new-replica-set.js';
import { findNewReplicaSet, findOldReplicaSets, maxRevision } from './replica-sets.js';
import { hasProgressDeadline } from './status.js';
import {
  errorMessage,
  isAlreadyExists,
  isNamespaceTerminating,
  isNotFoundError,
  type SyncContext,
} from './sync-context.js';
import { equalIgnoreHash } from './template-equality.js';
import { controllerOf, type ReplicaSetObject, rsReplicas } from './types.js';

/**
 * `RecheckDeletionTimestamp`: before adopting, the Deployment must still exist with the same uid and not be
 * being deleted (read fresh from the server, not the cache).
 */
async function checkCanAdopt(ctx: SyncContext): Promise<void> {
  const fresh = await ctx.deploymentClient().get(ctx.d.metadata.name ?? '');
  const { namespace, name, uid } = ctx.d.metadata;
  if (fresh.metadata.uid !== uid) {
    throw new Error(`original Deployment ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`);
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

/**
 * The ReplicaSets the Deployment controls, after adopting orphans its selector matches and releasing those it
 * controls but no longer selects.
 */
export async function claimReplicaSets(ctx: SyncContext): Promise<ReplicaSetObject[]> {
  const d = ctx.d;
  const selector = labelSelectorFromObject(d.spec.selector);
  const claimed: ReplicaSetObject[] = [];
  let adoptable: Promise<void> | undefined;
  for (const rs of ctx.deps.replicaSets.list(ctx.namespace)) {
    const action = claimAction(d, rs, selector);
    if (action === 'keep') claimed.push(rs);
    if (action !== 'adopt' && action !== 'release') continue;
    try {
      if (action === 'adopt') {
        adoptable ??= checkCanAdopt(ctx);
        await adoptable;
        claimed.push(await ctx.replicaSetClient().patch(rs.metadata.name ?? '', 'strategic', adoptPatch(d, rs)));
      } else {
        await ctx.replicaSetClient().patch(rs.metadata.name ?? '', 'strategic', releasePatch(d, rs));
      }
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  }
  return claimed;
}

/**
 * `getNewReplicaSet`: the ReplicaSet of the current template, its annotations brought up to date (and the
 * Deployment's revision after it); created when missing and `create` is set. A name taken by another template
 * bumps status.collisionCount and fails the sync (the next one tries the new name).
 */
export async function getNewReplicaSet(
  ctx: SyncContext,
  rsList: readonly ReplicaSetObject[],
  oldRSs: readonly ReplicaSetObject[],
  create: boolean,
): Promise<ReplicaSetObject | undefined> {
  const d = ctx.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing !== undefined) {
    const update = existingNewReplicaSetUpdate(d, existing, newRevision);
    if (update !== undefined) return ctx.updateReplicaSet(update);
    if (noteExistingNewReplicaSet(d, existing, ctx.now())) await ctx.updateStatus();
    return existing;
  }
  if (!create) return undefined;

  const rs = buildNewReplicaSet(d, oldRSs, newRevision);
  const name = rs.metadata.name ?? '';
  let created: ReplicaSetObject;
  let alreadyExisted = false;
  try {
    created = await ctx.replicaSetClient().create(rs);
  } catch (err) {
    if (isAlreadyExists(err)) {
      alreadyExisted = true;
      const found = ctx.deps.replicaSets.get(`${ctx.namespace}/${name}`) ?? (await ctx.replicaSetClient().get(name));
      const ownedByUs = controllerOf(found)?.uid === d.metadata.uid;
      if (!ownedByUs || !equalIgnoreHash(d.spec.template, found.spec.template ?? {})) {
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        await ctx.updateStatus();
        throw err;
      }
      created = found;
    } else if (isNamespaceTerminating(err)) {
      throw err;
    } else {
      const message = noteCreateFailure(d, name, errorMessage(err), ctx.now());
      if (hasProgressDeadline(d)) await ctx.updateStatus().catch(() => undefined);
      ctx.event('Warning', 'ReplicaSetCreateError', message);
      throw err;
    }
  }
  const replicas = rsReplicas(rs);
  if (!alreadyExisted && replicas > 0) {
    ctx.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
  }
  if (noteCreatedReplicaSet(d, created, newRevision, alreadyExisted, ctx.now())) await ctx.updateStatus();
  return created;
}

/**
 * `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (maybe created) and every old one. ReplicaSets this
 * sync already wrote are taken as written, so a second call does not repeat (and conflict with) the first.
 */
export async function newAndOldReplicaSets(
  ctx: SyncContext,
  rsList: readonly ReplicaSetObject[],
  create: boolean,
): Promise<{ newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[] }> {
  const current = rsList.map((rs) => ctx.current(rs));
  const { all } = findOldReplicaSets(ctx.d, current);
  const newRS = await getNewReplicaSet(ctx, current, all, create);
  return { newRS, oldRSs: all };
}

/**
 * One sync of one Deployment (k/k `deployment_controller.go` `syncDeployment`, `sync.go` `sync` /
 * `syncStatusOnly` / `checkPausedConditions` / `isScalingEvent`, `rolling.go` `rolloutRolling`, `recreate.go`
 * `rolloutRecreate`, `progress.go` `syncRolloutStatus`, `rollback.go`): the decisions come from the pure
 * modules, this file only sequences them and their writes.
 */
import { labelSelectorFromObject } from '../../api/labels/index.js';
import { getCondition, newCondition, setCondition } from './conditions.js';
import { filterActive } from './replica-sets.js';
import { applyRollback, rollbackTo } from './rollback.js';
import {
  historyToDelete,
  newReplicaSetStep,
  oldPodsRunning,
  oldReplicaSetsSteps,
  podsByReplicaSet,
  recreateScaleDownSteps,
} from './rollout-steps.js';
import { desiredReplicasOf, resize, scaleRequests } from './scaling.js';
import {
  calculateStatus,
  deploymentComplete,
  hasProgressDeadline,
  rolloutStatus,
  statusEqual,
  stuckRequeueDelay,
} from './status.js';
import { SyncContext, type SyncDeps } from './sync-context.js';
import { claimReplicaSets, newAndOldReplicaSets } from './sync-replica-sets.js';
import { pruneEmpty } from './template-equality.js';
import { deepCopy, deploymentReplicas, type PodObject, type ReplicaSetObject, reasons } from './types.js';

/** Syncs the Deployment with this `namespace/name` key; a Deployment gone from the cache is done. */
export async function syncDeployment(deps: SyncDeps, key: string): Promise<void> {
  const cached = deps.deployments.get(key);
  if (cached === undefined) return;
  const ctx = new SyncContext(deps, deepCopy(cached));
  const d = ctx.d;
  if (pruneEmpty(d.spec.selector) === undefined) {
    ctx.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...d.status, observedGeneration: d.metadata.generation ?? 0 };
      await ctx.updateStatus();
    }
    return;
  }
  const rsList = await claimReplicaSets(ctx);
  if (d.metadata.deletionTimestamp) return syncStatusOnly(ctx, rsList);
  await checkPausedConditions(ctx);
  if (d.spec.paused) return sync(ctx, rsList);
  if (rollbackTo(d) !== undefined) return rollback(ctx, rsList);
  if (await isScalingEvent(ctx, rsList)) return sync(ctx, rsList);
  const type = d.spec.strategy?.type ?? 'RollingUpdate';
  if (type === 'Recreate') return rolloutRecreate(ctx, rsList);
  if (type === 'RollingUpdate') return rolloutRolling(ctx, rsList);
  throw new Error(`unexpected deployment strategy type: ${type}`);
}

function withNew(oldRSs: readonly ReplicaSetObject[], newRS: ReplicaSetObject | undefined): ReplicaSetObject[] {
  return newRS === undefined ? [...oldRSs] : [...oldRSs, newRS];
}

/** `syncDeploymentStatus`: the calculated status, written when it differs. */
async function syncDeploymentStatus(
  ctx: SyncContext,
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject | undefined,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, ctx.d, ctx.now());
  if (statusEqual(ctx.d.status, status)) return;
  ctx.d.status = status;
  await ctx.updateStatus();
}

/** `syncRolloutStatus`: the status with Progressing; when unchanged, a later look for the progress deadline. */
async function syncRolloutStatus(
  ctx: SyncContext,
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject | undefined,
): Promise<void> {
  const now = ctx.now();
  const status = rolloutStatus(allRSs, newRS, ctx.d, now);
  if (!statusEqual(ctx.d.status, status)) {
    ctx.d.status = status;
    await ctx.updateStatus();
    return;
  }
  const delay = stuckRequeueDelay(ctx.d, status, now);
  if (delay === 'now') ctx.deps.enqueueRateLimited(ctx.key);
  else if (delay !== undefined) ctx.deps.enqueueAfter(ctx.key, delay);
}

async function syncStatusOnly(ctx: SyncContext, rsList: readonly ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, false);
  await syncDeploymentStatus(ctx, withNew(oldRSs, newRS), newRS);
}

/** `sync`: scaling events and paused Deployments (proportional scaling; history cleanup while paused). */
async function sync(ctx: SyncContext, rsList: readonly ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, false);
  await ctx.scaleAll(scaleRequests(ctx.d, newRS, oldRSs));
  if (ctx.d.spec.paused && rollbackTo(ctx.d) === undefined) await cleanupDeployment(ctx, oldRSs);
  await syncDeploymentStatus(ctx, withNew(oldRSs, newRS), newRS);
}

async function cleanupDeployment(ctx: SyncContext, oldRSs: readonly ReplicaSetObject[]): Promise<void> {
  for (const rs of historyToDelete(oldRSs, ctx.d)) await ctx.deleteReplicaSet(rs);
}

/** `checkPausedConditions`: Progressing Unknown DeploymentPaused / DeploymentResumed (never over a timeout). */
async function checkPausedConditions(ctx: SyncContext): Promise<void> {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return;
  const current = getCondition(d.status, 'Progressing');
  if (current?.reason === reasons.timedOut) return;
  const pausedSet = current?.reason === reasons.paused;
  let condition: ReturnType<typeof newCondition>;
  if (d.spec.paused && !pausedSet) {
    condition = newCondition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', ctx.now());
  } else if (!d.spec.paused && pausedSet) {
    condition = newCondition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', ctx.now());
  } else return;
  d.status ??= {};
  setCondition(d.status, condition);
  await ctx.updateStatus();
}

/** `isScalingEvent`: an active ReplicaSet was last sized for a different `spec.replicas`. */
async function isScalingEvent(ctx: SyncContext, rsList: readonly ReplicaSetObject[]): Promise<boolean> {
  const { newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, false);
  return filterActive(withNew(oldRSs, newRS)).some((rs) => {
    const desired = desiredReplicasOf(rs);
    return desired !== undefined && desired !== deploymentReplicas(ctx.d);
  });
}

/** `rollback`: the deprecated rollback annotation; the Deployment is updated (template, annotations) at once. */
async function rollback(ctx: SyncContext, rsList: readonly ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, true);
  const outcome = applyRollback(ctx.d, withNew(oldRSs, newRS));
  if (outcome.eventType === 'Warning') ctx.event(outcome.eventType, outcome.reason, outcome.message);
  await ctx.updateDeployment();
  if (outcome.eventType === 'Normal') ctx.event(outcome.eventType, outcome.reason, outcome.message);
}

/** `rolloutRolling`: grow the new ReplicaSet if possible, else shrink old ones if possible; then status. */
async function rolloutRolling(ctx: SyncContext, rsList: readonly ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, true);
  if (newRS === undefined) throw new Error('the new replica set was not created');
  const allRSs = withNew(oldRSs, newRS);
  const step = newReplicaSetStep(allRSs, newRS, ctx.d);
  if (step !== undefined && (await ctx.scale(step)).scaled) return syncRolloutStatus(ctx, allRSs, newRS);
  if (await ctx.scaleAll(oldReplicaSetsSteps(allRSs, filterActive(oldRSs), newRS, ctx.d))) {
    return syncRolloutStatus(ctx, allRSs, newRS);
  }
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) await cleanupDeployment(ctx, oldRSs);
  await syncRolloutStatus(ctx, allRSs, newRS);
}

/** The pods of the Deployment's namespace its selector matches. */
function selectedPods(ctx: SyncContext): PodObject[] {
  const selector = labelSelectorFromObject(ctx.d.spec.selector);
  return ctx.deps.pods.list(ctx.namespace).filter((pod) => selector.matches(pod.metadata.labels));
}

/**
 * `rolloutRecreate`: every old ReplicaSet to 0, wait until no old pod runs, then create / scale the new one to
 * `replicas`.
 */
async function rolloutRecreate(ctx: SyncContext, rsList: readonly ReplicaSetObject[]): Promise<void> {
  const podMap = podsByReplicaSet(rsList, selectedPods(ctx));
  let { newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, false);
  let allRSs = withNew(oldRSs, newRS);
  if (await ctx.scaleAll(recreateScaleDownSteps(oldRSs))) return syncRolloutStatus(ctx, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (newRS === undefined) {
    ({ newRS, oldRSs } = await newAndOldReplicaSets(ctx, rsList, true));
    allRSs = withNew(oldRSs, newRS);
  }
  if (newRS !== undefined) await ctx.scale(resize(newRS, deploymentReplicas(ctx.d)));
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) await cleanupDeployment(ctx, oldRSs);
  await syncRolloutStatus(ctx, allRSs, newRS);
}

/**
 * Scaling decisions (k/k `deployment/sync.go` `scale`, `scaleReplicaSet`; `deployment/util` `NewRSNewReplicas`,
 * `IsSaturated`, `GetProportion`, `getReplicaSetFraction`). Pure: they return the ReplicaSet writes to make.
 */
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import { isRollingUpdate, maxSurge, scaledValue } from './fenceposts.js';
import {
  filterActive,
  findActiveOrLatest,
  sortBySizeNewer,
  sortBySizeOlder,
  specReplicaCount,
} from './replica-sets.js';
import {
  type DeploymentObject,
  deepCopy,
  deploymentReplicas,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  type ReplicaSetObject,
  rsReplicas,
} from './types.js';

export type ScalingOperation = 'up' | 'down' | '';

/** One ReplicaSet resize as the controller asks for it. */
export interface ScaleRequest {
  rs: ReplicaSetObject;
  replicas: number;
  /** The word of the `ScalingReplicaSet` event. */
  operation: ScalingOperation;
  /**
   * `scaleReplicaSetAndRecordEvent` (true): nothing at all when the size is already right. Otherwise
   * (`scaleReplicaSet`, proportional scaling) the replica annotations are refreshed even at the same size.
   */
  onlyIfResized: boolean;
}

/** `scaleReplicaSetAndRecordEvent`'s request: the operation follows from the sizes. */
export function resize(rs: ReplicaSetObject, replicas: number): ScaleRequest {
  return { rs, replicas, operation: rsReplicas(rs) < replicas ? 'up' : 'down', onlyIfResized: true };
}

/** The ReplicaSet to write for a ScaleRequest (spec.replicas and replica annotations), or undefined for none. */
export interface ScaleWrite {
  updated: ReplicaSetObject;
  /** The size changed (an event is due once written). */
  resized: boolean;
  from: number;
}

/** `scaleReplicaSet` without the write. */
export function planScale(request: ScaleRequest, d: DeploymentObject): ScaleWrite | undefined {
  const { rs, replicas } = request;
  const from = rsReplicas(rs);
  if (request.onlyIfResized && from === replicas) return undefined;
  const desired = deploymentReplicas(d);
  const max = desired + maxSurge(d);
  const resized = from !== replicas;
  if (!resized && !replicasAnnotationsNeedUpdate(rs, desired, max)) return undefined;
  const updated = deepCopy(rs);
  updated.spec.replicas = replicas;
  setReplicasAnnotations(updated, desired, max);
  return { updated, resized, from };
}

/** The `ScalingReplicaSet` event message: `Scaled up replica set hello-7c9b8d6f45 from 1 to 3`. */
export function scalingMessage(operation: ScalingOperation, name: string, from: number, to: number): string {
  return `Scaled ${operation} replica set ${name} from ${from} to ${to}`;
}

/**
 * `NewRSNewReplicas`: the size of the new ReplicaSet for this rollout step. RollingUpdate grows it up to
 * `replicas + maxSurge` pods in all, never past `replicas`; Recreate goes straight to `replicas`.
 */
export function newRSNewReplicas(
  d: DeploymentObject,
  allRSs: readonly ReplicaSetObject[],
  newRS: ReplicaSetObject,
): number {
  const replicas = deploymentReplicas(d);
  const type = d.spec.strategy?.type ?? 'RollingUpdate';
  if (type === 'Recreate') return replicas;
  if (type !== 'RollingUpdate') throw new Error(`deployment type ${type} isn't supported`);
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = specReplicaCount(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - rsReplicas(newRS));
  return rsReplicas(newRS) + scaleUp;
}

function intAnnotation(rs: ReplicaSetObject, key: string): number | undefined {
  const value = rs.metadata.annotations?.[key];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** `GetDesiredReplicasAnnotation`: the desired-replicas annotation, undefined when absent or not a number. */
export function desiredReplicasOf(rs: ReplicaSetObject): number | undefined {
  return intAnnotation(rs, desiredReplicasAnnotation);
}

/** `IsSaturated`: the new RS has all replicas, believes so (desired-replicas), and all are available. */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (rs === undefined) return false;
  const desired = desiredReplicasOf(rs);
  if (desired === undefined) return false;
  const replicas = deploymentReplicas(d);
  return rsReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** Go's `integer.RoundToInt32`: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? Math.ceil(x - 0.5) : Math.floor(x + 0.5);
}

/**
 * `getReplicaSetFraction`: how many replicas the RS gains (or loses) when the Deployment's max size moves from
 * the RS's max-replicas annotation (else the Deployment's status.replicas) to `replicas + maxSurge`.
 */
export function replicaSetFraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  const replicas = deploymentReplicas(d);
  if (replicas === 0) return -rsReplicas(rs);
  const deploymentMax = replicas + maxSurge(d);
  let before = intAnnotation(rs, maxReplicasAnnotation);
  if (before === undefined || before === 0) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  return roundHalfAway((rsReplicas(rs) * deploymentMax) / before) - rsReplicas(rs);
}

/** `GetProportion`: the RS's fraction, bounded by what is left to add (or remove). */
export function proportion(rs: ReplicaSetObject, d: DeploymentObject, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * `scale`: the resizes for a scaling event (or a paused Deployment). One active ReplicaSet (or none: the
 * newest) takes `replicas`; a saturated new ReplicaSet scales the old ones to 0; otherwise, for RollingUpdate,
 * the difference to `replicas + maxSurge` is spread over the active ReplicaSets in proportion to their size,
 * leftovers to the largest.
 */
export function scaleRequests(
  d: DeploymentObject,
  newRS: ReplicaSetObject | undefined,
  oldRSs: readonly ReplicaSetObject[],
): ScaleRequest[] {
  const replicas = deploymentReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    return rsReplicas(activeOrLatest) === replicas ? [] : [resize(activeOrLatest, replicas)];
  }
  if (isSaturated(d, newRS)) return filterActive(oldRSs).map((rs) => resize(rs, 0));
  if (!isRollingUpdate(d)) return [];
  const active = filterActive([...oldRSs, newRS]);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - specReplicaCount(active);
  const ordered = toAdd > 0 ? sortBySizeNewer(active) : toAdd < 0 ? sortBySizeOlder(active) : active;
  const operation: ScalingOperation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  let added = 0;
  const sizes = ordered.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return rsReplicas(rs) + p;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added);
  return ordered.map((rs, i) => ({ rs, replicas: sizes[i] ?? 0, operation, onlyIfResized: false }));
}

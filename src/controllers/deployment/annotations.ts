/**
 * The annotations the Deployment controller keeps on ReplicaSets and on the Deployment (k/k `deployment/util`
 * `SetNewReplicaSetAnnotations`, `SetReplicasAnnotations`, `SetDeploymentRevision`, `SetDeploymentAnnotationsTo`).
 * These mutate the object they are given (always a copy) and say whether anything changed.
 */
import {
  type DeploymentObject,
  deploymentReplicas,
  deprecatedRollbackToAnnotation,
  desiredReplicasAnnotation,
  lastAppliedAnnotation,
  maxReplicasAnnotation,
  type ReplicaSetObject,
  revisionAnnotation,
  revisionHistoryAnnotation,
} from './types.js';

/** Upstream's limit on the revision-history annotation (`maxRevHistoryLengthInChars`). */
export const maxRevisionHistoryLength = 2000;

const annotationsToSkip = new Set([
  lastAppliedAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  deprecatedRollbackToAnnotation,
]);

/** `skipCopyAnnotation`: annotations that stay with their object (apply, revision and replica bookkeeping). */
export function skipCopyAnnotation(key: string): boolean {
  return annotationsToSkip.has(key);
}

function annotationsOf(obj: { metadata: { annotations?: Record<string, string> } }): Record<string, string> {
  obj.metadata.annotations ??= {};
  return obj.metadata.annotations;
}

/** `copyDeploymentAnnotationsToReplicaSet`: the Deployment's annotations (but the skipped ones) onto the RS. */
export function copyDeploymentAnnotationsToReplicaSet(d: DeploymentObject, rs: ReplicaSetObject): boolean {
  const target = annotationsOf(rs);
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(key) || target[key] === value) continue;
    target[key] = value;
    changed = true;
  }
  return changed;
}

/** `SetReplicasAnnotations`: desired-replicas and max-replicas. */
export function setReplicasAnnotations(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const annotations = annotationsOf(rs);
  let changed = false;
  if (annotations[desiredReplicasAnnotation] !== String(desired)) {
    annotations[desiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (annotations[maxReplicasAnnotation] !== String(max)) {
    annotations[maxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

/** `ReplicasAnnotationsNeedUpdate`. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const annotations = rs.metadata.annotations;
  return (
    annotations?.[desiredReplicasAnnotation] !== String(desired) || annotations[maxReplicasAnnotation] !== String(max)
  );
}

function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return 0;
  return /^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : undefined;
}

/**
 * `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, raises the RS revision to `newRevision`
 * when lower (recording the former one in revision-history, a rollback), and for an RS about to be created
 * (`exists` false) sets desired-replicas / max-replicas to `replicas` / `replicas + maxSurge`.
 */
export function setNewReplicaSetAnnotations(
  d: DeploymentObject,
  rs: ReplicaSetObject,
  newRevision: number,
  exists: boolean,
  maxSurgeValue: number,
  historyLimit = maxRevisionHistoryLength,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = annotationsOf(rs);
  const had = revisionAnnotation in annotations;
  const oldRevisionText = annotations[revisionAnnotation] ?? '';
  const oldRevision = parseRevision(annotations[revisionAnnotation]);
  if (oldRevision === undefined) return false;
  if (oldRevision < newRevision) {
    annotations[revisionAnnotation] = String(newRevision);
    changed = true;
    if (had) appendRevisionHistory(annotations, oldRevisionText, historyLimit);
  }
  const replicas = deploymentReplicas(d);
  if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurgeValue)) changed = true;
  return changed;
}

function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string, limit: number): void {
  const history = annotations[revisionHistoryAnnotation] ?? '';
  if (history === '') {
    annotations[revisionHistoryAnnotation] = oldRevision;
    return;
  }
  const revisions = history.split(',');
  let totalLength = history.length + oldRevision.length + 1;
  let start = 0;
  while (totalLength > limit && start < revisions.length) {
    totalLength -= (revisions[start]?.length ?? 0) + 1;
    start++;
  }
  if (totalLength <= limit) annotations[revisionHistoryAnnotation] = [...revisions.slice(start), oldRevision].join(',');
}

/** `SetDeploymentRevision`: the Deployment's revision annotation; true when it changed. */
export function setDeploymentRevision(d: DeploymentObject, revision: string): boolean {
  const annotations = annotationsOf(d);
  if (annotations[revisionAnnotation] === revision) return false;
  annotations[revisionAnnotation] = revision;
  return true;
}

/**
 * `SetDeploymentAnnotationsTo` (rollback): the Deployment keeps only its skipped annotations and takes the
 * others from the ReplicaSet it rolls back to.
 */
export function setDeploymentAnnotationsTo(d: DeploymentObject, rs: ReplicaSetObject): void {
  const next: Record<string, string> = {};
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {}))
    if (skipCopyAnnotation(key)) next[key] = value;
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {}))
    if (!skipCopyAnnotation(key)) next[key] = value;
  d.metadata.annotations = next;
}

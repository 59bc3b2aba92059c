/**
 * The new ReplicaSet of a rollout (k/k `deployment/sync.go` `getNewReplicaSet`): building it, keeping an existing
 * one's annotations in step, and what the Deployment records about it. Pure; the `note…` functions mutate the
 * Deployment copy they are given.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.js';
import { getCondition, newCondition, setCondition } from './conditions.js';
import { maxSurge } from './fenceposts.js';
import { computeHash } from './pod-template-hash.js';
import { newRSNewReplicas } from './scaling.js';
import { hasProgressDeadline } from './status.js';
import {
  appsV1,
  controllerRefFor,
  type DeploymentObject,
  deepCopy,
  podTemplateHashLabel,
  type ReplicaSetObject,
  reasons,
  revisionAnnotation,
} from './types.js';

/** `CloneSelectorAndAddLabel`: the selector with `key=value` added to matchLabels. */
export function selectorWithLabel(selector: LabelSelector, key: string, value: string): LabelSelector {
  const out = deepCopy(selector);
  out.matchLabels = { ...out.matchLabels, [key]: value };
  return out;
}

/**
 * The ReplicaSet a Deployment creates for its current template: named `<deployment>-<hash>`, the hash label on
 * its labels, selector and template, controlled by the Deployment, sized by `NewRSNewReplicas`, annotated with
 * the revision and desired/max replicas.
 */
export function buildNewReplicaSet(
  d: DeploymentObject,
  oldRSs: readonly ReplicaSetObject[],
  newRevision: number,
): ReplicaSetObject {
  const template = deepCopy(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  const labels = { ...template.metadata?.labels, [podTemplateHashLabel]: hash };
  template.metadata = { ...template.metadata, labels };
  const rs: ReplicaSetObject = {
    apiVersion: appsV1,
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace ?? 'default',
      ownerReferences: [controllerRefFor(d)],
      labels: { ...labels },
    },
    spec: {
      replicas: 0,
      selector: selectorWithLabel(d.spec.selector, podTemplateHashLabel, hash),
      template,
    },
  };
  if (d.spec.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false, maxSurge(d));
  return rs;
}

/**
 * For an existing new ReplicaSet: the copy to write when its annotations (Deployment annotations, revision) or
 * minReadySeconds are behind the Deployment, else undefined.
 */
export function existingNewReplicaSetUpdate(
  d: DeploymentObject,
  rs: ReplicaSetObject,
  newRevision: number,
): ReplicaSetObject | undefined {
  const copy = deepCopy(rs);
  const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
  const minReadySeconds = d.spec.minReadySeconds ?? 0;
  if (!annotationsUpdated && (copy.spec.minReadySeconds ?? 0) === minReadySeconds) return undefined;
  if (minReadySeconds === 0) delete copy.spec.minReadySeconds;
  else copy.spec.minReadySeconds = minReadySeconds;
  return copy;
}

/**
 * The Deployment takes the existing new ReplicaSet's revision, and a first Progressing condition
 * (FoundNewReplicaSet) when it has none. True when the Deployment changed.
 */
export function noteExistingNewReplicaSet(d: DeploymentObject, rs: ReplicaSetObject, now: Date): boolean {
  let changed = setDeploymentRevision(d, rs.metadata.annotations?.[revisionAnnotation] ?? '');
  if (hasProgressDeadline(d) && getCondition(d.status, 'Progressing') === undefined) {
    d.status ??= {};
    const message = `Found new replica set "${rs.metadata.name}"`;
    setCondition(d.status, newCondition('Progressing', 'True', reasons.foundNewRS, message, now));
    changed = true;
  }
  return changed;
}

/**
 * After creating (or finding, `alreadyExisted`) the new ReplicaSet: the Deployment's revision, and Progressing
 * NewReplicaSetCreated for a real creation. True when the Deployment changed.
 */
export function noteCreatedReplicaSet(
  d: DeploymentObject,
  rs: ReplicaSetObject,
  newRevision: number,
  alreadyExisted: boolean,
  now: Date,
): boolean {
  let changed = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(d)) {
    d.status ??= {};
    const message = `Created new replica set "${rs.metadata.name}"`;
    setCondition(d.status, newCondition('Progressing', 'True', reasons.newReplicaSet, message, now));
    changed = true;
  }
  return changed;
}

/** Progressing False / ReplicaSetCreateError after a failed creation (when there is a deadline). */
export function noteCreateFailure(d: DeploymentObject, rsName: string, error: string, now: Date): string {
  const message = `Failed to create new replica set "${rsName}": ${error}`;
  if (hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'False', reasons.failedRSCreate, message, now));
  }
  return message;
}

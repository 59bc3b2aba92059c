/**
 * The object shapes the Deployment controller reads and writes (upstream apps/v1 and core/v1 types with
 * kubeling's object contract), and the well-known names of k/k `pkg/controller/deployment/util`.
 */
import type {
  Deployment,
  DeploymentSpec,
  DeploymentStatus,
  ReplicaSet,
  ReplicaSetSpec,
  ReplicaSetStatus,
} from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../../api/object.js';

/** An apps/v1 Deployment as the informer delivers it (spec always present: the server validated it). */
export type DeploymentObject = Omit<Deployment, 'metadata' | 'spec' | 'status'> &
  KubeObject & { spec: DeploymentSpec; status?: DeploymentStatus };

/** An apps/v1 ReplicaSet as the informer delivers it. */
export type ReplicaSetObject = Omit<ReplicaSet, 'metadata' | 'spec' | 'status'> &
  KubeObject & { spec: ReplicaSetSpec; status?: ReplicaSetStatus };

/** A core/v1 Pod as the informer delivers it. */
export type PodObject = Omit<Pod, 'metadata'> & KubeObject;

/** The label the controller adds to a ReplicaSet's selector, template and labels (`DefaultDeploymentUniqueLabelKey`). */
export const podTemplateHashLabel = 'pod-template-hash';

/** The rollout sequence number, on the Deployment and each of its ReplicaSets. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** The former revisions a ReplicaSet served (it was rolled back to). */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** `spec.replicas` of the Deployment when the ReplicaSet was last scaled by it. */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** `spec.replicas + maxSurge` of the Deployment when the ReplicaSet was last scaled by it. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** The round-trip form of extensions/v1beta1 `spec.rollbackTo.revision` (`apps.DeprecatedRollbackTo`). */
export const deprecatedRollbackToAnnotation = 'deprecated.deployment.rollback.to';
/** The client-side apply annotation (`v1.LastAppliedConfigAnnotation`). */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** Condition reasons (k/k `deployment/util/deployment_util.go`). */
export const reasons = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** Event reasons for rollbacks through the deprecated annotation. */
export const rollbackReasons = {
  revisionNotFound: 'DeploymentRollbackRevisionNotFound',
  templateUnchanged: 'DeploymentRollbackTemplateUnchanged',
  done: 'DeploymentRollback',
} as const;

/** Go's math.MaxInt32: progressDeadlineSeconds / revisionHistoryLimit at this value mean "no limit". */
export const maxInt32 = 2147483647;

export const deploymentKind = 'Deployment';
export const appsV1 = 'apps/v1';

/** `*deployment.Spec.Replicas` (defaulted to 1 by the server). */
export function deploymentReplicas(d: DeploymentObject): number {
  return d.spec.replicas ?? 1;
}

/** `*rs.Spec.Replicas` (defaulted to 1 by the server). */
export function rsReplicas(rs: ReplicaSetObject): number {
  return rs.spec.replicas ?? 1;
}

/** `metav1.GetControllerOf`: the owner reference with `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** `metav1.NewControllerRef(d, apps/v1 Deployment)`. */
export function controllerRefFor(d: DeploymentObject): OwnerReference {
  return {
    apiVersion: appsV1,
    kind: deploymentKind,
    name: d.metadata.name ?? '',
    uid: d.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** `MetaNamespaceKeyFunc`: `namespace/name`. */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** A JSON deep copy (objects from the informer cache are never mutated in place). */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

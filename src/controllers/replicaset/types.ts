/** The object shapes the ReplicaSet controller reads: upstream types with kubeling's object contract. */
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../../api/object.js';

/** A core/v1 Pod as the informer delivers it. */
export type PodObject = Pod & KubeObject;

/** An apps/v1 ReplicaSet as the informer delivers it. */
export type ReplicaSetObject = ReplicaSet & KubeObject;

export const replicaSetKind = 'ReplicaSet';
export const replicaSetApiVersion = 'apps/v1';

/** `metav1.GetControllerOf`: the owner reference with `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** `MetaNamespaceKeyFunc` (and `controller.PodKey`) for namespaced objects: `namespace/name`. */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

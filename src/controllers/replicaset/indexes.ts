/** The informer indexes the ReplicaSet controller adds (k/k `AddPodControllerUIDIndexer`, `controllerUIDIndex`). */
import type { KubeObject } from '../../api/object.js';
import { controllerOf } from './types.js';

/** Pods by the uid of their controller; orphans by {@link orphanPodsKey}. */
export const podsByControllerIndex = 'replicaset-controller/pods-by-controller-uid';

/** ReplicaSets by the uid of their controller (a Deployment). */
export const replicaSetsByControllerIndex = 'replicaset-controller/replicasets-by-controller-uid';

/** The index value of pods without a controller in `namespace` (`OrphanPodIndexKeyForNamespace`). */
export function orphanPodsKey(namespace: string): string {
  return `_ORPHAN_POD/${namespace}`;
}

/** Pods: the controller's uid, or the orphan key of their namespace. */
export function podControllerIndexValues(pod: KubeObject): string[] {
  const ref = controllerOf(pod);
  return [ref ? ref.uid : orphanPodsKey(pod.metadata.namespace ?? '')];
}

/** ReplicaSets: the controller's uid, none when the ReplicaSet has no controller. */
export function replicaSetControllerIndexValues(rs: KubeObject): string[] {
  const ref = controllerOf(rs);
  return ref ? [ref.uid] : [];
}

/** The resources the ReplicaSet controller reads and writes. */
import type { GroupVersionResource } from '../../client/types.js';

export const podsResource: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };
export const replicaSetsResource: GroupVersionResource = { group: 'apps', version: 'v1', resource: 'replicasets' };

/** The field manager of kube-controller-manager, which owns these writes in managedFields. */
export const controllerFieldManager = 'kube-controller-manager';

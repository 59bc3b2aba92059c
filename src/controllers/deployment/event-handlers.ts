/**
 * Which Deployments to sync when a Deployment, ReplicaSet or Pod changes (k/k `deployment_controller.go`
 * `addReplicaSet`, `updateReplicaSet`, `deleteReplicaSet`, `deletePod`, `resolveControllerRef`,
 * `getDeploymentsForReplicaSet`). Handlers only enqueue keys.
 */
import { labelSelectorFromObject } from '../../api/labels/index.js';
import type { InformerHandlers } from '../../client/framework-types.js';
import { semanticEqual } from './template-equality.js';
import { controllerOf, type DeploymentObject, deploymentKind, type PodObject, type ReplicaSetObject } from './types.js';

/** Read access to cached objects by `namespace/name` key and by namespace (an Informer has both). */
export interface CacheLookup<T> {
  get(key: string): T | undefined;
  list(namespace?: string): T[];
}

export interface HandlerDeps {
  deployments: CacheLookup<DeploymentObject>;
  replicaSets: CacheLookup<ReplicaSetObject>;
  enqueue(d: DeploymentObject): void;
}

type OwnerReference = NonNullable<ReturnType<typeof controllerOf>>;

/** `resolveControllerRef`: the cached Deployment a controller reference names, if its uid matches. */
export function resolveDeployment(
  deployments: CacheLookup<DeploymentObject>,
  namespace: string,
  ref: OwnerReference,
): DeploymentObject | undefined {
  if (ref.kind !== deploymentKind) return undefined;
  const d = deployments.get(`${namespace}/${ref.name}`);
  return d !== undefined && d.metadata.uid === ref.uid ? d : undefined;
}

/** `GetDeploymentsForReplicaSet`: the Deployments of its namespace whose (non-empty) selector matches its labels. */
export function deploymentsSelecting(
  deployments: CacheLookup<DeploymentObject>,
  rs: ReplicaSetObject,
): DeploymentObject[] {
  const labels = rs.metadata.labels;
  if (labels === undefined || Object.keys(labels).length === 0) return [];
  return deployments.list(rs.metadata.namespace ?? '').filter((d) => {
    try {
      const selector = labelSelectorFromObject(d.spec.selector);
      return !selector.empty() && selector.matches(labels);
    } catch {
      return false;
    }
  });
}

/** Handlers for the Deployment informer: every change syncs it. */
export function deploymentHandlers(enqueue: (d: DeploymentObject) => void): InformerHandlers<DeploymentObject> {
  return { add: enqueue, update: (_old, cur) => enqueue(cur), delete: enqueue };
}

/** Handlers for the ReplicaSet informer: the controlling Deployment, or for an orphan every one selecting it. */
export function replicaSetHandlers(deps: HandlerDeps): InformerHandlers<ReplicaSetObject> {
  const namespaceOf = (rs: ReplicaSetObject) => rs.metadata.namespace ?? '';
  const enqueueOwner = (rs: ReplicaSetObject, ref: OwnerReference | undefined) => {
    if (ref === undefined) return;
    const d = resolveDeployment(deps.deployments, namespaceOf(rs), ref);
    if (d !== undefined) deps.enqueue(d);
  };
  const enqueueSelecting = (rs: ReplicaSetObject) => {
    for (const d of deploymentsSelecting(deps.deployments, rs)) deps.enqueue(d);
  };
  const onDelete = (rs: ReplicaSetObject) => enqueueOwner(rs, controllerOf(rs));
  return {
    add(rs) {
      if (rs.metadata.deletionTimestamp) return onDelete(rs);
      const ref = controllerOf(rs);
      if (ref !== undefined) enqueueOwner(rs, ref);
      else enqueueSelecting(rs);
    },
    update(old, cur) {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const curRef = controllerOf(cur);
      const oldRef = controllerOf(old);
      const refChanged = !semanticEqual(curRef, oldRef);
      if (refChanged && oldRef !== undefined) enqueueOwner(old, oldRef);
      if (curRef !== undefined) return enqueueOwner(cur, curRef);
      if (refChanged || !semanticEqual(cur.metadata.labels, old.metadata.labels)) enqueueSelecting(cur);
    },
    delete: onDelete,
  };
}

/**
 * Handlers for the Pod informer: a deleted pod syncs its Deployment (through its ReplicaSet) when that one
 * uses Recreate, which waits for old pods to be gone. (Upstream enqueues only once the Deployment has no pods
 * left; syncing on every deletion reaches the same state.)
 */
export function podHandlers(deps: HandlerDeps): InformerHandlers<PodObject> {
  return {
    delete(pod) {
      const ref = controllerOf(pod);
      if (ref?.kind !== 'ReplicaSet') return;
      const rs = deps.replicaSets.get(`${pod.metadata.namespace ?? ''}/${ref.name}`);
      if (rs === undefined || rs.metadata.uid !== ref.uid) return;
      const rsRef = controllerOf(rs);
      const d = rsRef && resolveDeployment(deps.deployments, rs.metadata.namespace ?? '', rsRef);
      if (d !== undefined && d.spec.strategy?.type === 'Recreate') deps.enqueue(d);
    },
  };
}

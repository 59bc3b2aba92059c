/**
 * The Deployment controller (k/k `pkg/controller/deployment`): rolls Deployments out through ReplicaSets named
 * `<deployment>-<pod-template-hash>` (RollingUpdate with maxSurge / maxUnavailable, or Recreate), scales them
 * proportionally, keeps revisions and history, and reports status and conditions. It watches Deployments,
 * ReplicaSets and Pods, and writes only Deployments (status, revision annotation) and ReplicaSets; the
 * ReplicaSet controller makes the pods.
 */

import type { Controller } from '../../client/framework-types.js';
import { createWorkQueue, runWorkers } from '../../client/index.js';
import { deploymentHandlers, podHandlers, replicaSetHandlers } from './event-handlers.js';
import { deploymentsGvr, podsGvr, replicaSetsGvr, type SyncDeps } from './sync-context.js';
import { syncDeployment } from './sync-deployment.js';
import { type DeploymentObject, objectKey, type PodObject, type ReplicaSetObject } from './types.js';

/** kube-controller-manager's `--concurrent-deployment-syncs` default. */
export const deploymentWorkers = 5;

/** The field manager and event source Kubernetes uses for this controller's writes. */
export const fieldManager = 'kube-controller-manager';
export const component = 'deployment-controller';

/** Starts the informers' handlers and the workers; returns once the caches have synced and workers run. */
export const deploymentController: Controller = async (ctx) => {
  const deployments = ctx.informers.informer<DeploymentObject>(deploymentsGvr);
  const replicaSets = ctx.informers.informer<ReplicaSetObject>(replicaSetsGvr);
  const pods = ctx.informers.informer<PodObject>(podsGvr);
  const queue = createWorkQueue();
  const enqueue = (d: DeploymentObject) => queue.add(objectKey(d));

  deployments.addHandlers(deploymentHandlers(enqueue));
  replicaSets.addHandlers(replicaSetHandlers({ deployments, replicaSets, enqueue }));
  pods.addHandlers(podHandlers({ deployments, replicaSets, enqueue }));

  const deps: SyncDeps = {
    client: ctx.client.withFieldManager(fieldManager),
    deployments,
    replicaSets,
    pods,
    recorder: ctx.recorder(component),
    now: ctx.now,
    enqueueAfter: (key, delayMs) => queue.addAfter(key, delayMs),
    enqueueRateLimited: (key) => queue.addRateLimited(key),
  };

  await Promise.all([deployments, replicaSets, pods].map((i) => i.waitForSync(ctx.signal)));
  if (ctx.signal.aborted) return;
  const workers = runWorkers({
    name: component,
    queue,
    workers: deploymentWorkers,
    reconcile: (key) => syncDeployment(deps, key),
    signal: ctx.signal,
    log: ctx.log,
  });
  workers.catch((err: unknown) => ctx.log.error('deployment workers stopped', { err }));
};

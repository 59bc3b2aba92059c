/**
 * The ReplicaSet controller (kube-controller-manager's `replicaset-controller`): keeps `spec.replicas` pods
 * for every ReplicaSet, adopting and releasing pods by selector, and reports their state in `status`.
 */
import type { Controller } from '../../client/framework-types.js';
import { createWorkQueue, runWorkers } from '../../client/index.js';
import { ReplicaSetEventHandlers } from './event-handlers.js';
import { Expectations } from './expectations.js';
import {
  podControllerIndexValues,
  podsByControllerIndex,
  replicaSetControllerIndexValues,
  replicaSetsByControllerIndex,
} from './indexes.js';
import { PodControl } from './pod-control.js';
import { controllerFieldManager, podsResource, replicaSetsResource } from './resources.js';
import { type SyncDeps, syncReplicaSet } from './sync-replica-set.js';
import type { PodObject, ReplicaSetObject } from './types.js';

/** kube-controller-manager's `--concurrent-replicaset-syncs` default. */
export const replicaSetWorkers = 5;

/** The component name on the controller's Events. */
export const replicaSetComponent = 'replicaset-controller';

/**
 * Watches ReplicaSets and pods (pods indexed by controller uid), waits for both caches, then runs the workers
 * until `ctx.signal` aborts. Writes go through `ctx.client` as field manager `kube-controller-manager`.
 */
export const replicaSetController: Controller = async (ctx) => {
  const client = ctx.client.withFieldManager(controllerFieldManager);
  const replicaSets = ctx.informers.informer<ReplicaSetObject>(replicaSetsResource);
  const pods = ctx.informers.informer<PodObject>(podsResource);
  replicaSets.addIndex(replicaSetsByControllerIndex, replicaSetControllerIndexValues);
  pods.addIndex(podsByControllerIndex, podControllerIndexValues);
  const queue = createWorkQueue();
  const expectations = new Expectations(ctx.now);
  new ReplicaSetEventHandlers({ replicaSets, pods, queue, expectations }).register();
  const deps: SyncDeps = {
    client,
    replicaSets,
    pods,
    queue,
    podControl: new PodControl(client, ctx.recorder(replicaSetComponent)),
    expectations,
    now: ctx.now,
    log: ctx.log,
  };
  await Promise.all([replicaSets.waitForSync(ctx.signal), pods.waitForSync(ctx.signal)]);
  void runWorkers({
    name: replicaSetComponent,
    queue,
    workers: replicaSetWorkers,
    reconcile: (key) => syncReplicaSet(deps, key),
    signal: ctx.signal,
    log: ctx.log,
  });
};

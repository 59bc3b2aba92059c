/**
 * The scheduler (kube-scheduler's default profile, reduced to what one node needs): binds each pending pod
 * whose `spec.schedulerName` is `default-scheduler` to a node that passes the filters (cordon, taints,
 * node selector and affinity, host ports, resources), or reports why none does and retries on cluster events.
 */
import type { Controller } from '../client/framework-types.js';
import { createWorkQueue, runWorkers } from '../client/index.js';
import { registerHandlers } from './event-handlers.js';
import { type ScheduleDeps, scheduleOne } from './schedule-one.js';
import { SchedulingQueue } from './scheduling-queue.js';
import {
  defaultSchedulerName,
  type NodeObject,
  nodesResource,
  type PodObject,
  podsResource,
  schedulerFieldManager,
} from './types.js';

export interface SchedulerOptions {
  /** The `spec.schedulerName` this scheduler serves (default `default-scheduler`). */
  schedulerName?: string;
}

/**
 * A scheduler serving `options.schedulerName`. It waits for the pod and node caches, then schedules one pod at a
 * time (so each decision sees the previous bindings) until `ctx.signal` aborts.
 */
export function createScheduler(options: SchedulerOptions = {}): Controller {
  const schedulerName = options.schedulerName ?? defaultSchedulerName;
  return async (ctx) => {
    const pods = ctx.informers.informer<PodObject>(podsResource);
    const nodes = ctx.informers.informer<NodeObject>(nodesResource);
    const queue = new SchedulingQueue(createWorkQueue(), ctx.now);
    const assumed = new Map<string, string>();
    registerHandlers({ pods, nodes, queue, assumed, schedulerName });
    const deps: ScheduleDeps = {
      client: ctx.client.withFieldManager(schedulerFieldManager),
      pods,
      nodes,
      queue,
      assumed,
      recorder: ctx.recorder(schedulerName),
      schedulerName,
      now: ctx.now,
      log: ctx.log,
    };
    await Promise.all([pods.waitForSync(ctx.signal), nodes.waitForSync(ctx.signal)]);
    void runWorkers({
      name: schedulerName,
      queue: queue.queue,
      workers: 1,
      reconcile: (key) => scheduleOne(deps, key),
      signal: ctx.signal,
      log: ctx.log,
    });
  };
}

/** The `default-scheduler`. */
export const scheduler: Controller = createScheduler();

export { type ScheduleResult, schedulePod } from './schedule-pod.js';

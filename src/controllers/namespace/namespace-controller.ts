/**
 * The namespace controller (kube-controller-manager's `namespace`): every namespace with a deletionTimestamp is
 * emptied and finalized by the NamespacedResourcesDeleter; content that is still going away brings it back after
 * half the estimate (plus a second), other failures after the queue's backoff.
 */

import { runWorkers } from '../../client/controller-runner.js';
import type { Controller, ControllerContext } from '../../client/framework-types.js';
import { createWorkQueue } from '../../client/workqueue.js';
import { requeueDelaySeconds } from './content-estimate.js';
import {
  NamespacedResourcesDeleter,
  type NamespaceObject,
  ResourcesRemainingError,
} from './namespaced-resources-deleter.js';

export interface NamespaceControllerOptions {
  /**
   * Wait before working on a namespace that started terminating. Upstream waits 5 s so that every API server of
   * an HA control plane sees the deletion first; kubeling has one API server, so the default is 0.
   */
  deletionDelayMs?: number;
  /** Upstream `--concurrent-namespace-syncs` (default 10). */
  workers?: number;
}

const namespacesGvr = { group: '', version: 'v1', resource: 'namespaces' };

export function namespaceControllerWith(options: NamespaceControllerOptions = {}): Controller {
  return function namespaceController(ctx: ControllerContext): void {
    const queue = createWorkQueue();
    const informer = ctx.informers.informer<NamespaceObject>(namespacesGvr);
    const deleter = new NamespacedResourcesDeleter({
      client: ctx.client.withFieldManager('kube-controller-manager'),
      now: ctx.now,
      log: ctx.log,
    });
    const enqueue = (ns: NamespaceObject) => {
      if (!ns.metadata.deletionTimestamp) return;
      queue.addAfter(ns.metadata.name ?? '', options.deletionDelayMs ?? 0);
    };
    informer.addHandlers({ add: enqueue, update: (_old, ns) => enqueue(ns) });
    const reconcile = async (name: string) => {
      if (!informer.get(name)) return;
      try {
        await deleter.delete(name);
      } catch (err) {
        if (!(err instanceof ResourcesRemainingError)) throw err;
        const seconds = requeueDelaySeconds(err.estimate);
        ctx.log.info('content remaining in namespace', { namespace: name, waitSeconds: seconds });
        queue.addAfter(name, seconds * 1000);
      }
    };
    void runWorkers({
      name: 'namespace',
      queue,
      workers: options.workers ?? 5,
      reconcile,
      signal: ctx.signal,
      log: ctx.log,
    });
  };
}

/** The namespace controller with kubeling's defaults. */
export const namespaceController: Controller = namespaceControllerWith();

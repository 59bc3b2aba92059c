/**
 * The garbage collector (kube-controller-manager's `garbagecollector`): informers on every monitored resource
 * feed one dependency graph keyed by uid; two queues of uids drive the deletions (attemptToDelete) and the
 * orphaning (attemptToOrphan). Workers start once every informer has synced, so a dependent listed before its
 * owner never makes the owner look absent.
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/registry.js';
import type { ControllerContext, EventRecorder, Logger, WorkQueue } from '../../client/framework-types.js';
import { createWorkQueue } from '../../client/workqueue.js';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { attemptToDelete, type QueueAction } from './attempt-to-delete.js';
import { attemptToOrphan } from './attempt-to-orphan.js';
import { CollectorOperations } from './collector-operations.js';
import { DependencyGraph, type GraphOutputs, type ObservedObject } from './dependency-graph.js';
import type { GraphNode } from './graph-node.js';
import { gvrOf, identityOfObject, monitoredResources } from './monitored-resources.js';
import { formatIdentity, identityOfReference, type OwnerReference, referenceCoordinates } from './object-identity.js';
import { runQueue } from './run-queue.js';

export const garbageCollectorComponent = 'garbage-collector-controller';

export interface GarbageCollectorOptions {
  /** Workers of each queue (upstream `--concurrent-gc-syncs`, default 20). */
  workers?: number;
}

export class GarbageCollector implements GraphOutputs {
  readonly graph: DependencyGraph;
  private readonly deleteQueue: WorkQueue = createWorkQueue();
  private readonly orphanQueue: WorkQueue = createWorkQueue();
  private readonly ops: CollectorOperations;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: GarbageCollectorOptions = {},
  ) {
    this.graph = new DependencyGraph(this, new AbsentOwnerCache());
    this.ops = new CollectorOperations(ctx.client.withFieldManager('kube-controller-manager'));
    this.recorder = ctx.recorder(garbageCollectorComponent);
    this.log = ctx.log;
  }

  /** Registers the informers, waits for them to sync, then starts the workers. */
  async start(): Promise<void> {
    const informers = monitoredResources().map((info) => this.monitor(info));
    await Promise.all(informers.map((i) => i.waitForSync(this.ctx.signal)));
    this.log.info('all resource monitors have synced, collecting garbage', { nodes: this.graph.size });
    const workers = this.options.workers ?? 10;
    const { signal, log } = this.ctx;
    void runQueue({ queue: this.deleteQueue, workers, signal, log, process: (uid) => this.processDelete(uid) });
    void runQueue({ queue: this.orphanQueue, workers, signal, log, process: (uid) => this.processOrphan(uid) });
  }

  private monitor(info: ResourceInfo) {
    const informer = this.ctx.informers.informer(gvrOf(info));
    const observed = (obj: KubeObject): ObservedObject => ({
      identity: identityOfObject(info, obj),
      ownerReferences: obj.metadata.ownerReferences ?? [],
      beingDeleted: Boolean(obj.metadata.deletionTimestamp),
      finalizers: obj.metadata.finalizers ?? [],
    });
    informer.addHandlers({
      add: (obj) => this.graph.observe(observed(obj)),
      update: (old, obj) => this.graph.observe(observed(obj), observed(old)),
      delete: (obj) => this.graph.observeDeletion(identityOfObject(info, obj)),
    });
    return informer;
  }

  attemptToDelete(node: GraphNode, opts?: { rateLimited?: boolean }): void {
    if (opts?.rateLimited) this.deleteQueue.addRateLimited(node.uid);
    else this.deleteQueue.add(node.uid);
  }

  attemptToOrphan(node: GraphNode): void {
    this.orphanQueue.add(node.uid);
  }

  invalidNamespaceOwnerRef(dependent: GraphNode, ref: OwnerReference): void {
    const { apiVersion, kind, name, namespace, uid } = dependent.identity;
    const owner = identityOfReference(referenceCoordinates(ref), namespace);
    this.recorder.event(
      { apiVersion, kind, metadata: { name, namespace, uid } },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${formatIdentity(owner)} does not exist in namespace ${JSON.stringify(namespace)}`,
    );
  }

  private async processDelete(uid: string): Promise<QueueAction> {
    const node = this.graph.get(uid);
    if (!node) return 'forget';
    return attemptToDelete(
      { graph: this.graph, ops: this.ops, log: this.log, enqueue: (dep) => this.deleteQueue.add(dep.uid) },
      node,
    );
  }

  private async processOrphan(uid: string): Promise<QueueAction> {
    const node = this.graph.get(uid);
    if (!node) return 'forget';
    await attemptToOrphan(this.ops, node);
    return 'forget';
  }
}

/** The garbage collector as a controller of the manager. */
export async function garbageCollector(ctx: ControllerContext): Promise<void> {
  await new GarbageCollector(ctx).start();
}

/**
 * The I/O of one Deployment sync: a working copy of the Deployment and the writes upstream's
 * `DeploymentController` makes (status updates, ReplicaSet scaling with its event, creates, deletes).
 *
 * Two differences from upstream, both for the same observable result: the working copy takes the
 * resourceVersion of every write, so successive writes in one sync do not conflict with each other; and the
 * Deployment's annotations (the revision) are written with an ordinary update before the status update,
 * because this API server's `/status` keeps metadata as it is (Kubernetes' Deployment status strategy accepts
 * annotation changes there).
 */
import { StatusError } from '../../api/status-error.js';
import type { EventRecorder, EventType, Informer } from '../../client/framework-types.js';
import type { KubeClient, ResourceClient } from '../../client/types.js';
import { planScale, type ScaleRequest, scalingMessage } from './scaling.js';
import { canonicalJson } from './template-equality.js';
import type { DeploymentObject, PodObject, ReplicaSetObject } from './types.js';

export const deploymentsGvr = { group: 'apps', version: 'v1', resource: 'deployments' };
export const replicaSetsGvr = { group: 'apps', version: 'v1', resource: 'replicasets' };
export const podsGvr = { group: '', version: 'v1', resource: 'pods' };

/** What a sync needs from the controller: the client, the informer caches, the recorder, the clock, the queue. */
export interface SyncDeps {
  client: KubeClient;
  deployments: Informer<DeploymentObject>;
  replicaSets: Informer<ReplicaSetObject>;
  pods: Informer<PodObject>;
  recorder: EventRecorder;
  now(): Date;
  /** Look at the Deployment again after `delayMs` (progress deadline checks). */
  enqueueAfter(key: string, delayMs: number): void;
  /** Look at the Deployment again soon, with backoff. */
  enqueueRateLimited(key: string): void;
}

/** A 409 AlreadyExists. */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'AlreadyExists';
}

/** A create refused because the namespace is being deleted (cause `NamespaceTerminating`). */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

export function isNotFoundError(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class SyncContext {
  private writtenAnnotations: string;
  /** The last written version of each ReplicaSet touched in this sync, by uid. */
  private readonly latestRS = new Map<string, ReplicaSetObject>();

  constructor(
    readonly deps: SyncDeps,
    /** The working copy (never the informer's object). */
    readonly d: DeploymentObject,
  ) {
    this.writtenAnnotations = canonicalJson(d.metadata.annotations ?? {});
  }

  get namespace(): string {
    return this.d.metadata.namespace ?? 'default';
  }

  get key(): string {
    return `${this.namespace}/${this.d.metadata.name ?? ''}`;
  }

  now(): Date {
    return this.deps.now();
  }

  deploymentClient(): ResourceClient<DeploymentObject> {
    return this.deps.client.resource<DeploymentObject>(deploymentsGvr, this.namespace);
  }

  replicaSetClient(): ResourceClient<ReplicaSetObject> {
    return this.deps.client.resource<ReplicaSetObject>(replicaSetsGvr, this.namespace);
  }

  event(type: EventType, reason: string, message: string): void {
    this.deps.recorder.event(this.d, type, reason, message);
  }

  /** `Deployments().Update(d)`: the working copy (spec, metadata) as it is now. */
  async updateDeployment(): Promise<void> {
    const written = await this.deploymentClient().update(this.d);
    this.took(written);
    this.writtenAnnotations = canonicalJson(this.d.metadata.annotations ?? {});
  }

  /** `Deployments().UpdateStatus(d)`: the working copy's status, and first its annotations when they changed. */
  async updateStatus(): Promise<void> {
    if (canonicalJson(this.d.metadata.annotations ?? {}) !== this.writtenAnnotations) await this.updateDeployment();
    this.took(await this.deploymentClient().updateStatus(this.d));
  }

  private took(written: DeploymentObject): void {
    const rv = written.metadata.resourceVersion;
    if (rv !== undefined) this.d.metadata.resourceVersion = rv;
  }

  /** The freshest copy of a ReplicaSet this sync knows (after its own writes). */
  current(rs: ReplicaSetObject): ReplicaSetObject {
    return this.latestRS.get(rs.metadata.uid ?? '') ?? rs;
  }

  /** `ReplicaSets().Update(rs)`; remembers the result. */
  async updateReplicaSet(rs: ReplicaSetObject): Promise<ReplicaSetObject> {
    const written = await this.replicaSetClient().update(rs);
    this.latestRS.set(written.metadata.uid ?? '', written);
    return written;
  }

  /**
   * `scaleReplicaSet` / `scaleReplicaSetAndRecordEvent`: writes the size and replica annotations when needed and
   * records `ScalingReplicaSet` when the size changed. Returns whether it scaled, and the ReplicaSet now.
   */
  async scale(request: ScaleRequest): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
    const rs = this.current(request.rs);
    const write = planScale({ ...request, rs }, this.d);
    if (write === undefined) return { scaled: false, rs };
    const written = await this.updateReplicaSet(write.updated);
    if (!write.resized) return { scaled: false, rs: written };
    const message = scalingMessage(request.operation, written.metadata.name ?? '', write.from, request.replicas);
    this.event('Normal', 'ScalingReplicaSet', message);
    return { scaled: true, rs: written };
  }

  /** Runs the requests in order, stopping at the first failure. True when any of them changed a size. */
  async scaleAll(requests: readonly ScaleRequest[]): Promise<boolean> {
    let scaled = false;
    for (const request of requests) if ((await this.scale(request)).scaled) scaled = true;
    return scaled;
  }

  /** Deletes a ReplicaSet (history cleanup); a missing one is fine. */
  async deleteReplicaSet(rs: ReplicaSetObject): Promise<void> {
    try {
      await this.replicaSetClient().delete(rs.metadata.name ?? '');
    } catch (err) {
      if (!isNotFoundError(err)) throw err;
    }
  }
}

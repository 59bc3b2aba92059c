/**
 * The scheduling queue: the framework's work queue (one pod handed out at a time, adds collapse, delayed adds)
 * driven by the scheduler's retry policy (PodBackoff). Pods that fit nowhere wait for a cluster event or the
 * 5-minute flush; a moved pod is retried once its backoff has passed.
 */
import type { WorkQueue } from '../client/framework-types.js';
import { maxInUnschedulableMs, PodBackoff } from './pod-backoff.js';

export class SchedulingQueue {
  constructor(
    readonly queue: WorkQueue,
    private readonly now: () => Date,
    private readonly backoff = new PodBackoff(),
  ) {}

  /** A new (or newly schedulable) pod: try it now. */
  add(key: string): void {
    this.queue.add(key);
  }

  /** Called when the attempt for `key` begins (a pod reached by the 5-minute flush leaves the pool). */
  startAttempt(key: string): void {
    this.backoff.move(key, this.time());
    this.backoff.startAttempt(key);
  }

  /** The pod fits nowhere: wait for an event, or retry after the backoff if an event came during the attempt. */
  unschedulable(key: string): void {
    const delay = this.backoff.failed(key, this.time());
    this.queue.addAfter(key, delay ?? maxInUnschedulableMs);
  }

  /** A cluster event that may help every waiting pod. */
  moveAll(): void {
    for (const [key, delay] of this.backoff.moveAll(this.time())) this.queue.addAfter(key, delay);
  }

  /** The waiting pod itself changed. */
  movePod(key: string): void {
    const delay = this.backoff.move(key, this.time());
    if (delay !== undefined) this.queue.addAfter(key, delay);
  }

  isUnschedulable(key: string): boolean {
    return this.backoff.isUnschedulable(key);
  }

  /** The pod was bound or is gone. */
  forget(key: string): void {
    this.backoff.forget(key);
  }

  private time(): number {
    return this.now().getTime();
  }
}

/**
 * client-go's rate-limited work queue. A key is in at most one of: queued (and dirty), processing, or
 * processing-and-dirty (re-queued at `done`). Adds of a queued key collapse; a key is never handed to two
 * workers at once; `addAfter` waits in a timer heap (the earlier of two times wins); `addRateLimited` waits
 * the key's exponential backoff. After `shutDown`, adds are ignored, the keys already queued are still handed
 * out, and then `get` resolves undefined to every waiter.
 */

import { DelayHeap } from './delay-heap.js';
import type { WorkQueue } from './framework-types.js';
import { ItemExponentialRateLimiter, type RateLimiterOptions } from './rate-limiter.js';

export type WorkQueueOptions = RateLimiterOptions;

export class RateLimitedQueue implements WorkQueue {
  private queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly delayed = new DelayHeap();
  private readonly limiter: ItemExponentialRateLimiter;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopping = false;

  constructor(options: WorkQueueOptions = {}) {
    this.limiter = new ItemExponentialRateLimiter(options);
  }

  add(key: string): void {
    if (this.stopping || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.handOut();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.stopping) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    this.delayed.push(key, Date.now() + delayMs);
    this.armTimer();
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }

  forget(key: string): void {
    this.limiter.forget(key);
  }

  /** How many times `key` was rate-limited since its last `forget`. */
  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  get(): Promise<string | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.stopping) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.handOut();
    }
  }

  len(): number {
    return this.queue.length;
  }

  shutDown(): void {
    this.stopping = true;
    this.delayed.clear();
    this.clearTimer();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  shuttingDown(): boolean {
    return this.stopping;
  }

  private take(): string {
    const key = this.queue.shift() as string;
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  private handOut(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const waiter = this.waiters.shift() as (key: string | undefined) => void;
      waiter(this.take());
    }
  }

  private armTimer(): void {
    const next = this.delayed.peekTime();
    if (next === undefined || next >= this.timerAt) return;
    this.clearTimer();
    this.timerAt = next;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next - Date.now()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    for (const key of this.delayed.popReady(Date.now())) this.add(key);
    this.armTimer();
  }
}

/** A new queue with client-go's default per-key backoff (5 ms doubling, capped at 1000 s). */
export function createWorkQueue(options: WorkQueueOptions = {}): RateLimitedQueue {
  return new RateLimitedQueue(options);
}

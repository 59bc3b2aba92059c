/**
 * The retry policy of kube-scheduler's scheduling queue, without the queue itself: a pod that no node accepts
 * waits in the unschedulable pool until a cluster event (or the 5-minute flush) moves it back, and never
 * retries before its backoff (1 s doubling per failed attempt, at most 10 s) has passed. A cluster event seen
 * while a pod was being scheduled sends it straight to backoff, so that event is not missed.
 */

export const podInitialBackoffMs = 1000;
export const podMaxBackoffMs = 10_000;
/** `podMaxInUnschedulablePodsDuration`: unschedulable pods are retried at least this often. */
export const maxInUnschedulableMs = 5 * 60_000;

/** `calculateBackoffDuration`: initial × 2^(attempts−1), capped. */
export function backoffDuration(attempts: number, initialMs = podInitialBackoffMs, maxMs = podMaxBackoffMs): number {
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d > maxMs) return maxMs;
  }
  return Math.min(d, maxMs);
}

export class PodBackoff {
  private readonly attempts = new Map<string, number>();
  private readonly retryAt = new Map<string, number>();
  private readonly unschedulable = new Set<string>();
  /** Bumped by every cluster event; a pod remembers the value its attempt started with. */
  private eventSeq = 0;
  private readonly attemptSeq = new Map<string, number>();

  constructor(
    private readonly initialMs = podInitialBackoffMs,
    private readonly maxMs = podMaxBackoffMs,
  ) {}

  /** A scheduling attempt for `key` begins. */
  startAttempt(key: string): void {
    this.attemptSeq.set(key, this.eventSeq);
  }

  /**
   * The attempt failed at `now`. Returns the delay after which to retry at once (a cluster event happened
   * during the attempt), or undefined when the pod waits in the unschedulable pool.
   */
  failed(key: string, now: number): number | undefined {
    const attempts = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempts);
    const delay = backoffDuration(attempts, this.initialMs, this.maxMs);
    this.retryAt.set(key, now + delay);
    const started = this.attemptSeq.get(key);
    this.attemptSeq.delete(key);
    if (started !== undefined && started !== this.eventSeq) return delay;
    this.unschedulable.add(key);
    return undefined;
  }

  isUnschedulable(key: string): boolean {
    return this.unschedulable.has(key);
  }

  /** Moves one pod out of the pool (it changed); returns its remaining backoff, or undefined if it was not there. */
  move(key: string, now: number): number | undefined {
    if (!this.unschedulable.delete(key)) return undefined;
    return Math.max(0, (this.retryAt.get(key) ?? now) - now);
  }

  /** A cluster event: every pooled pod is retried after its remaining backoff. */
  moveAll(now: number): [key: string, delayMs: number][] {
    this.eventSeq++;
    const out: [string, number][] = [];
    for (const key of [...this.unschedulable]) {
      const delay = this.move(key, now);
      if (delay !== undefined) out.push([key, delay]);
    }
    return out;
  }

  /** The pod was bound or deleted: drop what is known of it. */
  forget(key: string): void {
    this.attempts.delete(key);
    this.retryAt.delete(key);
    this.unschedulable.delete(key);
    this.attemptSeq.delete(key);
  }
}

/** client-go's ItemExponentialFailureRateLimiter: per-key delay `base × 2^failures`, capped. */

export interface RateLimiterOptions {
  /** Delay of the first failure (default 5 ms). */
  baseDelayMs?: number;
  /** Upper bound (default 1000 s). */
  maxDelayMs?: number;
}

export class ItemExponentialRateLimiter {
  private readonly failures = new Map<string, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: RateLimiterOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 1_000_000;
  }

  /** Counts a failure of `key` and returns how long to wait before retrying it. */
  when(key: string): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    return Math.min(this.baseDelayMs * 2 ** exp, this.maxDelayMs);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}

/** Waiting helpers for retry loops: an abortable sleep and a jittered exponential backoff. */

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Random extra delay, as a fraction of the delay (default 0.2). */
  jitter?: number;
}

/** Doubles from `initialMs` up to `maxMs` on each `next()`, back to the start on `reset()` (client-go's backoff manager). */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private current: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 30_000;
    this.jitter = options.jitter ?? 0.2;
    this.current = this.initialMs;
  }

  /** The delay to wait now; the following one will be twice as long (up to the maximum). */
  next(): number {
    const delay = this.current;
    this.current = Math.min(this.current * 2, this.maxMs);
    return Math.round(delay * (1 + Math.random() * this.jitter));
  }

  reset(): void {
    this.current = this.initialMs;
  }

  wait(signal?: AbortSignal): Promise<void> {
    return sleep(this.next(), signal);
  }
}

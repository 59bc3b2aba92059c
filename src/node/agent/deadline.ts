/** A point in time that can be brought forward (a pod's grace period shortened by a later, shorter delete). */
export class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private readonly controller = new AbortController();

  constructor(
    private at: number,
    private readonly now: () => number = Date.now,
  ) {
    this.arm();
  }

  /** Aborts when the deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get time(): number {
    return this.at;
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  /** Moves the deadline earlier (never later). */
  shorten(at: number): void {
    if (at >= this.at) return;
    this.at = at;
    this.arm();
  }

  /** Resolves when the deadline passes or `until` settles, whichever is first. */
  async race<T>(until: Promise<T>): Promise<T | 'deadline'> {
    if (this.signal.aborted) return 'deadline';
    let onAbort: (() => void) | undefined;
    const passed = new Promise<'deadline'>((resolve) => {
      onAbort = () => resolve('deadline');
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([until, passed]);
    } finally {
      if (onAbort) this.signal.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.controller.signal.aborted) return;
    const ms = this.at - this.now();
    if (ms <= 0) {
      this.controller.abort();
      return;
    }
    this.timer = setTimeout(() => this.arm(), ms);
    this.timer.unref();
  }
}

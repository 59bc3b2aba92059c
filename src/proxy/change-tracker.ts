/**
 * kube-proxy's service and endpoint change trackers, without its 1 s minSyncPeriod: informer handlers mark
 * Services dirty, and the dirty set is synced once the current turn's handlers have run (a microtask), so a
 * burst of events delivered together becomes one sync and nothing waits longer than that.
 */

/** What happened to one Service since its last sync. */
export interface PendingChange {
  /** `performance.now()` when its first unsynced slice change was seen. */
  sliceObservedAt?: number;
  /** The newest `endpoints.kubernetes.io/last-change-trigger-time` seen (ms since the epoch). */
  triggerTime?: number;
}

export class ChangeTracker {
  private pending = new Map<string, PendingChange>();
  private scheduled = false;
  private running = false;
  private touched = false;

  constructor(private readonly sync: (batch: Map<string, PendingChange>) => void) {}

  serviceChanged(key: string): void {
    if (!this.pending.has(key)) this.pending.set(key, {});
    this.schedule();
  }

  sliceChanged(key: string, triggerTime: string | undefined): void {
    let change = this.pending.get(key);
    if (!change) {
      change = {};
      this.pending.set(key, change);
    }
    change.sliceObservedAt ??= performance.now();
    const t = triggerTime ? Date.parse(triggerTime) : Number.NaN;
    if (!Number.isNaN(t) && (change.triggerTime === undefined || t > change.triggerTime)) change.triggerTime = t;
    this.schedule();
  }

  /** Asks for a sync even with nothing dirty (a change that moves the applied resourceVersion only). */
  touch(): void {
    this.touched = true;
    this.schedule();
  }

  /** Starts syncing; changes seen before are synced now, synchronously. */
  start(): void {
    this.running = true;
    if (this.pending.size === 0 && !this.touched) return;
    const batch = this.pending;
    this.pending = new Map();
    this.touched = false;
    this.sync(batch);
  }

  stop(): void {
    this.running = false;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private schedule(): void {
    if (!this.running || this.scheduled || (this.pending.size === 0 && !this.touched)) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.running) return;
      this.touched = false;
      const batch = this.pending;
      this.pending = new Map();
      this.sync(batch);
    });
  }
}

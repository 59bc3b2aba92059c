/**
 * Controller expectations (k/k `UIDTrackingControllerExpectations`): the creations and deletions a controller
 * has asked for and not yet seen through its informer. A ReplicaSet is only resized again once they are all
 * observed (or 5 minutes passed), so a lagging cache never causes double creates or deletes.
 */

/** `controller.ExpectationsTimeout`. */
export const expectationsTimeoutMs = 5 * 60 * 1000;

interface ExpectationRecord {
  add: number;
  del: number;
  /** When the expectations were set (ms). */
  at: number;
  /** Pod keys (`namespace/name`) whose deletion is awaited. */
  deleteKeys: Set<string>;
}

/** Per-controller-key expectations. Single-threaded, so no locking is needed. */
export class Expectations {
  private readonly records = new Map<string, ExpectationRecord>();

  constructor(private readonly now: () => Date) {}

  /** True when nothing is awaited for `key`: no record, all observed, or the record expired. */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del <= 0) return true;
    return this.now().getTime() - r.at > expectationsTimeoutMs;
  }

  /** Awaits `count` creations (replacing any earlier expectations for `key`). */
  expectCreations(key: string, count: number): void {
    this.records.set(key, { add: count, del: 0, at: this.now().getTime(), deleteKeys: new Set() });
  }

  /** Awaits the deletion of these pods (replacing any earlier expectations for `key`). */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    const deleteKeys = new Set(podKeys);
    this.records.set(key, { add: 0, del: deleteKeys.size, at: this.now().getTime(), deleteKeys });
  }

  /** One awaited creation was seen (or will never happen). */
  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.add--;
  }

  /** The deletion of `podKey` was seen (or will never happen); counts only for pods awaited by `key`. */
  deletionObserved(key: string, podKey: string): void {
    const r = this.records.get(key);
    if (!r?.deleteKeys.has(podKey)) return;
    r.deleteKeys.delete(podKey);
    r.del--;
  }

  /** Forgets `key` (its controller was deleted). */
  delete(key: string): void {
    this.records.delete(key);
  }

  /** The awaited counts, for tests and logs. */
  pending(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r ? { add: r.add, del: r.del } : undefined;
  }
}

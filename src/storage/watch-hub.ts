import type { StoreEvent, Watch } from './store.js';

interface Watcher {
  readonly prefix: string;
  readonly listener: (event: StoreEvent) => void;
  queue: StoreEvent[];
  scheduled: boolean;
  cancelled: boolean;
}

/**
 * In-process fan-out of committed writes to watchers. A store publishes each event synchronously right after
 * it commits, so revision order is the publish order. Each watcher has its own queue, drained in a microtask:
 * a writer never runs listener code inside its own call, events arrive in order, and a listener that throws
 * is reported and skipped without affecting the store or other watchers.
 */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly onListenerError: (error: unknown, event: StoreEvent) => void) {}

  /** Number of active watchers. */
  get size(): number {
    return this.watchers.size;
  }

  /**
   * Registers a watcher. `replay` (history already committed, in revision order) is delivered first, then
   * every event published after this call. The caller must read `replay` and call `add` in the same
   * synchronous step as its writes publish, so nothing falls between the two.
   */
  add(prefix: string, replay: StoreEvent[], listener: (event: StoreEvent) => void): Watch {
    const watcher: Watcher = { prefix, listener, queue: replay, scheduled: false, cancelled: false };
    this.watchers.add(watcher);
    if (replay.length > 0) this.schedule(watcher);
    return {
      cancel: () => {
        watcher.cancelled = true;
        watcher.queue = [];
        this.watchers.delete(watcher);
      },
    };
  }

  /** Queues a committed event for every watcher whose prefix matches its key. */
  publish(event: StoreEvent): void {
    for (const watcher of this.watchers) {
      if (!event.key.startsWith(watcher.prefix)) continue;
      watcher.queue.push(event);
      this.schedule(watcher);
    }
  }

  /** Cancels every watcher; pending events are dropped. */
  close(): void {
    for (const watcher of this.watchers) {
      watcher.cancelled = true;
      watcher.queue = [];
    }
    this.watchers.clear();
  }

  private schedule(watcher: Watcher): void {
    if (watcher.scheduled) return;
    watcher.scheduled = true;
    queueMicrotask(() => this.drain(watcher));
  }

  private drain(watcher: Watcher): void {
    watcher.scheduled = false;
    const batch = watcher.queue;
    // Events published while this batch runs (a listener that writes) go to a fresh queue and a later drain.
    watcher.queue = [];
    for (const event of batch) {
      if (watcher.cancelled) return;
      try {
        watcher.listener(event);
      } catch (error) {
        this.report(error, event);
      }
    }
  }

  private report(error: unknown, event: StoreEvent): void {
    try {
      this.onListenerError(error, event);
    } catch {
      // An error handler that throws must not break delivery either.
    }
  }
}

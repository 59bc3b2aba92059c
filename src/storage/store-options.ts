import type { StoreEvent } from './store.js';

/** Options shared by the store implementations. */
export interface StoreOptions {
  /**
   * How many of the latest revisions stay watchable (default 10,000). Older history is compacted automatically,
   * in steps of a tenth of the window, so between `historyWindow` and `historyWindow * 1.1` revisions are
   * retained. `Infinity` turns automatic compaction off (explicit `compact()` still works).
   */
  historyWindow?: number;
  /**
   * Called when a watch listener throws. The error never reaches the writer or other watchers, and the
   * throwing watcher keeps receiving later events. Default: log to stderr.
   */
  onListenerError?: (error: unknown, event: StoreEvent) => void;
}

export const defaultHistoryWindow = 10_000;

export interface ResolvedStoreOptions {
  historyWindow: number;
  onListenerError: (error: unknown, event: StoreEvent) => void;
}

export function resolveStoreOptions(options: StoreOptions): ResolvedStoreOptions {
  const historyWindow = options.historyWindow ?? defaultHistoryWindow;
  if (!(historyWindow === Number.POSITIVE_INFINITY || (Number.isSafeInteger(historyWindow) && historyWindow > 0))) {
    throw new RangeError(`historyWindow must be a positive integer or Infinity, got ${historyWindow}`);
  }
  return { historyWindow, onListenerError: options.onListenerError ?? logListenerError };
}

function logListenerError(error: unknown, event: StoreEvent): void {
  console.error(`storage: watch listener threw on ${event.type} ${event.key}@${event.revision}:`, error);
}

/**
 * The revision to compact to after a write, or undefined when no compaction is due: once more than
 * `window + step` revisions are retained, compact down to exactly `window`.
 */
export function autoCompactionTarget(current: number, compacted: number, window: number): number | undefined {
  if (window === Number.POSITIVE_INFINITY) return undefined;
  const step = Math.max(1, Math.floor(window / 10));
  return current - compacted >= window + step ? current - window : undefined;
}

/** Validates `ListOptions.limit`: 0 or undefined mean no limit. */
export function normalizeLimit(limit: number | undefined): number {
  if (limit === undefined || limit === 0) return 0;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer: ${limit}`);
  return limit;
}

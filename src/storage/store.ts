/**
 * The storage contract: a revisioned key-value log, shaped like etcd (and kine, k3s's SQLite layer).
 *
 * - One global revision counter; every successful write gets the next revision. A kind's resourceVersion is
 *   the revision of the write that produced that object version (`modRevision`).
 * - Writes are compare-and-swap on the key's current modRevision.
 * - `watch(prefix, fromRevision)` delivers every change with revision > fromRevision, in revision order, first
 *   the retained history and then live changes, with no gap and no duplicate. If `fromRevision` is older than
 *   the retained window (compacted), it throws `CompactedError` (the API maps that to 410 Gone).
 * - An acknowledged write (the promise resolved) survives a crash of the process (SIGKILL) for durable stores.
 */

export interface KeyValue {
  key: string;
  /** The serialized object (JSON text). */
  value: string;
  /** Revision of the write that created the key (its current incarnation). */
  createRevision: number;
  /** Revision of the last write to the key. */
  modRevision: number;
}

export interface ListOptions {
  /** Return at most this many items (0 or undefined: all). */
  limit?: number;
  /** Return only keys strictly greater than this key (for `continue` tokens). */
  startAfter?: string;
  /**
   * Read at this revision instead of the current one (for consistent paging). Throws CompactedError below
   * `compactedRevision()` and RangeError above the current revision.
   */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when more keys with the prefix follow the last item returned. */
  more: boolean;
}

export type WatchEventType = 'put' | 'delete';

export interface StoreEvent {
  type: WatchEventType;
  key: string;
  /**
   * For `put`, the new value; for `delete`, the value before deletion (its `modRevision` is that value's, not
   * the deletion's: use `revision` for the resourceVersion of the deleted object).
   */
  kv: KeyValue;
  /** For `put` of an existing key, the value before the write (absent when the put created the key). */
  prev?: KeyValue;
  /** The revision of this change (for `delete`, the deleting write's revision). */
  revision: number;
}

export interface Watch {
  /** Stops delivery; idempotent. */
  cancel(): void;
}

export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`required revision ${requested} has been compacted (oldest available: ${compacted + 1})`);
    this.name = 'CompactedError';
  }
}

/** A CAS or create failed: the key exists (create) or its modRevision differs / it is gone (update, delete). */
export class PreconditionFailedError extends Error {
  constructor(
    readonly key: string,
    /** The key's current value, if it exists. */
    readonly current: KeyValue | undefined,
  ) {
    super(`precondition failed for ${key}`);
    this.name = 'PreconditionFailedError';
  }
}

export interface Store {
  /** The latest revision (0 for an empty store). */
  currentRevision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /**
   * Keys starting with `prefix` (a plain string prefix), in key order (code point order). `limit` 0 or absent
   * means all; `more` tells whether keys with the prefix follow the last item.
   */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Number of keys under a prefix. */
  count(prefix: string): Promise<number>;
  /** Creates the key (non-empty); throws PreconditionFailedError if it exists. Returns the new KeyValue. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Replaces the value if the key's modRevision equals `expectedRevision`; else PreconditionFailedError
   * (with `current` undefined when the key does not exist). Keeps `createRevision`.
   */
  update(key: string, value: string, expectedRevision: number): Promise<KeyValue>;
  /**
   * Deletes the key if its modRevision equals `expectedRevision` (when given); else PreconditionFailedError
   * (with `current` undefined when the key does not exist). Returns the deleted value.
   */
  delete(key: string, expectedRevision?: number): Promise<KeyValue>;
  /**
   * Streams changes under `prefix` with revision > fromRevision. Throws CompactedError synchronously
   * when fromRevision is below the retained window. Events arrive in revision order on the listener, always
   * asynchronously (never inside the writer's call). A listener that throws is reported and keeps its watch;
   * it affects neither the store nor other watchers. Events and their KeyValues are frozen and shared.
   */
  watch(prefix: string, fromRevision: number, listener: (event: StoreEvent) => void): Watch;
  /** The oldest revision from which watch can still start (the compacted revision). */
  compactedRevision(): number;
  /**
   * Drops history at or below `revision` (a no-op at or below the current compacted revision; RangeError
   * above the current revision). Current values and the state at `revision` stay readable. Stores also
   * compact automatically to keep a bounded window (see StoreOptions.historyWindow).
   */
  compact(revision: number): Promise<void>;
  /** Releases the store and cancels all watches; idempotent. Other calls fail afterwards. */
  close(): Promise<void>;
}

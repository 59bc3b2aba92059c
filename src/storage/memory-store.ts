import { assertKey, keyRange } from './key-range.js';
import { SortedKeys } from './sorted-keys.js';
import {
  CompactedError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  PreconditionFailedError,
  type Store,
  type StoreEvent,
  type Watch,
} from './store.js';
import {
  autoCompactionTarget,
  normalizeLimit,
  type ResolvedStoreOptions,
  resolveStoreOptions,
  type StoreOptions,
} from './store-options.js';
import { WatchHub } from './watch-hub.js';

/**
 * An in-memory Store for tests: a map of current values, a sorted key index, and the event log of the
 * retained window (one event per revision). Values and events handed out are frozen. Not durable.
 */
export class MemoryStore implements Store {
  private readonly options: ResolvedStoreOptions;
  private readonly current = new Map<string, KeyValue>();
  private readonly keys = new SortedKeys();
  /** Events with revisions compacted+1 ... revision, in order: `history[i].revision === compacted + 1 + i`. */
  private history: StoreEvent[] = [];
  private readonly hub: WatchHub;
  private revision = 0;
  private compacted = 0;
  private closed = false;

  constructor(options: StoreOptions = {}) {
    this.options = resolveStoreOptions(options);
    this.hub = new WatchHub(this.options.onListenerError);
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.revision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    return this.current.get(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const limit = normalizeLimit(options.limit);
    const revision = options.revision ?? this.revision;
    const keys = revision === this.revision ? this.keys.scan(keyRange(prefix, options.startAfter)) : undefined;
    const items: KeyValue[] = [];
    let more = false;
    const state = keys ? this.current : this.stateAt(revision);
    const candidates = keys ?? this.sortedCandidates(state, prefix, options.startAfter);
    for (const key of candidates) {
      const kv = state.get(key);
      if (!kv) continue;
      if (limit > 0 && items.length === limit) {
        more = true;
        break;
      }
      items.push(kv);
    }
    return { items, revision, more };
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    let count = 0;
    for (const _ of this.keys.scan(keyRange(prefix))) count++;
    return count;
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.assertOpen();
    assertKey(key);
    const existing = this.current.get(key);
    if (existing) throw new PreconditionFailedError(key, existing);
    const revision = this.revision + 1;
    const kv = Object.freeze({ key, value, createRevision: revision, modRevision: revision });
    this.commit(Object.freeze({ type: 'put', key, kv, revision }));
    return kv;
  }

  async update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    this.assertOpen();
    const prev = this.current.get(key);
    if (!prev || prev.modRevision !== expectedRevision) throw new PreconditionFailedError(key, prev);
    const revision = this.revision + 1;
    const kv = Object.freeze({ key, value, createRevision: prev.createRevision, modRevision: revision });
    this.commit(Object.freeze({ type: 'put', key, kv, prev, revision }));
    return kv;
  }

  async delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    this.assertOpen();
    const prev = this.current.get(key);
    if (!prev || (expectedRevision !== undefined && prev.modRevision !== expectedRevision)) {
      throw new PreconditionFailedError(key, prev);
    }
    this.commit(Object.freeze({ type: 'delete', key, kv: prev, revision: this.revision + 1 }));
    return prev;
  }

  watch(prefix: string, fromRevision: number, listener: (event: StoreEvent) => void): Watch {
    this.assertOpen();
    if (fromRevision < this.compacted) throw new CompactedError(fromRevision, this.compacted);
    const start = Math.max(0, fromRevision - this.compacted);
    const replay = this.history.slice(start).filter((event) => event.key.startsWith(prefix));
    return this.hub.add(prefix, replay, listener);
  }

  compactedRevision(): number {
    return this.compacted;
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (revision > this.revision) throw new RangeError(`cannot compact to future revision ${revision}`);
    if (revision <= this.compacted) return;
    this.history = this.history.slice(revision - this.compacted);
    this.compacted = revision;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
  }

  private commit(event: StoreEvent): void {
    if (event.type === 'put') {
      if (!this.current.has(event.key)) this.keys.insert(event.key);
      this.current.set(event.key, event.kv);
    } else {
      this.current.delete(event.key);
      this.keys.remove(event.key);
    }
    this.revision = event.revision;
    this.history.push(event);
    this.hub.publish(event);
    const target = autoCompactionTarget(this.revision, this.compacted, this.options.historyWindow);
    if (target !== undefined) {
      this.history = this.history.slice(target - this.compacted);
      this.compacted = target;
    }
  }

  /** The values, at `revision`, of the keys changed after it (undefined: absent at `revision`). */
  private stateAt(revision: number): Map<string, KeyValue | undefined> {
    if (revision < this.compacted) throw new CompactedError(revision, this.compacted);
    if (revision > this.revision) throw new RangeError(`revision ${revision} is in the future`);
    const changed = new Map<string, KeyValue | undefined>();
    // Newest first, so the oldest change after `revision` wins: what it replaced is the value at `revision`.
    for (let i = this.history.length - 1; i >= revision - this.compacted; i--) {
      const event = this.history[i]!;
      changed.set(event.key, event.type === 'put' ? event.prev : event.kv);
    }
    const state = new Map<string, KeyValue | undefined>(this.current);
    for (const [key, kv] of changed) state.set(key, kv);
    return state;
  }

  private sortedCandidates(state: Map<string, KeyValue | undefined>, prefix: string, startAfter?: string): string[] {
    const range = keyRange(prefix, startAfter);
    const keys: string[] = [];
    for (const key of state.keys()) {
      const aboveLower = range.inclusive ? key >= range.lower : key > range.lower;
      if (aboveLower && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}

/** Helpers for the store conformance suites (test-only). */
import type { TestContext } from 'node:test';
import type { Store, StoreEvent, Watch } from './store.js';
import type { StoreOptions } from './store-options.js';

/** Makes a fresh, empty store (or reopens nothing: every call is a new store). */
export type MakeStore = (options?: StoreOptions) => Store | Promise<Store>;

/** Opens a store that is closed when the test ends. */
export async function openStore(t: TestContext, make: MakeStore, options?: StoreOptions): Promise<Store> {
  const store = await make(options);
  t.after(() => store.close());
  return store;
}

/** A watcher that records what it receives. */
export interface Recorder {
  events: StoreEvent[];
  watch: Watch;
  /** Resolves once at least `count` events arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<StoreEvent[]>;
}

export function record(store: Store, prefix: string, fromRevision: number): Recorder {
  const events: StoreEvent[] = [];
  const watch = store.watch(prefix, fromRevision, (event) => events.push(event));
  return {
    events,
    watch,
    waitFor: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out: ${events.length} of ${count} events`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return events;
    },
  };
}

/** Lets every queued microtask and pending delivery run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

/** A small deterministic PRNG (mulberry32), so randomized scenarios replay identically. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The events' revisions, for compact assertions. */
export function revisions(events: readonly StoreEvent[]): number[] {
  return events.map((event) => event.revision);
}

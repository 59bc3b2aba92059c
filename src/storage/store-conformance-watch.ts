/** Watch and compaction part of the Store conformance suite (test-only). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactedError, type KeyValue, type Store, type StoreEvent } from './store.js';
import { type MakeStore, openStore, record, revisions, seededRandom, settle } from './store-test-helpers.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function isCompacted(requested: number, compacted: number): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof CompactedError, `expected CompactedError, got ${String(error)}`);
    assert.equal(error.requested, requested);
    assert.equal(error.compacted, compacted);
    return true;
  };
}

export function runWatchConformance(make: MakeStore): void {
  describe('watch', () => {
    it('replays history after fromRevision, then streams live changes, without gaps or duplicates', async (t) => {
      const store = await openStore(t, make);
      await store.create('/w/a', 'a1'); // 1
      await store.create('/w/b', 'b1'); // 2
      await store.update('/w/a', 'a2', 1); // 3
      const recorder = record(store, '/w/', 1);
      await store.update('/w/b', 'b2', 2); // 4
      await store.delete('/w/a'); // 5
      await store.create('/w/a', 'a3'); // 6
      await recorder.waitFor(5);
      await settle();
      const kv = (key: string, value: string, createRevision: number, modRevision: number): KeyValue => ({
        key,
        value,
        createRevision,
        modRevision,
      });
      const expected: StoreEvent[] = [
        { type: 'put', key: '/w/b', kv: kv('/w/b', 'b1', 2, 2), revision: 2 },
        { type: 'put', key: '/w/a', kv: kv('/w/a', 'a2', 1, 3), prev: kv('/w/a', 'a1', 1, 1), revision: 3 },
        { type: 'put', key: '/w/b', kv: kv('/w/b', 'b2', 2, 4), prev: kv('/w/b', 'b1', 2, 2), revision: 4 },
        { type: 'delete', key: '/w/a', kv: kv('/w/a', 'a2', 1, 3), revision: 5 },
        { type: 'put', key: '/w/a', kv: kv('/w/a', 'a3', 6, 6), revision: 6 },
      ];
      assert.deepEqual(recorder.events, expected);
      const replayed = record(store, '/w/', 1);
      await replayed.waitFor(5);
      await settle();
      assert.deepEqual(replayed.events, expected, 'replay from the log equals live delivery');
    });

    it('delivers asynchronously, never inside the writer', async (t) => {
      const store = await openStore(t, make);
      let writing = false;
      const inside: number[] = [];
      const delivered: number[] = [];
      store.watch('', 0, (event) => {
        if (writing) inside.push(event.revision);
        delivered.push(event.revision);
      });
      writing = true;
      const done = store.create('/a', 'a');
      assert.deepEqual(delivered, []);
      writing = false;
      await done;
      await settle();
      assert.deepEqual(inside, []);
      assert.deepEqual(delivered, [1]);
    });

    it('from the current revision delivers only later changes', async (t) => {
      const store = await openStore(t, make);
      await store.create('/a', '1');
      await store.create('/b', '1');
      const recorder = record(store, '', await store.currentRevision());
      await store.create('/c', '1');
      await recorder.waitFor(1);
      await settle();
      assert.deepEqual(revisions(recorder.events), [3]);
    });

    it('isolates prefixes', async (t) => {
      const store = await openStore(t, make);
      const a = record(store, '/a/', 0);
      const all = record(store, '', 0);
      for (const key of ['/a', '/a/x', '/ab/x', '/a/y', '/b/a/z']) await store.create(key, key);
      await all.waitFor(5);
      await settle();
      assert.deepEqual(
        a.events.map((e) => e.key),
        ['/a/x', '/a/y'],
      );
      assert.deepEqual(revisions(all.events), [1, 2, 3, 4, 5]);
    });

    it('cancel stops delivery at once, including queued events', async (t) => {
      const store = await openStore(t, make);
      const recorder = record(store, '', 0);
      const writes = [store.create('/a', 'a'), store.create('/b', 'b')];
      recorder.watch.cancel();
      recorder.watch.cancel();
      await Promise.all(writes);
      await store.create('/c', 'c');
      await settle();
      assert.deepEqual(recorder.events, []);
    });

    it('isolates a listener that throws from the store and other watchers', async (t) => {
      const errors: Array<[unknown, number]> = [];
      const store = await openStore(t, make, {
        onListenerError: (error, event) => errors.push([error, event.revision]),
      });
      const seenByThrower: number[] = [];
      store.watch('', 0, (event) => {
        seenByThrower.push(event.revision);
        throw new Error(`boom ${event.revision}`);
      });
      const healthy = record(store, '', 0);
      await store.create('/a', 'a');
      await store.create('/b', 'b');
      await store.update('/a', 'a2', 1);
      await healthy.waitFor(3);
      await settle();
      assert.deepEqual(revisions(healthy.events), [1, 2, 3]);
      assert.deepEqual(seenByThrower, [1, 2, 3], 'the throwing watcher keeps receiving');
      assert.deepEqual(
        errors.map(([error, revision]) => [(error as Error).message, revision]),
        [
          ['boom 1', 1],
          ['boom 2', 2],
          ['boom 3', 3],
        ],
      );
      assert.equal(await store.currentRevision(), 3);
    });

    it('keeps order when a listener writes', async (t) => {
      const store = await openStore(t, make);
      const seen: string[] = [];
      store.watch('/q/', 0, (event) => {
        seen.push(`${event.key}@${event.revision}`);
        if (event.key === '/q/a') void store.create('/q/b', 'from listener');
      });
      await store.create('/q/a', 'a');
      await store.create('/q/c', 'c');
      await settle();
      // Where the listener's write lands depends on scheduling; the stream stays complete and in order.
      assert.deepEqual(
        seen.map((s) => s.split('@')[1]),
        ['1', '2', '3'],
      );
      assert.deepEqual(seen.map((s) => s.split('@')[0]).sort(), ['/q/a', '/q/b', '/q/c']);
    });

    it('serves concurrent watchers started while writers run', async (t) => {
      const store = await openStore(t, make);
      const watchers: Array<{ prefix: string; from: number; recorder: ReturnType<typeof record> }> = [];
      const writer = async (name: string, count: number) => {
        for (let i = 0; i < count; i++) {
          await store.create(`/${name}/${i}`, String(i));
          if (name === 'w0' && i % 10 === 0) {
            const from = Math.max(0, (await store.currentRevision()) - 3);
            const prefix = i % 20 === 0 ? '' : '/w1/';
            watchers.push({ prefix, from, recorder: record(store, prefix, from) });
          }
        }
      };
      const reference = record(store, '', 0);
      await Promise.all([writer('w0', 50), writer('w1', 50), writer('w2', 50)]);
      const total = await store.currentRevision();
      assert.equal(total, 150);
      await reference.waitFor(total);
      assert.deepEqual(revisions(reference.events), range(1, total));
      for (const { prefix, from, recorder } of watchers) {
        const expected = reference.events.filter((e) => e.revision > from && e.key.startsWith(prefix));
        await recorder.waitFor(expected.length);
        await settle();
        assert.deepEqual(recorder.events, expected, `watcher ${prefix} from ${from}`);
      }
    });
  });

  describe('compaction', () => {
    for (const window of [5, 100]) {
      it(`keeps a bounded window of ${window} revisions automatically`, async (t) => {
        const store = await openStore(t, make, { historyWindow: window });
        const writes = window * 3 + 7;
        for (let i = 0; i < writes; i++) await store.create(`/k/${i}`, 'v');
        const compacted = store.compactedRevision();
        const retained = writes - compacted;
        assert.ok(retained >= window && retained <= window + Math.max(1, window / 10), `retained ${retained}`);
        assert.throws(() => store.watch('/k/', compacted - 1, () => {}), isCompacted(compacted - 1, compacted));
        assert.throws(() => store.watch('/k/', 0, () => {}), isCompacted(0, compacted));
        const recorder = record(store, '/k/', compacted);
        await recorder.waitFor(retained);
        await settle();
        assert.deepEqual(revisions(recorder.events), range(compacted + 1, writes));
        assert.equal(await store.count('/k/'), writes, 'compaction keeps current values');
      });
    }

    it('compacts on request', async (t) => {
      const store = await openStore(t, make, { historyWindow: Number.POSITIVE_INFINITY });
      for (let i = 0; i < 10; i++) await store.create(`/k/${i}`, 'v');
      await store.update('/k/0', 'v2', 1);
      assert.equal(store.compactedRevision(), 0);
      await store.compact(6);
      assert.equal(store.compactedRevision(), 6);
      await store.compact(3);
      assert.equal(store.compactedRevision(), 6, 'compacting below the window is a no-op');
      await assert.rejects(store.compact(12), RangeError);
      assert.throws(() => store.watch('', 5, () => {}), isCompacted(5, 6));
      const recorder = record(store, '', 6);
      await recorder.waitFor(5);
      await settle();
      assert.deepEqual(revisions(recorder.events), [7, 8, 9, 10, 11]);
      assert.deepEqual(recorder.events.at(-1)?.prev, { key: '/k/0', value: 'v', createRevision: 1, modRevision: 1 });
    });

    it('history and past lists match a model through many compactions', async (t) => {
      const window = 12;
      const store = await openStore(t, make, { historyWindow: window });
      const random = seededRandom(42);
      const model = new Map<string, KeyValue>();
      const snapshots = new Map<number, KeyValue[]>([[0, []]]);
      const live = record(store, '', 0);
      const keys = ['/m/a', '/m/b', '/m/c', '/m/d', '/m/e', '/n/x'];
      for (let step = 1; step <= 300; step++) {
        const key = keys[Math.floor(random() * keys.length)]!;
        const existing = model.get(key);
        const value = `${key}#${step}`;
        let kv: KeyValue | undefined;
        if (!existing) kv = await store.create(key, value);
        else if (random() < 0.35) await store.delete(key, existing.modRevision);
        else kv = await store.update(key, value, existing.modRevision);
        if (kv) model.set(key, kv);
        else model.delete(key);
        const revision = await store.currentRevision();
        snapshots.set(
          revision,
          [...model.values()].sort((x, y) => (x.key < y.key ? -1 : 1)),
        );
        if (step % 60 === 0) await verify(store, window, snapshots, live.events);
      }
    });
  });
}

/** Checks every retained revision: list at it equals the model, and watch from it replays the live log. */
async function verify(store: Store, window: number, snapshots: Map<number, KeyValue[]>, live: StoreEvent[]) {
  const current = await store.currentRevision();
  const compacted = store.compactedRevision();
  assert.ok(compacted > 0 && current - compacted >= window, `compacted ${compacted} at ${current}`);
  await settle();
  assert.equal(live.length, current);
  for (let revision = compacted; revision <= current; revision++) {
    const listed = await store.list('', { revision });
    assert.deepEqual(listed.items, snapshots.get(revision), `list at ${revision}`);
    const paged = await store.list('/m/', { revision, limit: 2 });
    const expectedPage = snapshots.get(revision)!.filter((kv) => kv.key.startsWith('/m/'));
    assert.deepEqual(paged.items, expectedPage.slice(0, 2), `paged list at ${revision}`);
    assert.equal(paged.more, expectedPage.length > 2);
    for (const prefix of ['', '/m/']) {
      const expected = live.filter((e) => e.revision > revision && e.key.startsWith(prefix));
      const replay = record(store, prefix, revision);
      await replay.waitFor(expected.length);
      await settle();
      replay.watch.cancel();
      assert.deepEqual(replay.events, expected, `replay of ${prefix} from ${revision}`);
    }
  }
}

/**
 * The Store conformance suite, run against every implementation: `runStoreConformance('memory', make)`.
 * Test-only (imports node:test).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactedError, type KeyValue, PreconditionFailedError, type Store } from './store.js';
import { runWatchConformance } from './store-conformance-watch.js';
import { type MakeStore, openStore } from './store-test-helpers.js';

export type { MakeStore } from './store-test-helpers.js';

export function runStoreConformance(name: string, make: MakeStore): void {
  describe(`${name} store conformance`, () => {
    runReadWriteConformance(make);
    runListConformance(make);
    runWatchConformance(make);
  });
}

function expectPrecondition(current: KeyValue | undefined): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof PreconditionFailedError, `expected PreconditionFailedError, got ${String(error)}`);
    assert.deepEqual(error.current, current);
    return true;
  };
}

function runReadWriteConformance(make: MakeStore): void {
  describe('reads and writes', () => {
    it('starts empty at revision 0', async (t) => {
      const store = await openStore(t, make);
      assert.equal(await store.currentRevision(), 0);
      assert.equal(await store.get('/a'), undefined);
      assert.deepEqual(await store.list(''), { items: [], revision: 0, more: false });
      assert.equal(await store.count(''), 0);
      assert.equal(store.compactedRevision(), 0);
    });

    it('creates, and refuses to create an existing key', async (t) => {
      const store = await openStore(t, make);
      const kv = await store.create('/registry/core/pods/default/hello', '{"a":1}');
      assert.deepEqual(kv, {
        key: '/registry/core/pods/default/hello',
        value: '{"a":1}',
        createRevision: 1,
        modRevision: 1,
      });
      assert.deepEqual(await store.get(kv.key), kv);
      await assert.rejects(store.create(kv.key, '{"a":2}'), expectPrecondition(kv));
      assert.equal(await store.currentRevision(), 1);
      await assert.rejects(store.create('', 'x'), TypeError);
    });

    it('updates with compare-and-swap on modRevision', async (t) => {
      const store = await openStore(t, make);
      const v1 = await store.create('/k', 'v1');
      const v2 = await store.update('/k', 'v2', v1.modRevision);
      assert.deepEqual(v2, { key: '/k', value: 'v2', createRevision: 1, modRevision: 2 });
      await assert.rejects(store.update('/k', 'stale', v1.modRevision), expectPrecondition(v2));
      await assert.rejects(store.update('/missing', 'x', 1), expectPrecondition(undefined));
      assert.deepEqual(await store.get('/k'), v2);
      assert.equal(await store.currentRevision(), 2, 'failed writes consume no revision');
    });

    it('deletes with an optional expected revision', async (t) => {
      const store = await openStore(t, make);
      const a = await store.create('/a', 'a');
      const b = await store.create('/b', 'b');
      await assert.rejects(store.delete('/a', a.modRevision + 1), expectPrecondition(a));
      assert.deepEqual(await store.delete('/a', a.modRevision), a, 'delete returns the deleted value');
      assert.deepEqual(await store.delete('/b'), b);
      await assert.rejects(store.delete('/a'), expectPrecondition(undefined));
      await assert.rejects(store.delete('/a', a.modRevision), expectPrecondition(undefined));
      assert.equal(await store.get('/a'), undefined);
      assert.equal(await store.currentRevision(), 4);
      const again = await store.create('/a', 'a2');
      assert.deepEqual(again, { key: '/a', value: 'a2', createRevision: 5, modRevision: 5 }, 'a new incarnation');
    });

    it('keeps one global, gap-free revision counter across keys', async (t) => {
      const store = await openStore(t, make);
      const steps: Array<[string, (s: Store) => Promise<KeyValue>]> = [
        ['create /x', (s) => s.create('/x', '1')],
        ['create /y', (s) => s.create('/y', '1')],
        ['update /x', (s) => s.update('/x', '2', 1)],
        ['delete /y', (s) => s.delete('/y', 2)],
        ['create /z', (s) => s.create('/z', '1')],
        ['update /x', (s) => s.update('/x', '3', 3)],
      ];
      let expected = 0;
      for (const [label, step] of steps) {
        await step(store);
        expected++;
        assert.equal(await store.currentRevision(), expected, label);
      }
      assert.equal((await store.get('/x'))?.modRevision, 6);
      assert.equal((await store.get('/z'))?.createRevision, 5);
    });

    it('applies concurrent writers one at a time', async (t) => {
      const store = await openStore(t, make);
      const written = await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/c/${i}`, String(i))));
      assert.deepEqual(
        written.map((kv) => kv.modRevision).sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const base = (await store.get('/c/0'))!;
      const racing = await Promise.allSettled([
        store.update('/c/0', 'first', base.modRevision),
        store.update('/c/0', 'second', base.modRevision),
      ]);
      assert.deepEqual(
        racing.map((r) => r.status),
        ['fulfilled', 'rejected'],
        'exactly one CAS wins',
      );
    });

    it('closes idempotently and refuses use afterwards', async () => {
      const store = await make();
      await store.create('/a', 'a');
      await store.close();
      await store.close();
      await assert.rejects(store.get('/a'));
      await assert.rejects(store.create('/b', 'b'));
      assert.throws(() => store.watch('', 0, () => {}));
    });
  });
}

function runListConformance(make: MakeStore): void {
  describe('list and count', () => {
    const keys = [
      '/registry/core/pods/default/b',
      '/registry/core/pods/default/a',
      '/registry/core/pods/default2/a',
      '/registry/core/pods/defaul',
      '/registry/core/pods/default/c',
      '/registry/core/pods/kube-system/a',
      '/registry/core/podsx/default/a',
      '/registry/apps/deployments/default/a',
    ];
    async function seeded(t: Parameters<typeof openStore>[0]): Promise<Store> {
      const store = await openStore(t, make);
      for (const key of keys) await store.create(key, `v:${key}`);
      return store;
    }

    it('lists keys under a plain string prefix, in key order', async (t) => {
      const store = await seeded(t);
      const pods = '/registry/core/pods/';
      const cases: Array<[string, string[]]> = [
        [`${pods}default/`, [`${pods}default/a`, `${pods}default/b`, `${pods}default/c`]],
        [`${pods}default`, [`${pods}default/a`, `${pods}default/b`, `${pods}default/c`, `${pods}default2/a`]],
        [
          pods,
          [
            `${pods}defaul`,
            `${pods}default/a`,
            `${pods}default/b`,
            `${pods}default/c`,
            `${pods}default2/a`,
            `${pods}kube-system/a`,
          ],
        ],
        [
          '/registry/core/pods',
          [
            `${pods}defaul`,
            `${pods}default/a`,
            `${pods}default/b`,
            `${pods}default/c`,
            `${pods}default2/a`,
            `${pods}kube-system/a`,
            '/registry/core/podsx/default/a',
          ],
        ],
        ['/registry/apps/', ['/registry/apps/deployments/default/a']],
        ['', [...keys].sort()],
        ['/registry/none/', []],
      ];
      for (const [prefix, expected] of cases) {
        const listed = await store.list(prefix);
        assert.deepEqual(
          listed.items.map((kv) => kv.key),
          expected,
          `prefix ${prefix}`,
        );
        assert.equal(listed.revision, keys.length);
        assert.equal(listed.more, false);
        assert.equal(await store.count(prefix), expected.length, `count ${prefix}`);
      }
      const first = (await store.list('/registry/core/pods/default/a')).items[0];
      assert.deepEqual(first, {
        key: '/registry/core/pods/default/a',
        value: 'v:/registry/core/pods/default/a',
        createRevision: 2,
        modRevision: 2,
      });
    });

    it('pages with limit and startAfter, flagging more', async (t) => {
      const store = await seeded(t);
      const all = [...keys].sort();
      for (const limit of [1, 2, 3, 7, 8, 9]) {
        const seen: string[] = [];
        let startAfter: string | undefined;
        for (;;) {
          const page = await store.list('', startAfter === undefined ? { limit } : { limit, startAfter });
          assert.ok(page.items.length <= limit);
          seen.push(...page.items.map((kv) => kv.key));
          const done = seen.length === all.length;
          assert.equal(page.more, !done, `limit ${limit} after ${seen.length}`);
          if (!page.more) break;
          startAfter = page.items.at(-1)!.key;
        }
        assert.deepEqual(seen, all, `limit ${limit}`);
      }
      const outside = await store.list('/registry/core/pods/default/', { startAfter: '/registry/a' });
      assert.equal(outside.items.length, 3, 'a startAfter before the prefix does not widen it');
      const past = await store.list('/registry/core/pods/default/', { startAfter: '/registry/core/pods/default/c' });
      assert.deepEqual(past, { items: [], revision: keys.length, more: false });
      await assert.rejects(store.list('', { limit: -1 }), RangeError);
    });

    it('lists at a past revision, for consistent paging under writes', async (t) => {
      const store = await openStore(t, make);
      await store.create('/p/a', 'a1'); // 1
      await store.create('/p/b', 'b1'); // 2
      await store.create('/p/c', 'c1'); // 3
      const at = await store.currentRevision();
      await store.update('/p/a', 'a2', 1); // 4
      await store.delete('/p/b'); // 5
      await store.create('/p/d', 'd1'); // 6
      await store.create('/p/aa', 'aa1'); // 7
      const page1 = await store.list('/p/', { limit: 2, revision: at });
      assert.deepEqual(
        page1.items.map((kv) => [kv.key, kv.value, kv.modRevision]),
        [
          ['/p/a', 'a1', 1],
          ['/p/b', 'b1', 2],
        ],
      );
      assert.equal(page1.revision, at);
      assert.equal(page1.more, true);
      await store.delete('/p/c'); // 8
      const page2 = await store.list('/p/', { limit: 2, revision: at, startAfter: '/p/b' });
      assert.deepEqual(
        page2.items.map((kv) => [kv.key, kv.value]),
        [['/p/c', 'c1']],
      );
      assert.equal(page2.more, false);
      const now = await store.list('/p/');
      assert.deepEqual(
        now.items.map((kv) => [kv.key, kv.value]),
        [
          ['/p/a', 'a2'],
          ['/p/aa', 'aa1'],
          ['/p/d', 'd1'],
        ],
      );
      assert.equal(now.revision, 8);
      await assert.rejects(store.list('/p/', { revision: 9 }), RangeError);
      await store.compact(4);
      await assert.rejects(store.list('/p/', { revision: 3 }), (error: unknown) => {
        assert.ok(error instanceof CompactedError);
        assert.equal(error.requested, 3);
        assert.equal(error.compacted, 4);
        return true;
      });
      const atCompacted = await store.list('/p/', { revision: 4 });
      assert.deepEqual(
        atCompacted.items.map((kv) => [kv.key, kv.value]),
        [
          ['/p/a', 'a2'],
          ['/p/b', 'b1'],
          ['/p/c', 'c1'],
        ],
      );
    });
  });
}

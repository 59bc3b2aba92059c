import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ChangeTracker, type PendingChange } from './change-tracker.js';

it('coalesces the changes of one turn into one sync, only once started', async () => {
  const syncs: Map<string, PendingChange>[] = [];
  const tracker = new ChangeTracker((batch) => syncs.push(batch));
  tracker.serviceChanged('ns/a');
  await Promise.resolve();
  assert.equal(syncs.length, 0, 'not before start');
  tracker.start();
  assert.deepEqual(
    syncs.map((b) => [...b.keys()]),
    [['ns/a']],
    'what was seen before start is synced at once',
  );
  tracker.sliceChanged('ns/b', '2026-01-02T03:04:05.5Z');
  tracker.sliceChanged('ns/b', '2026-01-02T03:04:04Z');
  tracker.serviceChanged('ns/b');
  tracker.serviceChanged('ns/a');
  assert.equal(syncs.length, 1, 'not synchronously');
  await Promise.resolve();
  assert.equal(syncs.length, 2);
  assert.deepEqual([...(syncs[1]?.keys() ?? [])], ['ns/b', 'ns/a']);
  const b = syncs[1]?.get('ns/b');
  assert.equal(b?.triggerTime, Date.parse('2026-01-02T03:04:05.5Z'), 'the newest trigger time');
  assert.equal(typeof b?.sliceObservedAt, 'number');
  assert.equal(syncs[1]?.get('ns/a')?.sliceObservedAt, undefined, 'a Service change is not a slice change');

  tracker.touch();
  await Promise.resolve();
  assert.equal(syncs.length, 3, 'a touch syncs with nothing dirty');
  assert.equal(syncs[2]?.size, 0);
  tracker.stop();
  tracker.serviceChanged('ns/c');
  await Promise.resolve();
  assert.equal(syncs.length, 3, 'nothing after stop');
});

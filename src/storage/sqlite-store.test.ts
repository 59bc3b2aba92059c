import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';
import { runStoreConformance } from './store-conformance.js';
import { record, settle } from './store-test-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'kubeling-sqlite-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshPath = () => join(root, `db-${++counter}`, 'state.db');

runStoreConformance('sqlite', (options) => SqliteStore.open(freshPath(), options));

describe('sqlite store on disk', () => {
  it('continues revisions, values, history and compaction after reopening', async () => {
    const path = freshPath();
    const first = SqliteStore.open(path, { historyWindow: 10 });
    for (let i = 0; i < 25; i++) await first.create(`/k/${i}`, `v${i}`);
    await first.update('/k/0', 'changed', 1);
    await first.delete('/k/1');
    const compacted = first.compactedRevision();
    assert.ok(compacted > 0);
    await first.close();
    await first.close();

    const second = SqliteStore.open(path, { historyWindow: 10 });
    try {
      assert.equal(await second.currentRevision(), 27);
      assert.equal(second.compactedRevision(), compacted);
      assert.deepEqual(await second.get('/k/0'), { key: '/k/0', value: 'changed', createRevision: 1, modRevision: 26 });
      assert.equal(await second.get('/k/1'), undefined);
      assert.equal(await second.count('/k/'), 24);
      assert.throws(() => second.watch('', compacted - 1, () => {}));
      const replay = record(second, '', 25);
      await replay.waitFor(2);
      await settle();
      assert.deepEqual(
        replay.events.map((e) => [e.type, e.key, e.revision, e.prev?.value]),
        [
          ['put', '/k/0', 26, 'v0'],
          ['delete', '/k/1', 27, undefined],
        ],
      );
      const next = await second.create('/k/new', 'n');
      assert.equal(next.modRevision, 28);
    } finally {
      await second.close();
    }
  });

  it('does not reuse revisions when compaction removed the newest rows', async () => {
    const path = freshPath();
    const first = SqliteStore.open(path);
    await first.create('/a', 'a');
    await first.delete('/a');
    await first.compact(2); // drops both rows: the log is empty
    await first.close();
    const second = SqliteStore.open(path);
    try {
      assert.equal(await second.currentRevision(), 2);
      assert.equal((await second.create('/a', 'again')).createRevision, 3);
    } finally {
      await second.close();
    }
  });

  it('belongs to one store at a time', async () => {
    const path = freshPath();
    const owner = SqliteStore.open(path);
    try {
      assert.throws(() => SqliteStore.open(path), /in use by another process/);
      await owner.create('/still', 'works');
    } finally {
      await owner.close();
    }
    const after = SqliteStore.open(path);
    assert.equal((await after.get('/still'))?.value, 'works');
    await after.close();
  });

  it('leaves a WAL-mode, consistent file for either synchronous level', async () => {
    for (const options of [{}, { synchronous: 'full' } as const]) {
      const path = freshPath();
      const store = SqliteStore.open(path, options);
      await store.create('/a', 'a');
      await store.close();
      const db = new Database(path, { readonly: true });
      try {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        assert.equal(db.pragma('user_version', { simple: true }), 1);
        assert.deepEqual(db.prepare('SELECT key, value, create_revision, prev_revision, deleted FROM log').all(), [
          { key: '/a', value: 'a', create_revision: 1, prev_revision: 0, deleted: 0 },
        ]);
      } finally {
        db.close();
      }
    }
  });

  it('refuses a database written by a newer schema', async () => {
    const path = freshPath();
    await SqliteStore.open(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => SqliteStore.open(path), /unsupported storage schema version 99/);
  });
});

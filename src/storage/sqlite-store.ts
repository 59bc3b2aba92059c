import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertKey, keyRange } from './key-range.js';
import { rowToEvent, rowToKeyValue } from './sqlite-rows.js';
import { rangeParams, Statements, schemaSql, schemaVersion } from './sqlite-schema.js';
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

export interface SqliteStoreOptions extends StoreOptions {
  /**
   * `normal` (default): with WAL, a committed write survives a crash of the process (the commit has reached
   * the OS), but may be lost on an OS crash or power loss; the database stays consistent either way.
   * `full`: also survives those, at the cost of an fsync per write.
   */
  synchronous?: 'normal' | 'full';
}

/**
 * The durable Store on SQLite (better-sqlite3, WAL). One process owns the database: it is opened in
 * exclusive locking mode, so a second store on the same file fails to open. Every write is one transaction;
 * committed writes are fanned out to watchers in-process, and watch history is replayed from the log.
 */
export class SqliteStore implements Store {
  private readonly statements: Statements;
  private readonly hub: WatchHub;
  private readonly options: ResolvedStoreOptions;
  private readonly createTx: (key: string, value: string) => StoreEvent;
  private readonly updateTx: (key: string, value: string, expectedRevision: number) => StoreEvent;
  private readonly deleteTx: (key: string, expectedRevision: number | undefined) => StoreEvent;
  private readonly compactTx: (from: number, to: number) => void;
  private revision: number;
  private compacted: number;
  private closed = false;

  /** Opens (creating if needed, with its directory) the database at `path`; `:memory:` for a private one. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const resolved = resolveStoreOptions(options);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      const version = db.pragma('user_version', { simple: true });
      if (typeof version !== 'number' || version > schemaVersion) {
        throw new Error(`${path}: unsupported storage schema version ${String(version)}`);
      }
      // Writing here takes the exclusive lock for the life of the connection.
      db.transaction(() => {
        db.exec(schemaSql);
        db.pragma(`user_version = ${schemaVersion}`);
      }).immediate();
      return new SqliteStore(db, resolved);
    } catch (error) {
      db.close();
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY') {
        throw new Error(`${path} is in use by another process`, { cause: error });
      }
      throw error;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    options: ResolvedStoreOptions,
  ) {
    this.options = options;
    this.hub = new WatchHub(options.onListenerError);
    const s = new Statements(db);
    this.statements = s;
    const lastWritten = s.maxRevision.get()?.revision ?? 0;
    this.revision = Math.max(lastWritten, s.getMeta.get('revision')?.value ?? 0);
    this.compacted = s.getMeta.get('compacted')?.value ?? 0;

    this.createTx = db.transaction((key, value) => {
      const existing = s.getCurrent.get(key);
      if (existing) throw new PreconditionFailedError(key, rowToKeyValue(existing));
      const revision = this.revision + 1;
      s.insertLog.run(revision, key, value, revision, 0, 0);
      s.upsertCurrent.run(key, revision);
      const kv = Object.freeze({ key, value, createRevision: revision, modRevision: revision });
      return Object.freeze({ type: 'put', key, kv, revision });
    });
    this.updateTx = db.transaction((key, value, expectedRevision) => {
      const row = s.getCurrent.get(key);
      const prev = row && Object.freeze(rowToKeyValue(row));
      if (!prev || prev.modRevision !== expectedRevision) throw new PreconditionFailedError(key, prev);
      const revision = this.revision + 1;
      s.insertLog.run(revision, key, value, prev.createRevision, prev.modRevision, 0);
      s.upsertCurrent.run(key, revision);
      const kv = Object.freeze({ key, value, createRevision: prev.createRevision, modRevision: revision });
      return Object.freeze({ type: 'put', key, kv, prev, revision });
    });
    this.deleteTx = db.transaction((key, expectedRevision) => {
      const row = s.getCurrent.get(key);
      const prev = row && Object.freeze(rowToKeyValue(row));
      if (!prev || (expectedRevision !== undefined && prev.modRevision !== expectedRevision)) {
        throw new PreconditionFailedError(key, prev);
      }
      const revision = this.revision + 1;
      s.insertLog.run(revision, key, prev.value, prev.createRevision, prev.modRevision, 1);
      s.deleteCurrent.run(key);
      return Object.freeze({ type: 'delete', key, kv: prev, revision });
    });
    this.compactTx = db.transaction((from, to) => {
      s.compactReplaced.run(from, to);
      s.compactTombstones.run(from, to);
      s.setMeta.run('compacted', to);
      s.setMeta.run('revision', this.revision);
    });
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.revision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    const row = this.statements.getCurrent.get(key);
    return row && rowToKeyValue(row);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const limit = normalizeLimit(options.limit);
    const revision = options.revision ?? this.revision;
    if (revision < this.compacted) throw new CompactedError(revision, this.compacted);
    if (revision > this.revision) throw new RangeError(`revision ${revision} is in the future`);
    const range = keyRange(prefix, options.startAfter);
    const fetch = limit > 0 ? limit + 1 : -1;
    const rows =
      revision === this.revision
        ? this.statements.listCurrent(range).all(rangeParams(range, { limit: fetch }))
        : this.statements.listAt(range).all(rangeParams(range, { at: revision, limit: fetch }));
    const more = limit > 0 && rows.length > limit;
    if (more) rows.length = limit;
    return { items: rows.map(rowToKeyValue), revision, more };
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    const range = keyRange(prefix);
    return this.statements.count(range).get(rangeParams(range, {}))?.count ?? 0;
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.assertOpen();
    assertKey(key);
    return this.commit(this.createTx(key, value));
  }

  async update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    this.assertOpen();
    return this.commit(this.updateTx(key, value, expectedRevision));
  }

  async delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    this.assertOpen();
    return this.commit(this.deleteTx(key, expectedRevision));
  }

  watch(prefix: string, fromRevision: number, listener: (event: StoreEvent) => void): Watch {
    this.assertOpen();
    if (fromRevision < this.compacted) throw new CompactedError(fromRevision, this.compacted);
    const range = keyRange(prefix);
    const replay =
      fromRevision >= this.revision
        ? []
        : this.statements
            .replay(range)
            .all(rangeParams(range, { from: fromRevision }))
            .map(rowToEvent);
    return this.hub.add(prefix, replay, listener);
  }

  compactedRevision(): number {
    return this.compacted;
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (revision > this.revision) throw new RangeError(`cannot compact to future revision ${revision}`);
    if (revision > this.compacted) this.compactTo(revision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
    this.db.close();
  }

  /** Runs after the write's transaction committed: advance, publish, compact. Returns the written value. */
  private commit(event: StoreEvent): KeyValue {
    this.revision = event.revision;
    this.hub.publish(event);
    const target = autoCompactionTarget(this.revision, this.compacted, this.options.historyWindow);
    if (target !== undefined) {
      try {
        this.compactTo(target);
      } catch (error) {
        // The write is committed; a failed compaction is retried after the next write.
        console.error('storage: automatic compaction failed:', error);
      }
    }
    return event.kv;
  }

  private compactTo(target: number): void {
    this.compactTx(this.compacted, target);
    this.compacted = target;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}

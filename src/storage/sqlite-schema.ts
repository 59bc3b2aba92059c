import type Database from 'better-sqlite3';
import type { KeyRange } from './key-range.js';

/**
 * The SQLite layout, kine-style: `log` holds one row per revision (a put, or a delete tombstone carrying the
 * value it deleted); `current` maps each live key to the revision of its latest row; `meta` keeps the
 * compacted revision and the revision reached when history was last compacted (rows may be gone, the counter
 * must not go back).
 */
export const schemaVersion = 1;

export const schemaSql = `
CREATE TABLE IF NOT EXISTS log (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  -- put: revision of the row it replaced (0 on create); delete: revision of the deleted row
  prev_revision INTEGER NOT NULL,
  deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);
CREATE TABLE IF NOT EXISTS current (
  key TEXT PRIMARY KEY,
  revision INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** A `log` row. */
export interface LogRow {
  revision: number;
  key: string;
  value: string;
  create_revision: number;
  prev_revision: number;
  deleted: number;
}

/** A `log` row joined with the row it replaced (for replaying `put` events with `prev`). */
export interface ReplayRow extends LogRow {
  prev_value: string | null;
  prev_create_revision: number | null;
}

/** A statement over a key range, bound with named parameters (see `rangeParams`). */
export type Ranged<R> = Database.Statement<[Record<string, string | number>], R>;

/** Prepared statements; the range-shaped ones are built once per shape (bounds inclusive or not, upper or not). */
export class Statements {
  readonly getCurrent: Database.Statement<[string], LogRow>;
  readonly insertLog: Database.Statement<[number, string, string, number, number, number]>;
  readonly upsertCurrent: Database.Statement<[string, number]>;
  readonly deleteCurrent: Database.Statement<[string]>;
  readonly maxRevision: Database.Statement<[], { revision: number | null }>;
  readonly getMeta: Database.Statement<[string], { value: number }>;
  readonly setMeta: Database.Statement<[string, number]>;
  /** Deletes rows replaced by a write in (from, to]. */
  readonly compactReplaced: Database.Statement<[number, number]>;
  /** Deletes tombstones in (from, to]. */
  readonly compactTombstones: Database.Statement<[number, number]>;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    const columns = 'l.revision, l.key, l.value, l.create_revision, l.prev_revision, l.deleted';
    this.getCurrent = db.prepare(
      `SELECT ${columns} FROM current c JOIN log l ON l.revision = c.revision WHERE c.key = ?`,
    );
    this.insertLog = db.prepare(
      'INSERT INTO log (revision, key, value, create_revision, prev_revision, deleted) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.upsertCurrent = db.prepare(
      'INSERT INTO current (key, revision) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET revision = excluded.revision',
    );
    this.deleteCurrent = db.prepare('DELETE FROM current WHERE key = ?');
    this.maxRevision = db.prepare('SELECT MAX(revision) AS revision FROM log');
    this.getMeta = db.prepare('SELECT value FROM meta WHERE name = ?');
    this.setMeta = db.prepare(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
    this.compactReplaced = db.prepare(
      'DELETE FROM log WHERE revision IN (SELECT prev_revision FROM log WHERE revision > ? AND revision <= ? AND prev_revision > 0)',
    );
    this.compactTombstones = db.prepare('DELETE FROM log WHERE revision > ? AND revision <= ? AND deleted = 1');
  }

  /** Current values in a key range, in key order. Parameters: lower, [upper], limit (-1: none). */
  listCurrent(range: KeyRange): Ranged<LogRow> {
    return this.ranged(
      'current',
      range,
      (where) =>
        `SELECT l.revision, l.key, l.value, l.create_revision, l.prev_revision, l.deleted
         FROM current c JOIN log l ON l.revision = c.revision WHERE ${where('c.key')} ORDER BY c.key LIMIT @limit`,
    );
  }

  /** Values at a past revision in a key range, in key order. Parameters: lower, [upper], at, limit. */
  listAt(range: KeyRange): Ranged<LogRow> {
    // SQLite takes the bare columns from the row holding MAX(revision), and HAVING sees that row too.
    return this.ranged(
      'at',
      range,
      (where) =>
        `SELECT MAX(revision) AS revision, key, value, create_revision, prev_revision, deleted
         FROM log WHERE ${where('key')} AND revision <= @at GROUP BY key HAVING deleted = 0 ORDER BY key LIMIT @limit`,
    );
  }

  /** Number of current keys in a range. */
  count(range: KeyRange): Ranged<{ count: number }> {
    return this.ranged('count', range, (where) => `SELECT COUNT(*) AS count FROM current WHERE ${where('key')}`);
  }

  /** History after `@from` in a key range, in revision order, with the replaced row of each put. */
  replay(range: KeyRange): Ranged<ReplayRow> {
    return this.ranged(
      'replay',
      range,
      (where) =>
        `SELECT l.revision, l.key, l.value, l.create_revision, l.prev_revision, l.deleted,
           p.value AS prev_value, p.create_revision AS prev_create_revision
         FROM log l LEFT JOIN log p ON l.deleted = 0 AND p.revision = l.prev_revision
         WHERE l.revision > @from AND ${where('l.key')} ORDER BY l.revision`,
    );
  }

  private ranged<R>(name: string, range: KeyRange, sql: (where: (column: string) => string) => string): Ranged<R> {
    const shape = `${name}:${range.inclusive ? 'ge' : 'gt'}:${range.upper === undefined ? '' : 'lt'}`;
    let statement = this.cache.get(shape);
    if (!statement) {
      statement = this.db.prepare(
        sql((column) => {
          const lower = `${column} ${range.inclusive ? '>=' : '>'} @lower`;
          return range.upper === undefined ? lower : `${lower} AND ${column} < @upper`;
        }),
      );
      this.cache.set(shape, statement);
    }
    return statement as Ranged<R>;
  }
}

/** Named parameters for a ranged statement. */
export function rangeParams(range: KeyRange, extra: Record<string, number>): Record<string, string | number> {
  return range.upper === undefined
    ? { lower: range.lower, ...extra }
    : { lower: range.lower, upper: range.upper, ...extra };
}

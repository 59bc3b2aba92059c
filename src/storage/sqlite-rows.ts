import type { LogRow, ReplayRow } from './sqlite-schema.js';
import type { KeyValue, StoreEvent } from './store.js';

/** The KeyValue of a live `log` row (a put). */
export function rowToKeyValue(row: LogRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_revision, modRevision: row.revision };
}

/** The watch event of a `log` row; a tombstone's `kv` is the deleted value, at its own modRevision. */
export function rowToEvent(row: ReplayRow): StoreEvent {
  if (row.deleted) {
    const kv = { key: row.key, value: row.value, createRevision: row.create_revision, modRevision: row.prev_revision };
    return Object.freeze({ type: 'delete', key: row.key, kv: Object.freeze(kv), revision: row.revision });
  }
  const kv = Object.freeze(rowToKeyValue(row));
  if (row.prev_value === null || row.prev_create_revision === null) {
    return Object.freeze({ type: 'put', key: row.key, kv, revision: row.revision });
  }
  const prev = Object.freeze({
    key: row.key,
    value: row.prev_value,
    createRevision: row.prev_create_revision,
    modRevision: row.prev_revision,
  });
  return Object.freeze({ type: 'put', key: row.key, kv, prev, revision: row.revision });
}

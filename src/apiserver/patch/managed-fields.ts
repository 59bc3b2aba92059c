/**
 * managedFields bookkeeping for writes that are not server-side apply (create, update, the three patch types),
 * as kube-apiserver's FieldManager does it (apimachinery `managedfields/internal`): the fields a write changes
 * become owned by its manager (an `Update` entry per manager, API version and subresource) and are taken away
 * from the others; `time` moves when the manager's write changed something.
 */

import type { SchemaNode } from '../../api/schema/schema-node.js';
import type { Path } from './field-path.js';
import { FieldSet } from './field-set.js';
import { type UpdaterContext, updateManaged } from './field-updater.js';
import { isObject, type JsonObject } from './json-value.js';
import {
  decodeManagedFields,
  decodeManagedFieldsOrEmpty,
  encodeManagedFields,
  formatTime,
  type Managed,
  type ManagedFieldsEntry,
  managerIdentifier,
} from './managed-fields-codec.js';
import { rootType } from './typed-schema.js';
import { zeroObject } from './zero-value.js';

/** Upstream keeps at most this many `Update` entries; older ones are merged into `ancient-changes`. */
export const maxUpdateManagers = 10;

const strippedPaths: Path[] = [
  [{ field: 'apiVersion' }],
  [{ field: 'kind' }],
  [{ field: 'metadata' }],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((f): Path => [{ field: 'metadata' }, { field: f }]),
];
const stripSet = FieldSet.of(...strippedPaths);

/** Removes identity and bookkeeping fields from a manager's set (the strip-meta manager); drops it if empty. */
export function stripMeta(managed: Managed, id: string): void {
  const owned = managed.fields.get(id);
  if (!owned) return;
  const set = owned.set.difference(stripSet);
  if (set.empty()) managed.fields.delete(id);
  else managed.fields.set(id, { ...owned, set });
}

/**
 * Fields that writes through an endpoint never own: `status` for the main resource, `spec` for the status
 * subresource (kubeling's approximation of the registry strategies' reset fields).
 */
export function defaultResetFields(subresource: string | undefined): Path[] {
  if (subresource === 'status') return [[{ field: 'spec' }]];
  if (subresource) return [];
  return [[{ field: 'status' }]];
}

export interface FieldManagerOptions {
  /** SchemaNode of the kind; without it every list is atomic and every map granular. */
  schema?: SchemaNode | undefined;
  /** Paths this endpoint's writes never own; defaults to defaultResetFields(subresource). */
  resetFields?: Path[] | undefined;
}

export function updaterContext(apiVersion: string, subresource: string | undefined, opts: FieldManagerOptions) {
  const ctx: UpdaterContext = {
    type: rootType(opts.schema),
    version: apiVersion,
    ignored: FieldSet.of(...(opts.resetFields ?? defaultResetFields(subresource))),
  };
  return ctx;
}

function metadataOf(obj: JsonObject): JsonObject {
  if (!isObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonObject;
}

function entriesOf(obj: JsonObject | undefined): ManagedFieldsEntry[] | undefined {
  const meta = obj?.metadata;
  if (!isObject(meta)) return undefined;
  return Array.isArray(meta.managedFields) ? (meta.managedFields as ManagedFieldsEntry[]) : undefined;
}

/** `isResetManagedFields`: `managedFields: []` or `[{}]` in a request clears the record. */
function isReset(entries: ManagedFieldsEntry[] | undefined): boolean {
  if (!entries) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isObject(entries[0]) && Object.keys(entries[0]).length === 0;
}

/** The record to start from: the request's own managedFields when valid and non-empty, else the live one's. */
function startingRecord(live: JsonObject | undefined, next: JsonObject, subresource: string | undefined): Managed {
  if (subresource) return decodeManagedFieldsOrEmpty(entriesOf(live));
  const requested = entriesOf(next);
  if (isReset(requested)) return decodeManagedFieldsOrEmpty(undefined);
  try {
    const managed = decodeManagedFields(requested);
    if (managed.fields.size > 0) return managed;
  } catch {
    // fall back to the live object's record
  }
  return decodeManagedFieldsOrEmpty(entriesOf(live));
}

/** Writes the record into the object's metadata (removing the field when nobody owns anything). */
export function storeManagedFields(obj: JsonObject, managed: Managed): void {
  const meta = metadataOf(obj);
  const entries = encodeManagedFields(managed);
  if (entries) meta.managedFields = entries;
  else delete meta.managedFields;
}

/** Merges the oldest Update entries into `ancient-changes` buckets beyond maxUpdateManagers. */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, s]) => !s.applied).map(([id]) => id);
  if (updaters.length <= maxUpdateManagers) return;
  const secondsOf = (id: string) => Math.floor(Date.parse(managed.times.get(id) ?? '') / 1000) || 0;
  updaters.sort((a, b) => secondsOf(a) - secondsOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let remaining = updaters.length;
  for (const id of updaters) {
    if (remaining <= maxUpdateManagers) break;
    const owned = managed.fields.get(id);
    if (!owned) continue;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({
      manager: 'ancient-changes',
      operation: 'Update',
      apiVersion: owned.apiVersion,
    });
    const first = firstByVersion.get(owned.apiVersion);
    if (first === undefined) {
      firstByVersion.set(owned.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      const firstSet = managed.fields.get(first);
      managed.fields.delete(first);
      if (firstSet) managed.fields.set(bucket, firstSet);
    }
    const bucketSet = managed.fields.get(bucket)?.set ?? new FieldSet();
    managed.fields.set(bucket, { set: owned.set.union(bucketSet), apiVersion: owned.apiVersion, applied: false });
    managed.fields.delete(id);
    remaining--;
    managed.times.set(bucket, time);
  }
}

/**
 * Records a non-apply write: updates `newObj.metadata.managedFields` in place (and returns `newObj`).
 * `oldObj` is undefined for a create. `manager` is the request's fieldManager (or the user agent's name);
 * `subresource` is e.g. `status`. An update of an object that has no managedFields at all stays untracked,
 * as upstream. On an internal failure the live object's managedFields are kept.
 */
export function recordUpdate<T extends JsonObject>(
  oldObj: JsonObject | undefined,
  newObj: T,
  manager: string,
  apiVersion: string,
  now: Date,
  subresource?: string,
  opts: FieldManagerOptions = {},
): T {
  const live = oldObj ?? {};
  const managed = startingRecord(oldObj, newObj, subresource);
  const meta = metadataOf(newObj);
  delete meta.managedFields;
  const liveUid = isObject(live.metadata) ? live.metadata.uid : undefined;
  if (managed.fields.size === 0 && oldObj && liveUid) return newObj;
  try {
    const id = managerIdentifier({ manager: manager || 'unknown', operation: 'Update', apiVersion, subresource });
    const ctx = updaterContext(apiVersion, subresource, opts);
    trackUpdate(ctx, managed, oldObj === undefined ? zeroObject(opts.schema) : live, newObj, id, now);
    capUpdateManagers(managed);
    storeManagedFields(newObj, managed);
  } catch {
    const previous = entriesOf(oldObj);
    if (previous) meta.managedFields = previous;
  }
  return newObj;
}

/**
 * The core of an Update: `id` takes the fields that changed from `base` to `next` (minus identity fields);
 * its time moves to `now` when it took any.
 */
export function trackUpdate(
  ctx: UpdaterContext,
  managed: Managed,
  base: unknown,
  next: unknown,
  id: string,
  now: Date,
): void {
  const self = 'current-operation';
  updateManaged(ctx, base, next, managed, self);
  stripMeta(managed, self);
  const taken = managed.fields.get(self);
  if (!taken) return;
  managed.fields.delete(self);
  const previous = managed.fields.get(id);
  const set = previous ? taken.set.union(previous.set) : taken.set;
  managed.fields.set(id, { set, apiVersion: taken.apiVersion, applied: taken.applied });
  managed.times.set(id, formatTime(now));
}

/**
 * `metadata.managedFields` on the wire and in memory (apimachinery `managedfields/internal/managedfields.go`):
 * entries are keyed by a manager identifier, the JSON of the entry's manager, operation, apiVersion (Update
 * only) and subresource; encoding sorts entries by operation, time, manager, apiVersion and subresource.
 */

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.js';
import { FieldSet } from './field-set.js';
import { goQuote } from './go-format.js';
import { isObject } from './json-value.js';

export type { ManagedFieldsEntry };

/** The fields one manager owns. */
export interface ManagerSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Owned fields and timestamps by manager identifier. */
export interface Managed {
  fields: Map<string, ManagerSet>;
  times: Map<string, string | undefined>;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export interface ManagerInfo {
  manager?: string | undefined;
  operation?: string | undefined;
  apiVersion?: string | undefined;
  subresource?: string | undefined;
}

/** The identifier of a manager (`BuildManagerIdentifier`): appliers are not told apart by API version. */
export function managerIdentifier(info: ManagerInfo): string {
  const id: ManagerInfo = {};
  if (info.manager) id.manager = info.manager;
  if (info.operation) id.operation = info.operation;
  if (info.apiVersion && info.operation !== 'Apply') id.apiVersion = info.apiVersion;
  if (info.subresource) id.subresource = info.subresource;
  return JSON.stringify(id);
}

function parseIdentifier(id: string): ManagerInfo {
  const parsed = JSON.parse(id) as unknown;
  return isObject(parsed) ? (parsed as ManagerInfo) : {};
}

/** How conflict messages name a manager: `"kubectl"`, `"kube-controller-manager" using apps/v1`. */
export function printManager(id: string): string {
  let info: ManagerInfo;
  try {
    info = parseIdentifier(id);
  } catch {
    return goQuote(id);
  }
  let s = goQuote(info.manager ?? '');
  if (info.subresource) s += ` with subresource ${goQuote(info.subresource)}`;
  if (info.operation === 'Update') s += ` using ${info.apiVersion ?? ''}`;
  return s;
}

/** Parses managedFields; throws an Error with upstream's wording when an entry is invalid. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  const managed = emptyManaged();
  (entries ?? []).forEach((entry, i) => {
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      throw new Error('operation must be `Apply` or `Update`');
    }
    if (!entry.apiVersion) throw new Error('apiVersion must not be empty');
    if (!entry.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (entry.fieldsType !== 'FieldsV1') {
      throw new Error(`invalid fieldsType ${goQuote(entry.fieldsType)} in managed fields entry ${i}`);
    }
    const id = managerIdentifier(entry);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(entry.fieldsV1 ?? {});
    } catch (err) {
      throw new Error(`error decoding versioned set from ${id}: error decoding set: ${(err as Error).message}`);
    }
    managed.fields.set(id, { set, apiVersion: entry.apiVersion, applied: entry.operation === 'Apply' });
    managed.times.set(id, entry.time);
  });
  return managed;
}

/** Decodes, or returns an empty record when the entries are invalid (`emptyManagedFieldsOnErr`). */
export function decodeManagedFieldsOrEmpty(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return emptyManaged();
  }
}

function seconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function compareStrings(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The managedFields list for `managed`, or undefined when nobody owns anything. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, owned] of managed.fields) {
    const info = parseIdentifier(id);
    const entry: ManagedFieldsEntry = {};
    if (info.manager) entry.manager = info.manager;
    entry.operation = owned.applied ? 'Apply' : (info.operation ?? 'Update');
    entry.apiVersion = owned.apiVersion;
    const time = managed.times.get(id);
    if (time) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = owned.set.toFieldsV1();
    if (info.subresource) entry.subresource = info.subresource;
    entries.push(entry);
  }
  return entries.sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource, q.subresource),
  );
}

/** metav1.Time as JSON: RFC 3339 in UTC, whole seconds. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

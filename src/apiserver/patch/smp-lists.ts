/**
 * List helpers of strategic merge patch (apimachinery `strategicpatch/patch.go`): item lookup by merge key,
 * partitioning, and the ordering rules (patch order first, then the live order of server-only items).
 */

import { goValue } from './go-format.js';
import { getOwn, hasOwn, isObject, type JsonKind, type JsonObject, jsonKind, setOwn } from './json-value.js';
import { badArgType, noListOfLists, noMergeKey, smpFailure } from './smp-errors.js';

export const directiveMarker = '$patch';

/** The common element kind of the lists (apimachinery `sliceElementType`); errors on lists of lists. */
export function sliceElementKind(...lists: unknown[][]): JsonKind {
  let kind: JsonKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k = jsonKind(item);
      if (kind === undefined || kind === 'null') {
        kind = k;
        if (k === 'array') throw noListOfLists();
      } else if (kind !== k) {
        throw smpFailure(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (kind === undefined || kind === 'null') throw smpFailure('no elements in any of the given slices');
  return kind;
}

function mergeKeyValue(item: unknown, mergeKey: string, kind: JsonKind): unknown {
  if (kind !== 'object') return item;
  return isObject(item) ? getOwn(item, mergeKey) : undefined;
}

/** The position of `item` in `list`, comparing merge key values for objects, values otherwise. */
export function indexOfItem(list: readonly unknown[], item: unknown, mergeKey: string, kind: JsonKind): number {
  const wanted = mergeKeyValue(item, mergeKey, kind);
  return list.findIndex((v) => mergeKeyValue(v, mergeKey, kind) === wanted);
}

/** `findMapInSliceBasedOnKeyValue`: the index of the object whose `key` equals `value`, or -1. */
export function findByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (const [i, item] of list.entries()) {
    if (!isObject(item)) throw smpFailure(`value for key ${i} is not a map`);
    if (hasOwn(item, key) && item[key] === value) return i;
  }
  return -1;
}

function requireMergeKey(item: unknown, mergeKey: string): JsonObject {
  if (!isObject(item)) throw badArgType('map', item);
  if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item;
}

/** Splits a list of objects into those without and those with `$patch: delete`. */
export function splitDeleteItems(list: readonly unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const item of list) {
    if (!isObject(item)) throw badArgType('map', item);
    (getOwn(item, directiveMarker) === 'delete' ? toDelete : keep).push(item);
  }
  return [keep, toDelete];
}

/** Items of `merged` that are in `partitionBy`, and those that are not (server-only items). */
export function partitionByPresence(
  merged: unknown[],
  partitionBy: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    let found: boolean;
    if (mergeKey === '') {
      found = partitionBy.includes(item);
    } else {
      const obj = requireMergeKey(item, mergeKey);
      found = findByKey(partitionBy, mergeKey, obj[mergeKey]) >= 0;
    }
    (found ? inPatch : serverOnly).push(item);
  }
  return [inPatch, serverOnly];
}

/** Sorts `toSort` by the positions of its items in `order` (stable); `$patch: delete` items go last. */
function sortByOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  let items = toSort;
  let deletes: unknown[] = [];
  if (kind === 'object') {
    for (const item of [...toSort, ...order]) requireMergeKey(item, mergeKey);
    [items, deletes] = splitDeleteItems(toSort);
  }
  const position = (v: unknown) => indexOfItem(order, v, mergeKey, kind);
  const sorted = [...items].sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    return pa >= 0 && pb >= 0 ? pa - pb : 0;
  });
  return [...sorted, ...deletes];
}

/**
 * `normalizeElementOrder`: patch items in patch order, server-only items in live order, interleaved so that
 * each server-only item stays before the patch items that followed it in the live list.
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOfItem(serverOrder, left[i], mergeKey, kind);
      const ri = indexOfItem(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** apimachinery's `deduplicateScalars` (the same swap-with-last algorithm, so results match). */
export function deduplicateScalars(list: unknown[]): unknown[] {
  const s = [...list];
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (s[i] === s[j]) {
        s[j] = s[last];
        s.length = last;
        last--;
        j--;
      }
    }
  }
  return s;
}

/** Removes the values in `toDelete` from a list of scalars (the `$deleteFromPrimitiveList` directive). */
export function deleteFromList(current: unknown[], toDelete: unknown[]): unknown[] {
  return current.filter((v) => !toDelete.includes(v));
}

/** `removeDirectives`: drops objects carrying `$patch` (returns keep=false for such a value itself). */
export function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const r = removeDirectives(item);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  if (!isObject(v)) return { value: v, keep: true };
  if (hasOwn(v, directiveMarker)) return { value: null, keep: false };
  for (const key of Object.keys(v)) {
    const r = removeDirectives(v[key]);
    if (r.keep) setOwn(v, key, r.value);
    else delete v[key];
  }
  return { value: v, keep: true };
}

/** `discardNullValuesFromPatch`: deletes null members of objects, recursively (also inside lists). */
export function discardNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) discardNulls(item);
  } else if (isObject(v)) {
    for (const key of Object.keys(v)) {
      if (v[key] === null) delete v[key];
      else discardNulls(v[key]);
    }
  }
}

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), a port of the server side of apimachinery's
 * `pkg/util/strategicpatch` (`StrategicMergeMapPatch` with MergeParallelList and IgnoreUnmatchedNulls):
 * - maps merge recursively; `null` deletes a member;
 * - a list whose field has `patchStrategy: merge` merges: objects by `patchMergeKey`, scalars as a set;
 *   other lists are replaced;
 * - directives: `$patch: replace | delete` (in a map, or as a list item), `$retainKeys`,
 *   `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`;
 * - fields the schema does not describe behave as in a JSON merge patch.
 */

import type { SchemaNode } from '../../api/schema/schema-node.js';
import { cloneJson, getOwn, hasOwn, isObject, type JsonObject, jsonKind, setOwn } from './json-value.js';
import { patchBadRequest } from './patch-errors.js';
import {
  badArgType,
  badPatchFormatForPrimitiveList,
  badPatchFormatForRetainKeys,
  badPatchFormatForSetElementOrderList,
  badPatchType,
  noMergeKey,
  smpFailure,
} from './smp-errors.js';
import {
  deduplicateScalars,
  deleteFromList,
  directiveMarker,
  discardNulls,
  findByKey,
  normalizeElementOrder,
  partitionByPresence,
  removeDirectives,
  sliceElementKind,
} from './smp-lists.js';
import { lookupField, lookupListField, otherStrategy, schemaName } from './smp-meta.js';
import { validateSetElementOrder } from './smp-set-element-order.js';

const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';

/**
 * Applies a strategic merge patch to a copy of `original`, using `schema` (the SchemaNode of the object's kind)
 * for merge keys and strategies. A patch that is `null` changes nothing; one that is not an object is a 400.
 * Errors are StatusErrors with the codes kube-apiserver uses (400 for malformed directives, 422 for lists of
 * lists, 500 for other failures such as a list item without its merge key).
 */
export function applyStrategicMergePatch(original: JsonObject, patch: unknown, schema?: SchemaNode): JsonObject {
  if (patch === null || patch === undefined) return cloneJson(original);
  if (!isObject(patch)) {
    const kind = jsonKind(patch) === 'boolean' ? 'bool' : jsonKind(patch);
    throw patchBadRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return mergeMap(cloneJson(original), cloneJson(patch), schema);
}

function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === deleteFromPrimitiveListPrefix) throw badPatchFormatForPrimitiveList();
    throw badPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  if (hasOwn(patch, directiveMarker)) {
    const directive = patch[directiveMarker];
    if (directive === 'replace') {
      delete patch[directiveMarker];
      return patch;
    }
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }
  applyRetainKeys(original, patch);
  mergeSetElementOrderLists(original, patch, schema);

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey];
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListPrefix)) {
      key = extractKey(patchKey, deleteFromPrimitiveListPrefix);
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const current = getOwn(original, key);
    if (!hasOwn(original, key) || jsonKind(current) !== jsonKind(patchValue)) {
      if (!isDeleteList) takePatchValue(original, key, patchValue);
      continue;
    }
    if (isObject(current)) {
      const { schema: sub, meta } = lookupField(schema, key);
      const strategy = otherStrategy(meta.strategies);
      setOwn(original, key, strategy === 'replace' ? patchValue : mergeMap(current, patchValue as JsonObject, sub));
    } else if (Array.isArray(current)) {
      const { schema: sub, meta } = lookupListField(schema, key);
      const strategy = otherStrategy(meta.strategies);
      setOwn(
        original,
        key,
        mergeListField(current, patchValue as unknown[], sub, strategy, meta.mergeKey, isDeleteList),
      );
    } else {
      takePatchValue(original, key, patchValue);
    }
  }
  return original;
}

/** A value the original does not have (or has with another type): nulls and directives are dropped. */
function takePatchValue(original: JsonObject, key: string, patchValue: unknown): void {
  discardNulls(patchValue);
  const { value, keep } = removeDirectives(patchValue);
  if (keep) setOwn(original, key, value);
  else delete original[key];
}

/**
 * Go's slices alias: deleting items shifts the live list's backing array in place, and appending new items
 * writes into it. Upstream then orders `$setElementOrder` lists by that mutated array, so the result depends
 * on it; `view` reproduces it (the live list as the caller still sees it).
 */
interface Backing {
  view: unknown[];
  length: number;
}

function mergeListField(
  original: unknown[],
  patch: unknown[],
  schema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  backing: Backing = { view: [...original], length: original.length },
): unknown[] {
  if (strategy === 'merge' || isDeleteList) return mergeList(backing, patch, schema, mergeKey, isDeleteList);
  return patch;
}

function mergeList(
  backing: Backing,
  patch: unknown[],
  schema: SchemaNode | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  const original = backing.view.slice(0, backing.length);
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  if (kind !== 'object') {
    if (isDeleteList) return deleteFromList(original, patch);
    const merged = deduplicateScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partitionByPresence(merged, patch, '');
    return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
  }
  if (mergeKey === '') throw smpFailure(`cannot merge lists without merge key for ${schemaName(schema)}`);
  const { base, items, replaced } = applyListDirectives(backing, patch, mergeKey);
  const merged = mergeListItems(replaced ? { view: [...base], length: base.length } : backing, items, mergeKey, schema);
  const [inPatch, serverOnly] = partitionByPresence(merged, items, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, items, base, mergeKey, kind);
}

/** Handles `$patch: delete` and `$patch: replace` items; returns the new base list and the remaining items. */
function applyListDirectives(backing: Backing, patch: unknown[], mergeKey: string) {
  const items: unknown[] = [];
  let replaced = false;
  for (const item of patch as JsonObject[]) {
    if (!hasOwn(item, directiveMarker)) {
      items.push(item);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const live = () => backing.view.slice(0, backing.length);
      for (
        let i = findByKey(live(), mergeKey, item[mergeKey]);
        i >= 0;
        i = findByKey(live(), mergeKey, item[mergeKey])
      ) {
        backing.view.copyWithin(i, i + 1, backing.length);
        backing.length--;
      }
    } else if (directive === 'replace') {
      replaced = true;
    } else if (directive === 'merge') {
      throw smpFailure('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  const base = replaced ? items : backing.view.slice(0, backing.length);
  return { base, items: replaced ? [] : items, replaced };
}

/** Merges each patch item into the live item with the same merge key value, or appends it. */
function mergeListItems(backing: Backing, patch: unknown[], mergeKey: string, schema: SchemaNode | undefined) {
  const merged = backing.view.slice(0, backing.length);
  for (const item of patch as JsonObject[]) {
    if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const i = findByKey(merged, mergeKey, item[mergeKey]);
    if (i >= 0) {
      merged[i] = mergeMap(merged[i] as JsonObject, item, schema);
      if (i < backing.view.length) backing.view[i] = merged[i];
    } else {
      if (merged.length < backing.view.length) backing.view[merged.length] = item;
      merged.push(item);
    }
  }
  return merged;
}

/**
 * `$retainKeys: [...]`: members of the original not listed are cleared; every non-null member of the patch must
 * be listed.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw badPatchFormatForRetainKeys();
  const kept = new Set(retain);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix)) {
      continue;
    }
    if (!kept.has(key)) throw badPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) if (!kept.has(key)) delete original[key];
}

/**
 * `$setElementOrder/<list>`: merges the list now (with its patch list, if any) and orders the result: the
 * directive's order, with server-only items kept where they were relative to the others.
 */
function mergeSetElementOrderLists(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(setElementOrderPrefix)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('slice', order);
    const key = extractKey(directiveKey, setElementOrderPrefix);
    const foundOriginal = hasOwn(original, key);
    const foundPatch = hasOwn(patch, key);
    const originalList = listValue(original, key, foundOriginal);
    const patchList = listValue(patch, key, foundPatch);
    const { schema: sub, meta } = lookupListField(schema, key);
    const strategy = otherStrategy(meta.strategies);
    validateSetElementOrder(patchList, order, meta.mergeKey);

    const backing: Backing = { view: [...originalList], length: originalList.length };
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = mergeListField(originalList, patchList, sub, strategy, meta.mergeKey, false, backing);
    } else continue;

    const [inOrder, serverOnly] = partitionByPresence(merged, order, meta.mergeKey);
    const kind = sliceElementKind(backing.view, patchList);
    setOwn(original, key, normalizeElementOrder(inOrder, serverOnly, order, backing.view, meta.mergeKey, kind));
    delete patch[key];
  }
}

function listValue(obj: JsonObject, key: string, found: boolean): unknown[] {
  if (!found) return [];
  const v = obj[key];
  if (!Array.isArray(v)) throw badArgType('slice', v);
  return v;
}

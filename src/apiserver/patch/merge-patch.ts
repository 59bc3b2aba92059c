/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`), as `evanphx/json-patch.v4`'s `MergePatch`
 * implements it for kube-apiserver: `null` deletes a member, objects merge recursively, anything else
 * (lists included) replaces. Nulls inside newly added values are pruned (also inside objects in lists).
 */

import { cloneJson, getOwn, hasOwn, isObject, type JsonObject, setOwn } from './json-value.js';
import { patchBadRequest } from './patch-errors.js';

function goKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'array';
}

/**
 * Applies a merge patch to a copy of `document`. A body that is not a JSON object is a 400 BadRequest
 * (`error decoding patch: ...`, as with `fieldValidation=Strict`; `Invalid JSON Patch` for `null`).
 */
export function applyMergePatch(document: JsonObject, patch: unknown): JsonObject {
  if (patch === null || patch === undefined) throw patchBadRequest('Invalid JSON Patch');
  if (!isObject(patch)) {
    throw patchBadRequest(
      `error decoding patch: json: cannot unmarshal ${goKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  const doc = cloneJson(document);
  mergeInto(doc, cloneJson(patch));
  return doc;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = getOwn(doc, key);
    if (!hasOwn(doc, key) || current === null) {
      pruneNulls(value);
      setOwn(doc, key, value);
    } else {
      setOwn(doc, key, merge(current, value));
    }
  }
}

function merge(current: unknown, patch: unknown): unknown {
  if (!isObject(current)) {
    pruneNulls(patch);
    return patch;
  }
  if (!isObject(patch)) return patch;
  mergeInto(current, patch);
  return current;
}

/** Removes null members from objects, recursively; nulls that are list items stay. */
function pruneNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) if (item !== null) pruneNulls(item);
    return;
  }
  if (!isObject(v)) return;
  for (const key of Object.keys(v)) {
    if (v[key] === null) delete v[key];
    else pruneNulls(v[key]);
  }
}

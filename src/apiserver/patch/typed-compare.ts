/**
 * Comparison of two typed values (structured-merge-diff `typed.Compare`): which paths were added, modified or
 * removed going from `lhs` to `rhs`. Leaves (scalars, atomic lists and maps, empty containers) are compared by
 * value; a map or list that appears or disappears is itself added or removed along with its contents.
 */

import { elementToString, type PathElement, serializeElement } from './field-path.js';
import { FieldSet } from './field-set.js';
import { isObject, jsonEqual } from './json-value.js';
import { listItemElement, TypedValueError } from './typed-fieldset.js';
import { type Atom, memberType, resolveAtom, type TypeRef } from './typed-schema.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compares `lhs` (before) with `rhs` (after); `undefined` means absent. Throws TypedValueError. */
export function compareValues(lhs: unknown, rhs: unknown, type: TypeRef): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(lhs, rhs, type, [], c);
  return c;
}

function compareNode(lhs: unknown, rhs: unknown, type: TypeRef, path: PathElement[], c: Comparison): void {
  const atom = resolveAtom(type, rhs === undefined ? lhs : rhs);
  let leaf = false;
  const doLeaf = () => {
    leaf = true;
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
  };
  if (atom.kind === 'scalar') doLeaf();
  else if (atom.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (!atom.associative || ((l?.length ?? 0) === 0 && (r?.length ?? 0) === 0)) doLeaf();
    else compareListItems(atom, l ?? [], r ?? [], path, c);
  } else {
    const l = isObject(lhs) ? lhs : undefined;
    const r = isObject(rhs) ? rhs : undefined;
    const lEmpty = !l || Object.keys(l).length === 0;
    const rEmpty = !r || Object.keys(r).length === 0;
    if (atom.atomic || (lEmpty && rEmpty)) doLeaf();
    else {
      const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
      for (const key of keys) {
        const lv = l && Object.hasOwn(l, key) ? l[key] : undefined;
        const rv = r && Object.hasOwn(r, key) ? r[key] : undefined;
        compareNode(lv, rv, memberType(atom, key), [...path, { field: key }], c);
      }
    }
  }
  if (!leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

interface Bucket {
  pe: PathElement;
  left: unknown[];
  right: unknown[];
}

function compareListItems(
  atom: Atom & { kind: 'list' },
  lhs: unknown[],
  rhs: unknown[],
  path: PathElement[],
  c: Comparison,
): void {
  const buckets = new Map<string, Bucket>();
  const bucketOf = (item: unknown, index: number): Bucket => {
    let pe: PathElement;
    try {
      pe = listItemElement(atom, item);
    } catch (err) {
      throw new TypedValueError(`${pathText(path)}: element ${index}: ${(err as Error).message}`);
    }
    const id = serializeElement(pe);
    let b = buckets.get(id);
    if (!b) {
      b = { pe, left: [], right: [] };
      buckets.set(id, b);
    }
    return b;
  };
  for (const [i, item] of lhs.entries()) bucketOf(item, i).left.push(item);
  for (const [i, item] of rhs.entries()) bucketOf(item, i).right.push(item);
  for (const { pe, left, right } of buckets.values()) {
    const itemPath = [...path, pe];
    if (left.length <= 1 && right.length <= 1) {
      compareNode(left[0], right[0], atom.element, itemPath, c);
    } else if (left.length >= 2 && right.length >= 2) {
      if (!jsonEqual(left, right)) c.modified.insert(itemPath);
    } else if (left.length >= 2) {
      if (right.length > 0) compareNode(undefined, right[0], atom.element, itemPath, c);
      c.removed.insert(itemPath);
    } else {
      if (left.length > 0) compareNode(left[0], undefined, atom.element, itemPath, c);
      c.added.insert(itemPath);
    }
  }
}

function pathText(path: PathElement[]): string {
  return path.map(elementToString).join('');
}

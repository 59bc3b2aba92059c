/**
 * Field sets of typed values (structured-merge-diff `typed`): the set of paths a value sets (`ToFieldSet`),
 * removing a set of paths from a value (`RemoveItems`), and the key of an associative-list item.
 */

import { keyElement, type PathElement } from './field-path.js';
import { FieldSet } from './field-set.js';
import { hasOwn, isObject, type JsonObject, setOwn } from './json-value.js';
import { type Atom, isDeclaredField, keyFieldDefault, memberType, resolveAtom, type TypeRef } from './typed-schema.js';

/** A value that does not fit its schema (duplicate keys, an item without key fields...). */
export class TypedValueError extends Error {}

/** The path element that identifies an item of an associative list. */
export function listItemElement(atom: Atom & { kind: 'list' }, item: unknown): PathElement {
  if (!atom.associative) throw new TypedValueError('invalid indexing of non-associative list');
  if (atom.keys.length > 0) {
    if (item === null) throw new TypedValueError('associative list with keys may not have a null element');
    if (!isObject(item)) throw new TypedValueError('associative list with keys may not have non-map elements');
    const fields: Record<string, unknown> = {};
    for (const name of atom.keys) {
      if (hasOwn(item, name)) fields[name] = item[name];
      else {
        const def = keyFieldDefault(atom, name);
        if (def !== undefined) fields[name] = def;
      }
    }
    if (Object.keys(fields).length === 0) {
      throw new TypedValueError(
        `associative list with keys has an element that omits all key fields ${JSON.stringify(atom.keys)} (and doesn't have default values for any key fields)`,
      );
    }
    return keyElement(fields);
  }
  if (isObject(item)) throw new TypedValueError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new TypedValueError('not supported: associative list with lists as elements');
  if (item === null) throw new TypedValueError("associative list without keys has an element that's an explicit null");
  return { value: item };
}

/** The paths `value` sets: leaves, associative-list items, and map entries that are not declared fields. */
export function toFieldSet(value: unknown, type: TypeRef): FieldSet {
  const set = new FieldSet();
  walkFieldSet(value, type, [], set);
  return set;
}

function walkFieldSet(value: unknown, type: TypeRef, path: PathElement[], set: FieldSet): void {
  const atom = resolveAtom(type, value);
  if (atom.kind === 'scalar') {
    set.insert(path);
  } else if (atom.kind === 'list') {
    if (!atom.associative) set.insert(path);
    else if (Array.isArray(value)) visitListItems(atom, value, path, set);
  } else if (atom.atomic) {
    set.insert(path);
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const child = value[key];
      const childPath = [...path, { field: key }];
      walkFieldSet(child, memberType(atom, key), childPath, set);
      const emptyMap = isObject(child) && Object.keys(child).length === 0;
      if (child === null || emptyMap || !isDeclaredField(atom, key)) set.insert(childPath);
    }
  }
}

function visitListItems(atom: Atom & { kind: 'list' }, items: unknown[], path: PathElement[], set: FieldSet): void {
  const elements = items.map((item) => {
    try {
      return listItemElement(atom, item);
    } catch {
      return undefined;
    }
  });
  const seen = new FieldSet();
  const duplicates = new FieldSet();
  for (const pe of elements) {
    if (!pe) continue;
    if (seen.hasMember(pe)) {
      if (!duplicates.hasMember(pe)) {
        set.insert([...path, pe]);
        duplicates.insert([pe]);
      }
    } else {
      seen.insert([pe]);
    }
  }
  elements.forEach((pe, i) => {
    if (!pe || duplicates.hasMember(pe)) return;
    const itemPath = [...path, pe];
    walkFieldSet(items[i], atom.element, itemPath, set);
    set.insert(itemPath);
  });
}

/**
 * Removes the paths of `toRemove` from `value` and returns the result; `undefined` when nothing is left of a
 * list or map (upstream leaves a null there, which typed decoding then drops).
 */
export function removeItems(value: unknown, toRemove: FieldSet, type: TypeRef): unknown {
  const atom = resolveAtom(type, value);
  if (atom.kind === 'scalar') return value;
  if (atom.kind === 'list') {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    if (!atom.associative) return undefined;
    const out: unknown[] = [];
    for (const item of value) {
      let pe: PathElement;
      try {
        pe = listItemElement(atom, item);
      } catch {
        out.push(item);
        continue;
      }
      if (toRemove.hasMember(pe)) continue;
      const subset = toRemove.child(pe);
      out.push(subset && !subset.empty() ? (removeItems(item, subset, atom.element) ?? null) : item);
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isObject(value) || Object.keys(value).length === 0 || atom.atomic) return undefined;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const pe = { field: key };
    if (toRemove.hasMember(pe)) continue;
    const subset = toRemove.child(pe);
    const child = subset && !subset.empty() ? removeItems(value[key], subset, memberType(atom, key)) : value[key];
    if (child !== undefined) setOwn(out, key, child);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Makes every declared struct field that has children in `set` a member too (upstream of the same name). */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: TypeRef): FieldSet {
  const atom = resolveAtom(type, undefined);
  const out = new FieldSet();
  out.members.push(...set.members);
  for (const child of set.children) {
    let childType: TypeRef = { node: undefined };
    if ('field' in child.pe && atom.kind === 'map') {
      childType = memberType(atom, child.pe.field);
      if (isDeclaredField(atom, child.pe.field) && !out.hasMember(child.pe)) out.insert([child.pe]);
    } else if ('key' in child.pe && atom.kind === 'list') {
      childType = atom.element;
    }
    out.children.push({ pe: child.pe, set: ensureNamedFieldsAreMembers(child.set, childType) });
  }
  return out;
}

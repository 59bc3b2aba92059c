/**
 * Merging an applied configuration into a live object (structured-merge-diff `typed.Merge` with the
 * keep-right-hand-side rule): leaves come from the configuration, granular maps merge member by member,
 * associative lists merge item by item by key, keeping live items and placing the configuration's items in
 * the configuration's order.
 */

import { elementToString, type PathElement, serializeElement } from './field-path.js';
import { isObject, type JsonObject, setOwn } from './json-value.js';
import { listItemElement, TypedValueError } from './typed-fieldset.js';
import { type Atom, memberType, resolveAtom, type TypeRef } from './typed-schema.js';

/** Merges `rhs` into `lhs`; `undefined` means absent (and, as a result, that nothing is left). */
export function mergeValues(lhs: unknown, rhs: unknown, type: TypeRef): unknown {
  return mergeNode(lhs, rhs, type, []);
}

function mergeNode(lhs: unknown, rhs: unknown, type: TypeRef, path: PathElement[]): unknown {
  const atom = resolveAtom(type, rhs === undefined ? lhs : rhs);
  const leaf = () => (rhs !== undefined ? rhs : lhs);
  if (atom.kind === 'scalar') return leaf();
  if (atom.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (!atom.associative || ((l?.length ?? 0) === 0 && (r?.length ?? 0) === 0)) return leaf();
    if (!l && !r) return undefined;
    return mergeListItems(atom, l ?? [], r ?? [], path);
  }
  const l = isObject(lhs) ? lhs : undefined;
  const r = isObject(rhs) ? rhs : undefined;
  const lEmpty = !l || Object.keys(l).length === 0;
  const rEmpty = !r || Object.keys(r).length === 0;
  if (atom.atomic || (lEmpty && rEmpty)) return leaf();
  const out: JsonObject = {};
  const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
  for (const key of keys) {
    const lv = l && Object.hasOwn(l, key) ? l[key] : undefined;
    const rv = r && Object.hasOwn(r, key) ? r[key] : undefined;
    const merged = mergeNode(lv, rv, memberType(atom, key), [...path, { field: key }]);
    if (merged !== undefined) setOwn(out, key, merged);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Indexed {
  pes: PathElement[];
  ids: string[];
  observed: Map<string, unknown>;
}

function indexItems(atom: Atom & { kind: 'list' }, items: unknown[], path: PathElement[], allowDuplicates: boolean) {
  const out: Indexed = { pes: [], ids: [], observed: new Map() };
  const where = path.map(elementToString).join('');
  items.forEach((item, i) => {
    let pe: PathElement;
    try {
      pe = listItemElement(atom, item);
    } catch (err) {
      throw new TypedValueError(`${where}: element ${i}: ${(err as Error).message}`);
    }
    const id = serializeElement(pe);
    if (out.observed.has(id)) {
      if (!allowDuplicates) throw new TypedValueError(`${where}: duplicate entries for key ${elementToString(pe)}`);
      out.observed.set(id, null);
    } else {
      out.observed.set(id, item);
    }
    out.pes.push(pe);
    out.ids.push(id);
  });
  return out;
}

/** The item-ordering walk of upstream's `mergingWalker.visitListItems`. */
function mergeListItems(atom: Atom & { kind: 'list' }, lhs: unknown[], rhs: unknown[], path: PathElement[]): unknown {
  const right = indexItems(atom, rhs, path, false);
  const left = indexItems(atom, lhs, path, true);
  const shared = right.ids.filter((id) => left.observed.has(id));
  let nextShared = shared.shift();
  const mergedRight = new Set<string>();
  const out: unknown[] = [];
  const mergeItem = (pe: PathElement, l: unknown, r: unknown) => {
    const merged = mergeNode(l, r, atom.element, [...path, pe]);
    if (merged !== undefined) out.push(merged);
  };
  let li = 0;
  let ri = 0;
  while (li < left.ids.length || ri < right.ids.length) {
    if (li < left.ids.length && ri < right.ids.length) {
      const id = left.ids[li] as string;
      if (id === right.ids[ri]) {
        mergedRight.add(id);
        mergeItem(left.pes[li] as PathElement, left.observed.get(id), right.observed.get(id));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (right.observed.has(id) && nextShared !== undefined && nextShared !== id) {
        li++;
        continue;
      }
    }
    if (li < left.ids.length) {
      const id = left.ids[li] as string;
      if (!right.observed.has(id)) {
        mergeItem(left.pes[li] as PathElement, lhs[li], undefined);
        li++;
        continue;
      }
      if (mergedRight.has(id)) li++;
    }
    if (ri < right.ids.length) {
      const id = right.ids[ri] as string;
      mergedRight.add(id);
      mergeItem(right.pes[ri] as PathElement, left.observed.get(id), right.observed.get(id));
      ri++;
      if (nextShared === id) nextShared = shared.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Field paths of server-side apply (sigs.k8s.io/structured-merge-diff `fieldpath`): a path is a list of
 * elements, each naming a struct/map field (`f:name`), an item of an associative list by its key fields
 * (`k:{"name":"nginx"}`), an item of a set by value (`v:"a"`), or an atomic-list item by index (`i:0`).
 */

import { goNumber, goQuote } from './go-format.js';
import { isObject } from './json-value.js';

/** One key field of a `k:` element; key lists are kept sorted by name. */
export interface KeyField {
  name: string;
  value: unknown;
}

export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly KeyField[] }
  | { readonly value: unknown }
  | { readonly index: number };

export type Path = readonly PathElement[];

function rank(pe: PathElement): number {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5;
}

/** The total order structured-merge-diff defines on values: numbers, strings, booleans, lists, maps, null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = compareStrings(ka[i] ?? '', kb[i] ?? '') || compareValues(a[ka[i] ?? ''], b[kb[i] ?? '']);
      if (c !== 0) return c;
    }
    return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1;
  }
  return 0;
}

function compareKeys(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const fa = a[i] as KeyField;
    const fb = b[i] as KeyField;
    const c = compareStrings(fa.name, fb.name) || compareValues(fa.value, fb.value);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Order of path elements: fields, then keys, then values, then indices. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if ('field' in a && 'field' in b) return compareStrings(a.field, b.field);
  if ('key' in a && 'key' in b) return compareKeys(a.key, b.key);
  if ('value' in a && 'value' in b) return compareValues(a.value, b.value);
  if ('index' in a && 'index' in b) return a.index - b.index === 0 ? 0 : a.index < b.index ? -1 : 1;
  return 0;
}

/** structured-merge-diff's `value.ToString`, used in conflict messages. */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (isObject(v))
    return Object.keys(v)
      .map((k) => `${k}=${valueToString(v[k])}`)
      .join('');
  return String(v);
}

/** The human form of a path element: `.name`, `[name="nginx"]`, `[="a"]`, `[0]`. */
export function elementToString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map((k) => `${k.name}=${valueToString(k.value)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueToString(pe.value)}]`;
  return `[${pe.index}]`;
}

/** The human form of a path, as in `.spec.template.spec.containers[name="nginx"].image`. */
export function pathToString(path: Path): string {
  return path.map(elementToString).join('');
}

/** JSON of a key or value element: keys in the order given (already sorted), Go's number formatting. */
function elementJson(v: unknown): string {
  return JSON.stringify(v);
}

/** The FieldsV1 key of an element (`f:replicas`, `k:{"name":"nginx"}`, `v:"a"`, `i:0`). */
export function serializeElement(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) return `k:{${pe.key.map((k) => `${JSON.stringify(k.name)}:${elementJson(k.value)}`).join(',')}}`;
  if ('value' in pe) return `v:${elementJson(pe.value)}`;
  return `i:${pe.index}`;
}

/** A key element from a JSON object of key fields (sorted by name). */
export function keyElement(fields: Record<string, unknown>): PathElement {
  const key = Object.keys(fields)
    .sort(compareStrings)
    .map((name) => ({ name, value: fields[name] }));
  return { key };
}

/** Parses a FieldsV1 key; returns undefined for unknown element types (skipped, as upstream does). */
export function deserializeElement(s: string): PathElement | undefined {
  if (s.length < 2 || s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: JSON.parse(body) as unknown };
    case 'k': {
      const parsed = JSON.parse(body) as unknown;
      if (!isObject(parsed)) throw new Error(`invalid key element: ${s}`);
      return keyElement(parsed);
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new Error(`invalid index element: ${s}`);
      return { index: Number.parseInt(body, 10) };
    }
    default:
      return undefined;
  }
}

export function elementsEqual(a: PathElement, b: PathElement): boolean {
  return compareElements(a, b) === 0;
}

/**
 * Small helpers for plain JSON values (the decoded form of request bodies and stored objects), shared by the
 * patch implementations. Keys are always read with own-property checks and written with `setOwn`, so a
 * `__proto__` key in a patch can never reach an object's prototype.
 */

import type { JsonObject } from '../../api/object.js';

export type { JsonObject };

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.hasOwn(obj, key);
}

/** Reads an own property (never an inherited one such as `__proto__` or `constructor`). */
export function getOwn(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Writes an own data property; `__proto__` becomes an ordinary key instead of changing the prototype. */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** A deep copy of a JSON value (own enumerable keys only). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((item) => cloneJson(item)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const key of Object.keys(v)) setOwn(out, key, cloneJson(v[key]));
    return out as T;
  }
  return v;
}

/** Structural equality of JSON values; key order does not matter, list order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The coarse JSON kind, the way the Go implementations compare `reflect.Kind`. */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export function jsonKind(v: unknown): JsonKind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    default:
      return 'boolean';
  }
}

/**
 * JSON patch (RFC 6902, `application/json-patch+json`) with the semantics of the library kube-apiserver uses,
 * `gopkg.in/evanphx/json-patch.v4`, which is more lenient than the RFC in ways clients rely on:
 * - `replace` of a missing object member adds it (kubectl `rollout undo` replaces `/metadata/annotations`);
 * - negative array indices count from the end;
 * - `test` of a missing or null member passes when the value is absent or null;
 * - `copy` from a missing object member copies `null`.
 * The fast-json-patch package validates to the letter of the RFC, so its results differ on exactly these cases.
 */

import { cloneJson, getOwn, hasOwn, isObject, type JsonObject, jsonEqual, setOwn } from './json-value.js';
import { maxJsonPatchOperations, patchBadRequest, patchNotApplicable, tooManyOperations } from './patch-errors.js';

/** One RFC 6902 operation as clients send it. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

type Container = JsonObject | unknown[];

/** Raised inside the interpreter; every failure becomes the same 422 as upstream's. */
class NotApplicable extends Error {}

function fail(why: string): never {
  throw new NotApplicable(why);
}

function goKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

/** Decodes the request body the way `jsonpatch.DecodePatch` does (400 when it is not a list of objects). */
function decodeOperations(operations: unknown): (JsonObject | null)[] {
  if (operations === null) return [];
  if (!Array.isArray(operations)) {
    throw patchBadRequest(`json: cannot unmarshal ${goKind(operations)} into Go value of type jsonpatch.Patch`);
  }
  return operations.map((op) => {
    if (op === null || isObject(op)) return op;
    throw patchBadRequest(`json: cannot unmarshal ${goKind(op)} into Go value of type jsonpatch.Operation`);
  });
}

/**
 * Applies `operations` to a copy of `document` and returns the result. Errors: 400 BadRequest when the body is
 * not a list of operation objects, 413 over 10000 operations, 422 Invalid when an operation does not apply.
 * Paths through `__proto__` are refused (422).
 */
export function applyJsonPatch(document: JsonObject, operations: unknown): JsonObject {
  const ops = decodeOperations(operations);
  if (ops.length > maxJsonPatchOperations) throw tooManyOperations(ops.length);
  const root: { doc: Container } = { doc: cloneJson(document) };
  try {
    for (const op of ops) applyOperation(root, op ?? {});
  } catch (err) {
    if (err instanceof NotApplicable) throw patchNotApplicable();
    throw err;
  }
  if (!isObject(root.doc)) throw patchNotApplicable();
  return root.doc;
}

function stringField(op: JsonObject, name: string): string {
  const v = getOwn(op, name);
  if (typeof v !== 'string') fail(`operation missing ${name} field`);
  return v;
}

function applyOperation(root: { doc: Container }, op: JsonObject): void {
  const kind = getOwn(op, 'op');
  const hasValue = hasOwn(op, 'value');
  const value = hasValue ? cloneJson(op.value) : undefined;
  switch (kind) {
    case 'add': {
      const { con, key } = locate(root, stringField(op, 'path'));
      add(con, key, hasValue ? value : null);
      return;
    }
    case 'remove': {
      const { con, key } = locate(root, stringField(op, 'path'));
      remove(con, key);
      return;
    }
    case 'replace': {
      const path = stringField(op, 'path');
      if (path === '') {
        if (!isObject(value) && !Array.isArray(value)) fail('replace operation value must be object or array');
        root.doc = value;
        return;
      }
      const { con, key } = locate(root, path);
      get(con, key);
      set(con, key, hasValue ? value : null);
      return;
    }
    case 'move': {
      const from = locate(root, stringField(op, 'from'));
      const moved = get(from.con, from.key);
      remove(from.con, from.key);
      const to = locate(root, stringField(op, 'path'));
      add(to.con, to.key, moved ?? null);
      return;
    }
    case 'copy': {
      const from = locate(root, stringField(op, 'from'));
      const copied = cloneJson(get(from.con, from.key) ?? null);
      const to = locate(root, stringField(op, 'path'));
      add(to.con, to.key, copied);
      return;
    }
    case 'test': {
      const path = stringField(op, 'path');
      let actual: unknown = root.doc;
      if (path !== '') {
        const { con, key } = locate(root, path);
        actual = get(con, key);
      }
      if (actual === undefined || actual === null) {
        if (value === undefined || value === null) return;
        fail('test failed');
      }
      if (!hasValue || !jsonEqual(actual, value)) fail('test failed');
      return;
    }
    default:
      fail(`Unexpected kind: ${String(kind)}`);
  }
}

function decodeKey(segment: string): string {
  const key = segment.replace(/~1|~0/g, (m) => (m === '~1' ? '/' : '~'));
  if (key === '__proto__') fail('refusing __proto__');
  return key;
}

/** evanphx's findObject: every segment but the first and the last names an existing object or array. */
function locate(root: { doc: Container }, path: string): { con: Container; key: string } {
  const segments = path.split('/');
  if (segments.length < 2) fail(`doc is missing path: ${path}`);
  let con: Container = root.doc;
  for (const segment of segments.slice(1, -1)) {
    const next = get(con, decodeKey(segment));
    if (!isObject(next) && !Array.isArray(next)) fail(`doc is missing path: ${path}`);
    con = next;
  }
  return { con, key: decodeKey(segments[segments.length - 1] ?? '') };
}

/** Go's strconv.Atoi. */
function parseIndex(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) fail(`value was not a proper array index: '${key}'`);
  return Number.parseInt(key, 10);
}

function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return getOwn(con, key);
  let idx = parseIndex(key);
  if (idx < 0) {
    if (idx < -con.length) fail(`Unable to access invalid index: ${idx}`);
    idx += con.length;
  }
  if (idx >= con.length) fail(`Unable to access invalid index: ${idx}`);
  return con[idx];
}

function set(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  let idx = parseIndex(key);
  if (idx < 0) idx += con.length;
  con[idx] = value;
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let idx = parseIndex(key);
  const size = con.length + 1;
  if (idx >= size) fail(`Unable to access invalid index: ${idx}`);
  if (idx < 0) {
    if (idx < -size) fail(`Unable to access invalid index: ${idx}`);
    idx += size;
  }
  con.splice(idx, 0, value);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!hasOwn(con, key)) fail(`Unable to remove nonexistent key: ${key}`);
    delete con[key];
    return;
  }
  let idx = parseIndex(key);
  if (idx >= con.length) fail(`Unable to access invalid index: ${idx}`);
  if (idx < 0) {
    if (idx < -con.length) fail(`Unable to access invalid index: ${idx}`);
    idx += con.length;
  }
  con.splice(idx, 1);
}

import type { KubeObject } from '../api/object.js';
import { apiVersionOf, type ResourceInfo } from '../api/registry.js';
import type { KeyValue } from '../storage/store.js';

const storedPrefix = '{"metadata":{';

/**
 * Stored form: metadata first, without resourceVersion (the store's revision is the resourceVersion) and without
 * apiVersion/kind (the registry row knows them). Metadata first lets lists splice stored text (`encodedForList`).
 */
export function encodeForStorage(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  return JSON.stringify({ metadata, ...rest });
}

/** The JSON text of a stored object as the API returns it, built without parsing when the layout allows. */
export function encodedForList(info: ResourceInfo, kv: KeyValue): string {
  if (!kv.value.startsWith(storedPrefix)) return JSON.stringify(decodeFromStorage(info, kv));
  const rest = kv.value.slice(storedPrefix.length);
  const rv = `"resourceVersion":"${kv.modRevision}"`;
  const head = `{"apiVersion":${JSON.stringify(apiVersionOf(info))},"kind":${JSON.stringify(info.kind)},"metadata":{${rv}`;
  return rest.startsWith('}') ? `${head}${rest}` : `${head},${rest}`;
}

/** Reads a stored object and stamps apiVersion, kind and resourceVersion. */
export function decodeFromStorage(info: ResourceInfo, kv: KeyValue, revision: number = kv.modRevision): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.apiVersion = apiVersionOf(info);
  obj.kind = info.kind;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** Kubernetes timestamps have second precision: `2024-01-01T00:00:00Z`. */
export function formatTimestamp(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Deep copy of a JSON value. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bArr = b as unknown[];
    return a.length === bArr.length && a.every((v, i) => jsonEqual(v, bArr[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Everything but metadata and status: what a generation bump looks at. */
export function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

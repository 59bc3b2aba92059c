import type { ObjectMeta as UpstreamObjectMeta } from 'kubernetes-types/meta/v1.js';

/** ObjectMeta as the server handles it: the read-only fields are the server's to write. */
export type ObjectMeta = { -readonly [K in keyof UpstreamObjectMeta]: UpstreamObjectMeta[K] };

/**
 * Any Kubernetes object as kubeling handles it on the server: JSON with typed metadata. Typed views
 * (`kubernetes-types`) are used where a component reads a specific kind.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A JSON object (the decoded form of request bodies before they are known to be objects). */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

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

export type { ObjectMeta };

/** A JSON object (the decoded form of request bodies before they are known to be objects). */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

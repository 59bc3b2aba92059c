/**
 * The shape of a Kubernetes API type, as kubeling knows it from the upstream `generated.proto` files
 * (field names, types, documentation and the `+patchMergeKey` / `+patchStrategy` / `+listType` markers).
 * One model serves protobuf decoding, OpenAPI documents (`kubectl explain`), unknown-field detection under
 * `fieldValidation=Strict`, strategic merge patch and server-side apply.
 */

export type SchemaType =
  | 'object'
  | 'map'
  | 'array'
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'int-or-string'
  | 'quantity'
  | 'date-time'
  | 'bytes'
  | 'any';

export interface SchemaNode {
  type: SchemaType;
  /** Protobuf message name for object types (e.g. `k8s.io.api.core.v1.PodSpec`), for references. */
  name?: string;
  description?: string;
  /** Fields of an `object`, by JSON name. */
  fields?: ReadonlyMap<string, FieldSchema>;
  /** Value schema of a `map`, item schema of an `array`. */
  elements?: SchemaNode;
}

export interface FieldSchema {
  /** JSON name. */
  name: string;
  node: SchemaNode;
  description?: string;
  /** `+patchMergeKey`: the key that identifies list items in a strategic merge patch. */
  patchMergeKey?: string;
  /** `+patchStrategy`: `merge`, `retainKeys`, `merge,retainKeys` or `replace`. */
  patchStrategy?: string;
  /** `+listType`: `atomic`, `set` or `map` (server-side apply). */
  listType?: 'atomic' | 'set' | 'map';
  /** `+listMapKey`: the keys of a `map` list. */
  listMapKeys?: string[];
  /** `+structType` / `+mapType` = atomic. */
  atomic?: boolean;
}

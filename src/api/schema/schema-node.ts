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
  /** Wire/OpenAPI format of scalars: `int32`, `int64`, `double`, `byte` (for `bytes`). */
  format?: string;
  /** `+structType=atomic` / `+mapType=atomic` on the type itself. */
  atomic?: boolean;
  /**
   * The protobuf view of an `object`: fields by protobuf field number. Differs from `fields` where Go embeds a
   * struct inline (`inline: true`, whose fields `fields` lists flat) and where `apiVersion`/`kind` are added.
   */
  protoFields?: ReadonlyMap<number, FieldSchema>;
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
  /** Protobuf field number (absent for `apiVersion`/`kind`, which are not in the protobuf messages). */
  id?: number;
  /** The Go field is a pointer (`*int32`, `*bool`, `*T`): a zero value is a set value, not an absent one. */
  pointer?: boolean;
  /** The Go JSON tag lacks `omitempty`: Go writes the zero value too. */
  noOmitEmpty?: boolean;
  /** Only in `protoFields`: an embedded Go struct whose fields appear inline in the parent's JSON. */
  inline?: boolean;
  /** Required in OpenAPI (`+required`, or neither `omitempty` nor `+optional`), as `kubectl explain` shows it. */
  required?: boolean;
}

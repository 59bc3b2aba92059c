/**
 * Patch metadata for strategic merge patch: what apimachinery's `LookupPatchMeta` reads from Go struct tags
 * (`patchStrategy`, `patchMergeKey`), read here from kubeling's SchemaNode. A field the schema does not know
 * (or a value of type `any`) has no metadata, so it merges like a JSON merge patch: maps recursively, lists
 * replaced.
 */

import type { SchemaNode } from '../../api/schema/schema-node.js';
import { smpFailure } from './smp-errors.js';

export interface PatchMeta {
  /** `merge`, `replace`, `retainKeys`... (the comma-separated `+patchStrategy`, split). */
  strategies: string[];
  /** `+patchMergeKey`, or '' when there is none. */
  mergeKey: string;
}

export interface FieldLookup {
  /** Schema of the field's value (for a list: of its items); undefined when unknown. */
  schema: SchemaNode | undefined;
  meta: PatchMeta;
}

const noMeta: PatchMeta = { strategies: [], mergeKey: '' };

/** The schema and patch metadata of `key` inside a value of type `schema` (a struct or a map). */
export function lookupField(schema: SchemaNode | undefined, key: string): FieldLookup {
  if (!schema) return { schema: undefined, meta: noMeta };
  if (schema.type === 'map') return { schema: schema.elements, meta: noMeta };
  const field = schema.type === 'object' ? schema.fields?.get(key) : undefined;
  if (!field) return { schema: undefined, meta: noMeta };
  return {
    schema: field.node,
    meta: {
      strategies: field.patchStrategy ? field.patchStrategy.split(',') : [],
      mergeKey: field.patchMergeKey ?? '',
    },
  };
}

/** Like lookupField, for a list-valued field: the schema returned is that of the list's items. */
export function lookupListField(schema: SchemaNode | undefined, key: string): FieldLookup {
  const found = lookupField(schema, key);
  const node = found.schema;
  return { schema: node?.type === 'array' ? node.elements : node, meta: found.meta };
}

/**
 * Splits the strategies into "has retainKeys" and the other strategy (`merge`, `replace` or ''), as
 * `extractRetainKeysPatchStrategy` does.
 */
export function otherStrategy(strategies: readonly string[]): string {
  if (strategies.length === 0) return '';
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : (strategies[0] ?? '');
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return strategies[1] ?? '';
    if (strategies[1] === 'retainKeys') return strategies[0] ?? '';
  }
  throw smpFailure(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

/** What `LookupPatchMeta.Name()` prints in "cannot merge lists without merge key for %s". */
export function schemaName(schema: SchemaNode | undefined): string {
  if (!schema) return 'interface';
  switch (schema.type) {
    case 'object':
      return 'struct';
    case 'array':
      return 'slice';
    default:
      return schema.type;
  }
}

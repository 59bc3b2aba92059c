/**
 * The typed zero value of a kind as apimachinery's unstructured converter writes it: struct fields that are not
 * pointers are always present (recursively), fields without `omitempty` hold their zero value (`null` for lists
 * and maps), `metav1.Time` is `null`. Upstream's field manager compares a create with this object, so what it
 * already contains (`spec`, `spec.template`...) is not itself "added" by the create.
 */

import type { FieldSchema, SchemaNode } from '../../api/schema/schema-node.js';
import type { JsonObject } from './json-value.js';

const maxDepth = 40;

function zeroOfField(field: FieldSchema, depth: number): unknown {
  if (field.pointer) return undefined;
  const node = field.node;
  switch (node.type) {
    case 'object':
      return zeroObject(node, depth + 1);
    case 'date-time':
      return null;
    case 'quantity':
      return '0';
    case 'int-or-string':
      return 0;
    default:
      break;
  }
  if (!field.noOmitEmpty) return undefined;
  switch (node.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** The zero value of a struct type; `{metadata, spec, status}` all empty when there is no schema. */
export function zeroObject(schema: SchemaNode | undefined, depth = 0): JsonObject {
  if (!schema) return depth === 0 ? { metadata: {}, spec: {}, status: {} } : {};
  const out: JsonObject = {};
  if (schema.type !== 'object' || !schema.fields || depth > maxDepth) return out;
  for (const [name, field] of schema.fields) {
    const zero = zeroOfField(field, depth);
    if (zero !== undefined) out[name] = zero;
  }
  return out;
}

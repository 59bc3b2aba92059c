/**
 * The structure server-side apply sees in a type (structured-merge-diff's schema "atoms"), derived from
 * kubeling's SchemaNode the way kube-openapi's `schemaconv` derives it from OpenAPI:
 * - a list is associative when `+listType` is `set` or `map`, or, without `+listType`, when its
 *   `+patchStrategy` is `merge` (keyed by `+patchMergeKey`, a set without one); otherwise atomic;
 * - structs and maps are granular unless marked atomic (`+structType` / `+mapType`, on the type or the field);
 * - values of unknown type (`any`, or fields the schema does not list) are "deduced" from the value: maps are
 *   granular, lists atomic.
 */

import type { FieldSchema, SchemaNode } from '../../api/schema/schema-node.js';
import { isObject } from './json-value.js';

/** A reference to a type: the node, and the field that leads to it (which carries the list/map markers). */
export interface TypeRef {
  node: SchemaNode | undefined;
  field?: FieldSchema | undefined;
}

export type Atom =
  | { kind: 'scalar' }
  | { kind: 'list'; associative: boolean; keys: readonly string[]; element: TypeRef }
  | { kind: 'map'; atomic: boolean; fields: ReadonlyMap<string, FieldSchema> | undefined; element: TypeRef };

const deduced: TypeRef = { node: undefined };
const untypedAtomicList: Atom = { kind: 'list', associative: false, keys: [], element: deduced };

function listAtom(node: SchemaNode, field: FieldSchema | undefined): Atom {
  const element: TypeRef = { node: node.elements };
  const listType = field?.listType;
  if (listType === 'atomic') return { kind: 'list', associative: false, keys: [], element };
  if (listType === 'set') return { kind: 'list', associative: true, keys: [], element };
  if (listType === 'map') return { kind: 'list', associative: true, keys: field?.listMapKeys ?? [], element };
  const strategy = field?.patchStrategy;
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    return { kind: 'list', associative: true, keys: field?.patchMergeKey ? [field.patchMergeKey] : [], element };
  }
  return { kind: 'list', associative: false, keys: [], element };
}

function deducedAtom(value: unknown): Atom {
  if (Array.isArray(value)) return untypedAtomicList;
  if (isObject(value)) return { kind: 'map', atomic: false, fields: undefined, element: deduced };
  return { kind: 'scalar' };
}

/**
 * The atom for a value of type `tr`. When the value's JSON kind contradicts the schema (invalid objects can
 * reach this code), the value decides, as for an untyped value.
 */
export function resolveAtom(tr: TypeRef, value: unknown): Atom {
  const node = tr.node;
  if (!node || node.type === 'any') return deducedAtom(value);
  const atomic = tr.field?.atomic ?? node.atomic ?? false;
  let atom: Atom;
  switch (node.type) {
    case 'object':
      atom = { kind: 'map', atomic, fields: node.fields, element: deduced };
      break;
    case 'map':
      atom = { kind: 'map', atomic, fields: undefined, element: { node: node.elements } };
      break;
    case 'array':
      atom = listAtom(node, tr.field);
      break;
    default:
      atom = { kind: 'scalar' };
  }
  if (value === undefined || value === null) return atom;
  const valueKind = Array.isArray(value) ? 'list' : isObject(value) ? 'map' : 'scalar';
  return valueKind === atom.kind ? atom : deducedAtom(value);
}

/** The type of member `key` of a map atom: the declared field, or the map's element type. */
export function memberType(atom: Atom & { kind: 'map' }, key: string): TypeRef {
  const field = atom.fields?.get(key);
  return field ? { node: field.node, field } : atom.element;
}

/** True when `key` is a declared field of a struct atom. */
export function isDeclaredField(atom: Atom, key: string): boolean {
  return atom.kind === 'map' && atom.fields?.has(key) === true;
}

/**
 * Defaults of list-map key fields (structured-merge-diff fills a missing key from the schema's default).
 * SchemaNode has no defaults yet; a `default` on the FieldSchema is honoured when present, and the one
 * default that matters for built-in kinds (`protocol: TCP` of container and service ports) is built in.
 */
export function keyFieldDefault(atom: Atom & { kind: 'list' }, name: string): unknown {
  const itemFields = atom.element.node?.fields;
  const field = itemFields?.get(name) as (FieldSchema & { default?: unknown }) | undefined;
  if (field && field.default !== undefined) return field.default;
  return name === 'protocol' ? 'TCP' : undefined;
}

/** The whole-object type of a kind. */
export function rootType(schema: SchemaNode | undefined): TypeRef {
  return { node: schema };
}

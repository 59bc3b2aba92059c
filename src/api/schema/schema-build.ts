/**
 * SchemaNodes built from the proto catalog and the Go field traits, once per message and on first use.
 */
import { goFieldTraits } from './go-field-traits.js';
import { type CatalogField, type CatalogMessage, protoCatalog } from './proto-catalog.js';
import { describe, markers } from './proto-comments.js';
import type { FieldSchema, SchemaNode, SchemaType } from './schema-node.js';

const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Messages that JSON shows as something other than an object. */
const specialTypes: Readonly<Record<string, SchemaType>> = {
  [`${meta}.Time`]: 'date-time',
  [`${meta}.MicroTime`]: 'date-time',
  [`${meta}.Duration`]: 'string',
  [`${meta}.FieldsV1`]: 'any',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'any',
  'k8s.io.apimachinery.pkg.runtime.Unknown': 'any',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'k8s.io.apimachinery.pkg.api.resource.QuantityValue': 'quantity',
};

const scalarNodes: Readonly<Record<string, SchemaNode>> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  uint32: { type: 'integer', format: 'int32' },
  uint64: { type: 'integer', format: 'int64' },
  double: { type: 'number', format: 'double' },
  float: { type: 'number', format: 'float' },
  bytes: { type: 'bytes', format: 'byte' },
};

interface FieldTraits {
  pointer?: boolean;
  noOmitEmpty?: boolean;
  inline?: boolean;
  jsonName?: string;
}

/** The traits of one message's fields, by protobuf field name, and whether it embeds TypeMeta. */
export function traitsOf(message: string): { typeMeta: boolean; fields: Map<string, FieldTraits> } {
  const fields = new Map<string, FieldTraits>();
  const spec = goFieldTraits[message.replace(/^k8s\.io\./, '')];
  let typeMeta = false;
  for (const token of spec ? spec.split(' ') : []) {
    if (token === '@') {
      typeMeta = true;
      continue;
    }
    const m = /^([*!~]*)(\w+)(?:>(\w+))?$/.exec(token);
    if (!m) continue;
    const [, flags = '', name = '', jsonName] = m;
    const t: FieldTraits = {};
    if (flags.includes('*')) t.pointer = true;
    if (flags.includes('!')) t.noOmitEmpty = true;
    if (flags.includes('~')) t.inline = true;
    if (jsonName) t.jsonName = jsonName;
    fields.set(name, t);
  }
  return { typeMeta, fields };
}

const nodes = new Map<string, SchemaNode>();

function messageNode(name: string): SchemaNode {
  const known = nodes.get(name);
  if (known) return known;
  const message = protoCatalog().get(name);
  const description = describe(message?.comment);
  const special = specialTypes[name];
  let node: SchemaNode;
  if (special) {
    node = { type: special, name };
  } else if (name === `${meta}.Verbs`) {
    node = { type: 'array', name, elements: { type: 'string' } };
  } else if (!message) {
    node = { type: 'any', name };
  } else {
    node = { type: 'object', name };
  }
  if (description) node.description = description;
  nodes.set(name, node);
  if (node.type === 'object' && message) fillObject(node, message);
  return node;
}

function typeNode(field: CatalogField): SchemaNode {
  const base = scalarNodes[field.type] ?? messageNode(field.type);
  if (field.keyType) return { type: 'map', elements: base };
  if (field.repeated) return { type: 'array', elements: base };
  return base;
}

let typeMetaFields: FieldSchema[] | undefined;

/** `apiVersion` and `kind`, documented as meta/v1 TypeMeta documents them. */
function typeMetaSchema(): FieldSchema[] {
  if (typeMetaFields) return typeMetaFields;
  const tm = protoCatalog().get(`${meta}.TypeMeta`);
  typeMetaFields = ['apiVersion', 'kind'].map((name) => {
    const f: FieldSchema = { name, node: scalarNodes.string ?? { type: 'string' } };
    const description = describe(tm?.fields.find((x) => x.name === name)?.comment);
    if (description) f.description = description;
    return f;
  });
  return typeMetaFields;
}

function fieldSchema(field: CatalogField, traits: FieldTraits): FieldSchema {
  const node = typeNode(field);
  const f: FieldSchema = { name: traits.jsonName ?? field.name, node, id: field.id };
  const description = describe(field.comment);
  if (description) f.description = description;
  const m = markers(field.comment);
  if (m.patchMergeKey) f.patchMergeKey = m.patchMergeKey;
  if (m.patchStrategy) f.patchStrategy = m.patchStrategy;
  if (m.listType) f.listType = m.listType;
  if (m.listMapKeys) f.listMapKeys = m.listMapKeys;
  if (m.atomic !== undefined) f.atomic = m.atomic;
  if (traits.pointer) f.pointer = true;
  if (traits.noOmitEmpty) f.noOmitEmpty = true;
  if (traits.noOmitEmpty && !m.optional) f.required = true;
  if (traits.inline) f.inline = true;
  return f;
}

function fillObject(node: SchemaNode, message: CatalogMessage): void {
  const traits = traitsOf(message.name);
  const fields = new Map<string, FieldSchema>();
  const protoFields = new Map<number, FieldSchema>();
  if (traits.typeMeta) for (const f of typeMetaSchema()) fields.set(f.name, f);
  for (const field of message.fields) {
    const f = fieldSchema(field, traits.fields.get(field.name) ?? {});
    protoFields.set(field.id, f);
    if (f.inline && f.node.fields) {
      for (const [name, inner] of f.node.fields) fields.set(name, inner);
    } else {
      fields.set(f.name, f);
    }
  }
  node.fields = fields;
  node.protoFields = protoFields;
  const m = markers(message.comment);
  if (m.atomic !== undefined) node.atomic = m.atomic;
}

/** The schema of a protobuf message by its full name (`k8s.io.api.core.v1.PodSpec`), if it is vendored. */
export function schemaForMessage(name: string): SchemaNode | undefined {
  const full = name.replace(/^\./, '');
  if (!protoCatalog().has(full) && !specialTypes[full]) return undefined;
  return messageNode(full);
}

/** Whether a message is a kind of its own (embeds TypeMeta: its JSON carries `apiVersion` and `kind`). */
export function isKindMessage(name: string): boolean {
  return traitsOf(name).typeMeta;
}

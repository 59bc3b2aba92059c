/**
 * Protobuf message → the JSON object Go's encoder would write for the decoded Go struct. gogo-protobuf writes
 * every non-pointer scalar, so a zero value on the wire is dropped unless the Go field is a pointer (zero is then
 * a real value: `spec.replicas: 0`) or its JSON tag lacks `omitempty`. Message fields present on the wire are kept
 * (`strategy: {}`), zero Times dropped (Go writes `null`), empty lists and maps dropped.
 */
import type { JsonObject } from '../../api/object.js';
import type { FieldSchema, SchemaNode } from '../../api/schema/index.js';
import { formatDuration, formatTime } from './go-json-values.js';
import { WireError, WireReader, WireType } from './wire-reader.js';

const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1';

function goName(field: FieldSchema): string {
  return field.name.charAt(0).toUpperCase() + field.name.slice(1);
}

function expect(wireType: number, want: number, field: FieldSchema): void {
  if (wireType !== want) throw new WireError(`proto: wrong wireType = ${wireType} for field ${goName(field)}`);
}

function isMessage(node: SchemaNode): boolean {
  return node.name !== undefined;
}

function scalarWireType(node: SchemaNode): number {
  switch (node.type) {
    case 'integer':
    case 'boolean':
      return WireType.Varint;
    case 'number':
      return node.format === 'float' ? WireType.Fixed32 : WireType.Fixed64;
    default:
      return WireType.LengthDelimited;
  }
}

function readScalar(node: SchemaNode, r: WireReader): unknown {
  switch (node.type) {
    case 'integer':
      return r.int();
    case 'boolean':
      return r.bool();
    case 'number':
      return node.format === 'float' ? r.float() : r.double();
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    default:
      return r.string();
  }
}

/** The fields of a small message by number, each read by its wire type. */
function readFields(bytes: Uint8Array): Map<number, unknown> {
  const out = new Map<number, unknown>();
  const r = new WireReader(bytes);
  while (!r.done()) {
    const { field, wireType } = r.tag();
    if (wireType === WireType.Varint) out.set(field, r.varint());
    else if (wireType === WireType.LengthDelimited) out.set(field, r.bytes());
    else r.skip(wireType);
  }
  return out;
}

function bigintOf(v: unknown): bigint {
  return typeof v === 'bigint' ? v : 0n;
}
function bytesOf(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array();
}
function textOf(v: unknown): string {
  return Buffer.from(bytesOf(v)).toString('utf8');
}

function rawJson(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A message-typed value; undefined where Go would write nothing or `null`. */
function readMessageValue(node: SchemaNode, bytes: Uint8Array): unknown {
  switch (node.name) {
    case `${meta}.Time`:
    case `${meta}.MicroTime`: {
      const f = readFields(bytes);
      const seconds = Number(BigInt.asIntN(64, bigintOf(f.get(1))));
      const nanos = Number(BigInt.asIntN(64, bigintOf(f.get(2))));
      if (seconds === 0 && nanos === 0) return undefined;
      return formatTime(seconds, nanos, node.name.endsWith('MicroTime'));
    }
    case `${meta}.Duration`:
      return formatDuration(BigInt.asIntN(64, bigintOf(readFields(bytes).get(1))));
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const f = readFields(bytes);
      return bigintOf(f.get(1)) === 1n ? textOf(f.get(3)) : Number(BigInt.asIntN(64, bigintOf(f.get(2))));
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
    case 'k8s.io.apimachinery.pkg.api.resource.QuantityValue':
      return textOf(readFields(bytes).get(1)) || '0';
    case `${meta}.FieldsV1`:
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
      return rawJson(bytesOf(readFields(bytes).get(1)));
    case `${meta}.Verbs`: {
      const items: string[] = [];
      const r = new WireReader(bytes);
      while (!r.done()) {
        const { field, wireType } = r.tag();
        if (field === 1 && wireType === WireType.LengthDelimited) items.push(r.string());
        else r.skip(wireType);
      }
      return items;
    }
  }
  if (node.type === 'object') return decodeMessage(node, bytes);
  return undefined;
}

function readOne(node: SchemaNode, r: WireReader, wireType: number, field: FieldSchema): unknown {
  if (isMessage(node)) {
    expect(wireType, WireType.LengthDelimited, field);
    return readMessageValue(node, r.bytes());
  }
  expect(wireType, scalarWireType(node), field);
  return readScalar(node, r);
}

function zeroOf(node: SchemaNode): unknown {
  if (isMessage(node)) return readMessageValue(node, new Uint8Array());
  switch (node.type) {
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

function readMapEntry(node: SchemaNode, bytes: Uint8Array, field: FieldSchema): [string, unknown] {
  const r = new WireReader(bytes);
  let key = '';
  let value: unknown;
  let seen = false;
  const valueNode = node.elements ?? { type: 'string' };
  while (!r.done()) {
    const { field: n, wireType } = r.tag();
    if (n === 1) {
      expect(wireType, WireType.LengthDelimited, field);
      key = r.string();
    } else if (n === 2) {
      value = readOne(valueNode, r, wireType, field);
      seen = true;
    } else r.skip(wireType);
  }
  return [key, seen ? value : zeroOf(valueNode)];
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** Whether Go's JSON encoder writes this single (non-list) value. */
function keep(field: FieldSchema, v: unknown): boolean {
  if (v === undefined) return false;
  const node = field.node;
  if (node.type === 'int-or-string') return field.pointer === true || !isZero(v);
  if (isMessage(node)) return true;
  return !isZero(v) || field.pointer === true || field.noOmitEmpty === true;
}

/** Decodes one message with its schema (`node.protoFields`); unknown field numbers are skipped. */
export function decodeMessage(node: SchemaNode, bytes: Uint8Array): JsonObject {
  const out: JsonObject = {};
  const lists = new Map<string, unknown[]>();
  const maps = new Map<string, JsonObject>();
  const r = new WireReader(bytes);
  while (!r.done()) {
    const { field: number, wireType } = r.tag();
    const field = node.protoFields?.get(number);
    if (!field) {
      r.skip(wireType);
      continue;
    }
    const fnode = field.node;
    if (fnode.type === 'map' && !isMessage(fnode)) {
      expect(wireType, WireType.LengthDelimited, field);
      const [k, v] = readMapEntry(fnode, r.bytes(), field);
      const m = maps.get(field.name) ?? {};
      maps.set(field.name, m);
      out[field.name] = m;
      // An own property even for a key like `__proto__`, as JSON.parse would make it.
      Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
    } else if (fnode.type === 'array' && !isMessage(fnode)) {
      const item = fnode.elements ?? { type: 'string' };
      const list = lists.get(field.name) ?? [];
      lists.set(field.name, list);
      out[field.name] = list;
      if (
        wireType === WireType.LengthDelimited &&
        !isMessage(item) &&
        scalarWireType(item) !== WireType.LengthDelimited
      ) {
        const packed = new WireReader(r.bytes());
        while (!packed.done()) list.push(readScalar(item, packed));
      } else {
        const v = readOne(item, r, wireType, field);
        if (v !== undefined) list.push(v);
      }
    } else if (field.inline) {
      expect(wireType, WireType.LengthDelimited, field);
      Object.assign(out, decodeMessage(fnode, r.bytes()));
    } else {
      const v = readOne(fnode, r, wireType, field);
      if (keep(field, v)) out[field.name] = v;
      else delete out[field.name];
    }
  }
  for (const [name, list] of lists) if (list.length === 0) delete out[name];
  for (const [name, m] of maps) if (Object.keys(m).length === 0) delete out[name];
  return out;
}

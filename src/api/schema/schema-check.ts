/**
 * Unknown fields and wrong types in a decoded JSON object, found as kube-apiserver's decoder finds them
 * (sigs.k8s.io/json strict decoding into the Go types), with the same field paths and error texts.
 */
import { isJsonObject, type JsonObject } from '../object.js';
import { goStructName, goTypeOf, jsonValueKind } from './go-type-names.js';
import { base64Error, quantityError, rfc3339Error } from './scalar-formats.js';
import type { SchemaNode } from './schema-node.js';

export interface SchemaCheckResult {
  /**
   * Paths of fields the schema does not have, as the strict decoder names them: `spec.templat`,
   * `spec.template.spec.containers[0].imagee`, `metadata.labels` keys as `.key`. At most 100, without repeats.
   */
  unknownFields: string[];
  /**
   * Decoding errors worded as Go words them (`json: cannot unmarshal string into Go struct field
   * DeploymentSpec.spec.replicas of type int32`, quantity and time parse errors). The first one is the one
   * kube-apiserver reports; any type error fails the request whatever the fieldValidation directive.
   */
  typeErrors: string[];
}

export interface SchemaCheckOptions {
  /** Remove unknown fields from the object in place, as decoding into the Go type drops them. */
  prune?: boolean;
}

interface Context {
  /** The Go struct that holds the innermost field, and the JSON names from the root to that field. */
  struct?: string;
  stack: string[];
}

const maxUnknown = 100;
const int32Range = 2 ** 31;

function isInt32(n: number): boolean {
  return n >= -int32Range && n < int32Range;
}

class Aborted extends Error {}

class Checker {
  readonly unknownFields: string[] = [];
  readonly typeErrors: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly prune: boolean) {}

  /** A saved type error: decoding goes on, Go reports the first. */
  private mismatch(value: string, goType: string, ctx: Context): void {
    this.typeErrors.push(
      ctx.struct
        ? `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`
        : `json: cannot unmarshal ${value} into Go value of type ${goType}`,
    );
  }

  /** An error returned by a type's own UnmarshalJSON: it ends decoding and is the error reported. */
  private abort(message: string): never {
    this.typeErrors.unshift(message);
    throw new Aborted();
  }

  private unknown(path: string): void {
    if (this.seen.has(path) || this.unknownFields.length >= maxUnknown) return;
    this.seen.add(path);
    this.unknownFields.push(path);
  }

  walk(node: SchemaNode, value: unknown, path: string, ctx: Context): void {
    if (value === null) return;
    const kind = jsonValueKind(value);
    switch (node.type) {
      case 'object':
        if (isJsonObject(value)) this.walkObject(node, value, path, ctx);
        else this.mismatch(kind, goTypeOf(node), ctx);
        break;
      case 'map':
        if (!isJsonObject(value)) this.mismatch(kind, goTypeOf(node), ctx);
        else if (node.elements)
          for (const [k, v] of Object.entries(value)) this.walk(node.elements, v, `${path}.${k}`, ctx);
        break;
      case 'array':
        if (!Array.isArray(value)) this.mismatch(kind, goTypeOf(node), ctx);
        else if (node.elements) for (const [i, v] of value.entries()) this.walk(node.elements, v, `${path}[${i}]`, ctx);
        break;
      case 'string':
      case 'boolean':
      case 'number':
        if (kind !== (node.type === 'boolean' ? 'bool' : node.type)) this.mismatch(kind, goTypeOf(node), ctx);
        break;
      case 'integer':
        if (typeof value !== 'number') this.mismatch(kind, goTypeOf(node), ctx);
        else if (!Number.isInteger(value) || (node.format === 'int32' && !isInt32(value))) {
          this.mismatch(`number ${value}`, goTypeOf(node), ctx);
        }
        break;
      case 'bytes':
        if (typeof value !== 'string') this.mismatch(kind, '[]uint8', ctx);
        else this.saved(base64Error(value));
        break;
      case 'date-time':
        if (typeof value !== 'string') this.mismatchAbort(kind, 'string', ctx);
        this.abortIf(rfc3339Error(value, node.name?.endsWith('.MicroTime') ?? false));
        break;
      case 'int-or-string':
        if (typeof value === 'string') break;
        if (typeof value !== 'number') this.mismatchAbort(kind, 'int32', ctx);
        if (!Number.isInteger(value) || !isInt32(value)) this.mismatchAbort(`number ${value}`, 'int32', ctx);
        break;
      case 'quantity':
        this.abortIf(
          quantityError(
            typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value),
          ),
        );
        break;
      case 'any':
        break;
    }
  }

  private saved(err: string | undefined): void {
    if (err) this.typeErrors.push(err);
  }

  private abortIf(err: string | undefined): void {
    if (err) this.abort(err);
  }

  /** A type error raised inside a type's UnmarshalJSON (IntOrString, Time): Go adds the field context, then stops. */
  private mismatchAbort(value: string, goType: string, ctx: Context): never {
    this.mismatch(value, goType, ctx);
    const err = this.typeErrors.pop() ?? '';
    return this.abort(err);
  }

  private walkObject(node: SchemaNode, obj: JsonObject, path: string, ctx: Context): void {
    const struct = node.name ? goStructName(node.name) : 'struct';
    for (const [key, v] of Object.entries(obj)) {
      const field = node.fields?.get(key);
      if (!field) {
        if (path === '' && (key === 'apiVersion' || key === 'kind')) continue;
        this.unknown(path ? `${path}.${key}` : key);
        if (this.prune) delete obj[key];
        continue;
      }
      this.walk(field.node, v, path ? `${path}.${key}` : key, { struct, stack: [...ctx.stack, key] });
    }
  }
}

/**
 * Checks a decoded object against a schema (from `schemaForKind`). `apiVersion` and `kind` are allowed at the top
 * whatever the schema. With `prune`, unknown fields are removed from `obj` in place.
 */
export function checkAgainstSchema(
  schema: SchemaNode,
  obj: unknown,
  options: SchemaCheckOptions = {},
): SchemaCheckResult {
  const checker = new Checker(options.prune ?? false);
  try {
    checker.walk(schema, obj, '', { stack: [] });
  } catch (err) {
    if (!(err instanceof Aborted)) throw err;
  }
  return { unknownFields: checker.unknownFields, typeErrors: checker.typeErrors };
}

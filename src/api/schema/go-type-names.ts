/**
 * How Go's JSON decoder names types and JSON values in its errors (`json: cannot unmarshal string into Go struct
 * field DeploymentSpec.spec.replicas of type int32`). Named scalar types (`v1.Protocol`) are shown by their
 * underlying type, which the protos cannot tell apart.
 */
import type { SchemaNode } from './schema-node.js';

/** The Go type of a message: `k8s.io.api.core.v1.PodSpec` → `v1.PodSpec`. */
export function goMessageType(name: string): string {
  const parts = name.split('.');
  const type = parts.at(-1) ?? name;
  const pkg = parts.at(-2) ?? '';
  return pkg ? `${pkg}.${type}` : type;
}

/** The Go struct name of a message (`PodSpec`), as the decoder names the struct holding a field. */
export function goStructName(name: string): string {
  return name.split('.').at(-1) ?? name;
}

/** `reflect.Type.String()` of the Go type behind a schema node. */
export function goTypeOf(node: SchemaNode): string {
  switch (node.type) {
    case 'object':
      return node.name ? goMessageType(node.name) : 'struct';
    case 'array':
      return `[]${node.elements ? goTypeOf(node.elements) : 'interface {}'}`;
    case 'map':
      return `map[string]${node.elements ? goTypeOf(node.elements) : 'interface {}'}`;
    case 'string':
      return 'string';
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return node.format === 'float' ? 'float32' : 'float64';
    case 'boolean':
      return 'bool';
    case 'bytes':
      return '[]uint8';
    case 'date-time':
      return node.name ? goMessageType(node.name) : 'v1.Time';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'any':
      return node.name ? goMessageType(node.name) : 'interface {}';
  }
}

/** How the decoder describes a JSON value it cannot store: `string`, `number`, `bool`, `array`, `object`. */
export function jsonValueKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/**
 * SchemaNodes → OpenAPI 3 `components.schemas`, shaped as kube-apiserver publishes them: one component per
 * protobuf message (`io.k8s.api.core.v1.Pod`), `$ref`s wrapped in `allOf` where the property carries its own
 * description or default, the `x-kubernetes-*` extensions for patching and apply, and
 * `x-kubernetes-group-version-kind` on the kinds.
 */
import type { FieldSchema, SchemaNode } from '../../api/schema/index.js';
import { isKindMessage, schemaForMessage } from '../../api/schema/index.js';

export type OpenApiSchema = { [key: string]: unknown };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** `k8s.io.api.core.v1.Pod` → `io.k8s.api.core.v1.Pod`. */
export function componentName(message: string): string {
  return message.replace(/^k8s\.io\./, 'io.k8s.');
}

export function componentRef(message: string): OpenApiSchema {
  return { $ref: `#/components/schemas/${componentName(message)}` };
}

/** Groups of the proto packages kubeling vendors (package `k8s.io.api.<short>.<version>`). */
const groupOfPackage: Readonly<Record<string, string>> = {
  core: '',
  apps: 'apps',
  batch: 'batch',
  autoscaling: 'autoscaling',
  policy: 'policy',
  networking: 'networking.k8s.io',
  discovery: 'discovery.k8s.io',
  events: 'events.k8s.io',
  coordination: 'coordination.k8s.io',
  rbac: 'rbac.authorization.k8s.io',
};

/** The group-version-kinds a kind message is served as. meta/v1 kinds are listed under `v1` and `extra`. */
export function gvksOfMessage(message: string, extra?: GroupVersionKind): GroupVersionKind[] {
  const parts = message.split('.');
  const kind = parts.at(-1) ?? '';
  const version = parts.at(-2) ?? '';
  if (message.startsWith('k8s.io.apimachinery.pkg.apis.meta.v1.')) {
    const out: GroupVersionKind[] = [{ group: '', version: 'v1', kind }];
    if (extra && extra.group !== '') out.push({ group: extra.group, version: extra.version, kind });
    return out;
  }
  const group = groupOfPackage[parts.at(-3) ?? ''];
  return group === undefined ? [] : [{ group, version, kind }];
}

const specialComponents: Readonly<Record<string, OpenApiSchema>> = {
  'date-time': { type: 'string', format: 'date-time' },
  'int-or-string': {
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  },
  quantity: { oneOf: [{ type: 'string' }, { type: 'number' }] },
  any: { type: 'object' },
  string: { type: 'string' },
};

/** Collects the components a document needs while rendering schemas that refer to them. */
export class ComponentCollector {
  readonly schemas = new Map<string, OpenApiSchema>();
  private readonly pending: string[] = [];

  constructor(private readonly gvkExtra?: GroupVersionKind) {}

  /** A reference to a message's component (rendered later by `drain`). */
  ref(message: string): OpenApiSchema {
    if (!this.schemas.has(componentName(message)) && !this.pending.includes(message)) this.pending.push(message);
    return componentRef(message);
  }

  /** The schema of a value of this node, inline for scalars and containers, a `$ref` for named types. */
  schemaOf(node: SchemaNode, asItem = false): OpenApiSchema {
    if (node.name && schemaForMessage(node.name)) {
      const ref = this.ref(node.name);
      return asItem && node.type === 'object' ? { allOf: [ref], default: {} } : ref;
    }
    switch (node.type) {
      case 'array':
        return { type: 'array', items: node.elements ? this.schemaOf(node.elements, true) : {} };
      case 'map':
        return { type: 'object', additionalProperties: node.elements ? this.schemaOf(node.elements, true) : {} };
      case 'integer':
      case 'number':
        return node.format ? { type: node.type, format: node.format } : { type: node.type };
      case 'bytes':
        return { type: 'string', format: 'byte' };
      case 'boolean':
        return { type: 'boolean' };
      case 'string':
        return asItem ? { type: 'string', default: '' } : { type: 'string' };
      default:
        return { type: 'object' };
    }
  }

  private property(field: FieldSchema): OpenApiSchema {
    let p = this.schemaOf(field.node);
    const wrap = typeof p.$ref === 'string';
    if (wrap) {
      p = { allOf: [p] };
      if (field.node.type === 'object' && !field.pointer) p.default = {};
    }
    if (field.description) p.description = field.description;
    if (field.listType) p['x-kubernetes-list-type'] = field.listType;
    if (field.listMapKeys) p['x-kubernetes-list-map-keys'] = field.listMapKeys;
    if (field.atomic !== undefined && field.node.type === 'map') {
      p['x-kubernetes-map-type'] = field.atomic ? 'atomic' : 'granular';
    }
    if (field.patchMergeKey) p['x-kubernetes-patch-merge-key'] = field.patchMergeKey;
    if (field.patchStrategy) p['x-kubernetes-patch-strategy'] = field.patchStrategy;
    return p;
  }

  private component(message: string): OpenApiSchema {
    const node = schemaForMessage(message);
    if (!node) return { type: 'object' };
    const out: OpenApiSchema = {};
    if (node.description) out.description = node.description;
    if (node.type !== 'object') {
      const special =
        specialComponents[node.type] ??
        (node.type === 'array' && node.elements
          ? { type: 'array', items: this.schemaOf(node.elements, true) }
          : { type: 'object' });
      return { ...out, ...special };
    }
    out.type = 'object';
    const names = [...(node.fields?.keys() ?? [])].sort();
    if (names.length > 0) {
      const properties: OpenApiSchema = {};
      for (const name of names) {
        const field = node.fields?.get(name);
        if (field) properties[name] = this.property(field);
      }
      out.properties = properties;
    }
    const required = names.filter((n) => node.fields?.get(n)?.required);
    if (required.length > 0) out.required = required;
    if (isKindMessage(message)) {
      const gvks = gvksOfMessage(message, this.gvkExtra);
      if (gvks.length > 0) out['x-kubernetes-group-version-kind'] = gvks;
    }
    if (node.atomic) out['x-kubernetes-map-type'] = 'atomic';
    return out;
  }

  /** Renders every referenced component, following references until none is missing. */
  drain(): void {
    for (let message = this.pending.shift(); message !== undefined; message = this.pending.shift()) {
      const name = componentName(message);
      if (!this.schemas.has(name)) this.schemas.set(name, this.component(message));
    }
  }

  /** The components, sorted by name. */
  sorted(): Record<string, OpenApiSchema> {
    return Object.fromEntries([...this.schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

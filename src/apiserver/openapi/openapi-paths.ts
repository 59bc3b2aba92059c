/**
 * OpenAPI 3 `paths` of one group-version, from the resource registry: collection and item paths per resource
 * (namespaced ones under `/namespaces/{namespace}/`, plus the all-namespaces list), and the status, scale,
 * binding and finalize subresources. Each operation names its kind (`x-kubernetes-group-version-kind`, which
 * `kubectl explain` looks up) and write operations declare `fieldValidation` (kubectl ≥1.29 then sends
 * `fieldValidation=Strict`).
 */
import { apiVersionOf, type ResourceInfo, type SubresourceInfo, type Verb } from '../../api/registry.js';
import { messageForKind } from '../../api/schema/index.js';
import { parameters as p } from './openapi-parameters.js';
import type { ComponentCollector, GroupVersionKind, OpenApiSchema } from './openapi-schemas.js';

const metaV1 = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const mediaTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const patchTypes = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
/** Subresources with an object body; connect-style ones (log, exec, proxy, …) are not described. */
const describedSubresources = new Set(['status', 'scale', 'binding', 'finalize', 'eviction']);

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `networking.k8s.io` → `Networking`, `rbac.authorization.k8s.io` → `RbacAuthorization`, `` → `Core`. */
function groupWord(group: string): string {
  if (!group) return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map(upperFirst)
    .join('');
}

export function tagOf(group: string, version: string): string {
  const word = groupWord(group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${version}`;
}

function content(schema: OpenApiSchema, types: readonly string[] = mediaTypes): OpenApiSchema {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function responses(codes: Record<string, OpenApiSchema>): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [code, schema] of Object.entries(codes)) {
    out[code] = {
      description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK',
      content: content(schema),
    };
  }
  out['401'] = { description: 'Unauthorized' };
  return out;
}

interface Target {
  r: ResourceInfo;
  gvk: GroupVersionKind;
  /** Message of the body/response (the resource's kind, or the subresource's). */
  message: string;
  tag: string;
  /** `NamespacedPod`, `NamespacedDeploymentScale`, `Namespace`. */
  noun: string;
}

type Operations = Record<string, OpenApiSchema>;

function op(t: Target, action: string, verb: string, description: string, extra: OpenApiSchema): OpenApiSchema {
  return {
    tags: [t.tag],
    description,
    operationId: `${verb}${groupWord(t.r.group)}${upperFirst(t.r.version)}${t.noun}`,
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': t.gvk,
  };
}

function itemOperations(t: Target, verbs: readonly Verb[], c: ComponentCollector, sub?: string): Operations {
  const ref = c.ref(t.message);
  const what = sub ? `${sub} of the specified ${t.r.kind}` : `the specified ${t.gvk.kind}`;
  const ops: Operations = {};
  if (verbs.includes('get')) ops.get = op(t, 'get', 'read', `read ${what}`, { responses: responses({ 200: ref }) });
  if (verbs.includes('update')) {
    ops.put = op(t, 'put', 'replace', `replace ${what}`, {
      parameters: [p.dryRun, p.fieldManager, p.fieldValidation],
      requestBody: { content: { '*/*': { schema: ref } }, required: true },
      responses: responses({ 200: ref, 201: ref }),
    });
  }
  if (verbs.includes('patch')) {
    ops.patch = op(t, 'patch', 'patch', `partially update ${what}`, {
      parameters: [p.dryRun, p.fieldManager, p.fieldValidation, p.force],
      requestBody: { content: content(c.ref(`${metaV1}.Patch`), patchTypes), required: true },
      responses: responses({ 200: ref, 201: ref }),
    });
  }
  if (verbs.includes('create')) {
    ops.post = op(t, 'post', 'create', `create ${what}`, {
      parameters: [p.dryRun, p.fieldManager, p.fieldValidation],
      requestBody: { content: { '*/*': { schema: ref } }, required: true },
      responses: responses({ 200: ref, 201: ref, 202: ref }),
    });
  }
  if (!sub && verbs.includes('delete')) {
    const status = c.ref(`${metaV1}.Status`);
    ops.delete = op(t, 'delete', 'delete', `delete ${what}`, {
      parameters: [p.dryRun, p.gracePeriodSeconds, p.orphanDependents, p.propagationPolicy],
      requestBody: { content: { '*/*': { schema: c.ref(`${metaV1}.DeleteOptions`) } } },
      responses: responses({ 200: status, 202: status }),
    });
  }
  return ops;
}

function listOperation(t: Target, c: ComponentCollector): OpenApiSchema {
  return op(t, 'list', 'list', `list or watch objects of kind ${t.r.kind}`, {
    parameters: p.list,
    responses: responses({ 200: c.ref(`${t.message}List`) }),
  });
}

function collectionOperations(t: Target, c: ComponentCollector): Operations {
  const { r } = t;
  const ops: Operations = {};
  if (r.verbs.includes('list')) ops.get = listOperation(t, c);
  const post = r.verbs.includes('create') ? itemOperations(t, ['create'], c).post : undefined;
  if (post) ops.post = post;
  if (r.verbs.includes('deletecollection')) {
    const collection: Target = { ...t, noun: t.noun.replace(/^(Namespaced)?/, 'Collection$1') };
    ops.delete = op(collection, 'deletecollection', 'delete', `delete collection of ${r.kind}`, {
      parameters: [
        ...p.list.filter((x) => x !== p.watch),
        p.dryRun,
        p.gracePeriodSeconds,
        p.orphanDependents,
        p.propagationPolicy,
      ],
      requestBody: { content: { '*/*': { schema: c.ref(`${metaV1}.DeleteOptions`) } } },
      responses: responses({ 200: c.ref(`${metaV1}.Status`) }),
    });
  }
  return ops;
}

function pathItem(ops: Operations, pathParams: OpenApiSchema[]): OpenApiSchema {
  return { ...ops, parameters: [...pathParams, p.pretty] };
}

function subTarget(r: ResourceInfo, s: SubresourceInfo, base: Target): Target | undefined {
  const apiVersion = s.group ? `${s.group}/${s.version}` : s.version;
  const message = messageForKind(apiVersion, s.kind);
  if (!message) return undefined;
  return {
    ...base,
    gvk: { group: s.group, version: s.version, kind: s.kind },
    message,
    noun: `${base.noun}${upperFirst(s.name)}`,
    r,
  };
}

/** The paths of one resource, added to `out`. */
export function addResourcePaths(out: Record<string, OpenApiSchema>, r: ResourceInfo, c: ComponentCollector): void {
  const message = messageForKind(apiVersionOf(r), r.kind);
  if (!message) return;
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const scope = r.namespaced ? '/namespaces/{namespace}' : '';
  const base: Target = {
    r,
    gvk: { group: r.group, version: r.version, kind: r.kind },
    message,
    tag: tagOf(r.group, r.version),
    noun: `${r.namespaced ? 'Namespaced' : ''}${r.kind}`,
  };
  const scopeParams = r.namespaced ? [p.namespace] : [];
  const nameParam = p.name(r.kind);
  const collection = collectionOperations(base, c);
  if (Object.keys(collection).length > 0) out[`${root}${scope}/${r.resource}`] = pathItem(collection, scopeParams);
  const item = itemOperations(
    base,
    r.verbs.filter((v) => v !== 'create'),
    c,
  );
  if (Object.keys(item).length > 0)
    out[`${root}${scope}/${r.resource}/{name}`] = pathItem(item, [nameParam, ...scopeParams]);
  if (r.namespaced && r.verbs.includes('list')) {
    out[`${root}/${r.resource}`] = pathItem(
      { get: listOperation({ ...base, noun: `${r.kind}ForAllNamespaces` }, c) },
      [],
    );
  }
  for (const s of r.subresources) {
    if (!describedSubresources.has(s.name)) continue;
    const t = subTarget(r, s, base);
    if (!t) continue;
    const ops = itemOperations(t, s.verbs, c, s.name);
    if (Object.keys(ops).length > 0) {
      out[`${root}${scope}/${r.resource}/{name}/${s.name}`] = pathItem(ops, [p.name(s.kind), ...scopeParams]);
    }
  }
}

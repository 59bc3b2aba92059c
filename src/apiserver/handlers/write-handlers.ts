/** POST, PUT, PATCH and DELETE of resources and their status / scale / binding / finalize subresources. */

import type { ApiRequest, ApiResponse } from '../../api/http-types.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../../api/object.js';
import { apiVersionOf } from '../../api/registry.js';
import { schemaForKind } from '../../api/schema/index.js';
import { badRequest, StatusError } from '../../api/status-error.js';
import {
  admitObjectShape,
  decodeObjectBody,
  type FieldValidation,
  parseFieldValidation,
  parseStructured,
} from '../body-decoder.js';
import type { DeleteOptions, ResourceRegistry, WriteOptions } from '../generic-registry.js';
import { type BodyType, bodyTypeOf } from '../negotiation.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, serverSideApply } from '../patch/index.js';

export interface WriteContext {
  now: () => Date;
}

function writeOptions(req: ApiRequest): WriteOptions {
  const opts: WriteOptions = {};
  const dryRun = req.query.getAll('dryRun');
  if (dryRun.length > 0) {
    if (dryRun.some((d) => d !== 'All')) throw badRequest(`Invalid dry run value: ${dryRun.join(', ')}`);
    opts.dryRun = true;
  }
  const manager = req.query.get('fieldManager') ?? defaultManager(req.header('user-agent'));
  if (manager) opts.fieldManager = manager;
  return opts;
}

/** Kubernetes derives a manager name from the User-Agent when the request names none. */
function defaultManager(userAgent: string | undefined): string {
  return (userAgent ?? 'unknown').split('/')[0]?.slice(0, 128) ?? 'unknown';
}

function requireBodyType(req: ApiRequest, allowed: BodyType[]): BodyType {
  const type = bodyTypeOf(req.header('content-type'));
  if (!type || !allowed.includes(type)) {
    throw new StatusError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${allowedTypes(allowed)}`,
    );
  }
  return type;
}

function allowedTypes(types: BodyType[]): string {
  const names: Record<BodyType, string> = {
    json: 'application/json',
    yaml: 'application/yaml',
    protobuf: 'application/vnd.kubernetes.protobuf',
    'json-patch': 'application/json-patch+json',
    'merge-patch': 'application/merge-patch+json',
    'strategic-merge-patch': 'application/strategic-merge-patch+json',
    'apply-patch': 'application/apply-patch+yaml',
  };
  return types.map((t) => names[t]).join(', ');
}

function sendWarnings(res: ApiResponse, warnings: string[]): void {
  for (const w of warnings) res.addWarning(w);
}

/** The object of a POST or PUT body (JSON, YAML or protobuf), checked against the kind's schema. */
async function readObjectBody(registry: ResourceRegistry, req: ApiRequest) {
  const type = requireBodyType(req, ['json', 'yaml', 'protobuf']);
  const validation = parseFieldValidation(req.query.get('fieldValidation'));
  return decodeObjectBody(registry.info, await req.readBody(), type, validation);
}

export async function handleCreate(
  registry: ResourceRegistry,
  namespace: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const { object, warnings } = await readObjectBody(registry, req);
  const created = await registry.create(namespace, object, writeOptions(req));
  sendWarnings(res, warnings);
  res.sendJson(201, created);
}

export async function handleUpdate(
  registry: ResourceRegistry,
  namespace: string,
  name: string,
  subresource: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const { object, warnings } = await readObjectBody(registry, req);
  const opts = { ...writeOptions(req), ...(subresource ? { subresource } : {}) };
  let result: { object: KubeObject; created: boolean };
  if (subresource === 'finalize') {
    const finalizers = (object.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    result = await registry.guaranteedUpdate(
      namespace,
      name,
      (current) => {
        if (!current) throw badRequest('missing object');
        current.spec = { ...(current.spec as object), finalizers };
        if (object.metadata.resourceVersion) current.metadata.resourceVersion = object.metadata.resourceVersion;
        return current;
      },
      writeOptions(req),
    );
  } else {
    result = await registry.update(namespace, name, object, opts);
  }
  sendWarnings(res, warnings);
  res.sendJson(result.created ? 201 : 200, result.object);
}

function parsePatchBody(body: Buffer, type: BodyType): unknown {
  if (body.length === 0) throw badRequest('the body of the request was empty');
  return parseStructured(body, type === 'apply-patch' ? 'apply-patch' : 'json');
}

/** Applies a patch document of the given type to `current` (undefined only for server-side apply). */
export function applyPatch(
  registry: ResourceRegistry,
  current: KubeObject | undefined,
  patch: unknown,
  type: BodyType,
  opts: {
    manager: string;
    force: boolean;
    now: Date;
    validation: FieldValidation;
    warnings: string[];
    subresource?: string;
  },
): KubeObject {
  const info = registry.info;
  const apiVersion = apiVersionOf(info);
  const schema = schemaForKind(apiVersion, info.kind);
  let result: unknown;
  if (type === 'apply-patch') {
    if (!isJsonObject(patch)) throw badRequest('invalid apply patch: the patch must be an object');
    const shaped = admitObjectShape(info, structuredClone(patch), opts.validation);
    opts.warnings.push(...shaped.warnings);
    result = serverSideApply(current, shaped.object, {
      manager: opts.manager,
      force: opts.force,
      apiVersion,
      now: opts.now,
      kind: info.kind,
      ...(schema ? { schema } : {}),
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    }).object;
  } else {
    if (!current) throw badRequest('cannot patch a missing object');
    if (type === 'json-patch') {
      if (!Array.isArray(patch))
        throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      result = applyJsonPatch(current, patch);
    } else {
      if (!isJsonObject(patch)) throw badRequest('invalid JSON Patch');
      result =
        type === 'merge-patch' || !schema
          ? applyMergePatch(current, patch as JsonObject)
          : applyStrategicMergePatch(current as JsonObject, patch as JsonObject, schema);
    }
    const shaped = admitObjectShape(info, result, opts.validation);
    opts.warnings.push(...shaped.warnings);
    result = shaped.object;
  }
  return result as KubeObject;
}

export async function handlePatch(
  ctx: WriteContext,
  registry: ResourceRegistry,
  namespace: string,
  name: string,
  subresource: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const type = requireBodyType(req, ['json-patch', 'merge-patch', 'strategic-merge-patch', 'apply-patch']);
  const validation = parseFieldValidation(req.query.get('fieldValidation'));
  const patch = parsePatchBody(await req.readBody(), type);
  const opts = writeOptions(req);
  const force = req.query.get('force') === 'true';
  if (type === 'apply-patch' && !req.query.get('fieldManager')) {
    throw badRequest(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const warnings: string[] = [];
  const result = await registry.guaranteedUpdate(
    namespace,
    name,
    (current) =>
      applyPatch(registry, current, patch, type, {
        manager: opts.fieldManager ?? 'unknown',
        force,
        now: ctx.now(),
        validation,
        warnings,
        ...(subresource ? { subresource } : {}),
      }),
    {
      // Server-side apply keeps managedFields itself; the registry records only the other writes.
      ...(type === 'apply-patch' ? { ...(opts.dryRun ? { dryRun: true } : {}) } : opts),
      ...(subresource ? { subresource } : {}),
      createIfMissing: type === 'apply-patch' && !subresource,
    },
  );
  sendWarnings(res, [...new Set(warnings)]);
  res.sendJson(result.created ? 201 : 200, result.object);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** DeleteOptions from the body (kubectl sends one) and the query string. */
export async function readDeleteOptions(req: ApiRequest): Promise<DeleteOptions> {
  const body = await req.readBody();
  let parsed: JsonObject = {};
  if (body.length > 0) {
    const value = parseStructured(body, 'json');
    if (!isJsonObject(value)) throw badRequest('DeleteOptions must be an object');
    parsed = value;
  }
  const opts: DeleteOptions = {};
  const grace =
    num(parsed.gracePeriodSeconds) ??
    (req.query.get('gracePeriodSeconds') ? Number(req.query.get('gracePeriodSeconds')) : undefined);
  if (grace !== undefined) {
    if (!Number.isInteger(grace)) throw badRequest('gracePeriodSeconds must be an integer');
    opts.gracePeriodSeconds = grace;
  }
  const policy = parsed.propagationPolicy ?? req.query.get('propagationPolicy') ?? undefined;
  const orphan = parsed.orphanDependents ?? req.query.get('orphanDependents');
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw new StatusError(
        'Invalid',
        `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      );
    }
    opts.propagationPolicy = policy;
  } else if (orphan === true || orphan === 'true') {
    opts.propagationPolicy = 'Orphan';
  }
  const pre = parsed.preconditions;
  if (isJsonObject(pre)) {
    opts.preconditions = {};
    if (typeof pre.uid === 'string') opts.preconditions.uid = pre.uid;
    if (typeof pre.resourceVersion === 'string') opts.preconditions.resourceVersion = pre.resourceVersion;
  }
  const dryRun = Array.isArray(parsed.dryRun) ? parsed.dryRun : req.query.getAll('dryRun');
  if (dryRun.includes('All')) opts.dryRun = true;
  return opts;
}

/** Kinds whose DELETE answers with the object (as kube-apiserver's REST storage does for them). */
const returnsDeletedObject = new Set(['pods', 'services', 'namespaces']);

export async function handleDelete(
  registry: ResourceRegistry,
  namespace: string,
  name: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const opts = await readDeleteOptions(req);
  const { object, deleted } = await registry.delete(namespace, name, opts);
  if (!deleted || returnsDeletedObject.has(registry.info.resource)) {
    res.sendJson(deleted ? 200 : 202, object);
    return;
  }
  const details: Record<string, unknown> = { name, kind: registry.info.resource, uid: object.metadata.uid };
  if (registry.info.group) details.group = registry.info.group;
  res.sendJson(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

export async function handleDeleteCollection(
  registry: ResourceRegistry,
  namespace: string,
  filter: (obj: KubeObject) => boolean,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const opts = await readDeleteOptions(req);
  const listed = await registry.store.list(registry.prefix(namespace));
  const items: KubeObject[] = [];
  for (const kv of listed.items) {
    const obj = registry.decode(kv);
    if (!filter(obj)) continue;
    try {
      items.push((await registry.delete(obj.metadata.namespace ?? '', obj.metadata.name ?? '', opts)).object);
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
    }
  }
  const info = registry.info;
  res.sendJson(200, {
    kind: info.listKind,
    apiVersion: apiVersionOf(info),
    metadata: { resourceVersion: String(listed.revision) },
    items,
  });
}

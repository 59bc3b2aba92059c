/**
 * Server-side apply (`application/apply-patch+yaml`), as kube-apiserver's FieldManager runs it: the applied
 * configuration is merged into the live object (or into nothing, to create it) by the schema's list keys;
 * the manager then owns exactly the fields it applied; fields it applied before and dropped are removed unless
 * another manager owns them; changing a field another manager owns is a 409 Conflict unless `force`.
 */

import type { SchemaNode } from '../../api/schema/schema-node.js';
import { badRequest, StatusError } from '../../api/status-error.js';
import { applyConflictError } from './apply-conflicts.js';
import type { Path } from './field-path.js';
import { ApplyConflicts, applyManaged, type UpdaterContext } from './field-updater.js';
import { cloneJson, isObject, type JsonObject } from './json-value.js';
import { fieldsFromLastApplied, kubectlApplyManager, unforgivenConflicts, updateLastApplied } from './last-applied.js';
import { capUpdateManagers, storeManagedFields, stripMeta, trackUpdate, updaterContext } from './managed-fields.js';
import {
  decodeManagedFields,
  formatTime,
  type Managed,
  type ManagedFieldsEntry,
  managerIdentifier,
} from './managed-fields-codec.js';
import { TypedValueError } from './typed-fieldset.js';
import { zeroObject } from './zero-value.js';

export interface ServerSideApplyOptions {
  /** The `fieldManager` query parameter (required for apply). */
  manager: string;
  /** The `force` query parameter. */
  force: boolean;
  /** The endpoint's group/version, e.g. `apps/v1`. */
  apiVersion: string;
  now: Date;
  /** SchemaNode of the kind (list keys, atomic markers); without it lists are atomic. */
  schema?: SchemaNode | undefined;
  /** The endpoint's kind; defaults to the live object's kind. */
  kind?: string | undefined;
  /** e.g. `status` when applying to a subresource. */
  subresource?: string | undefined;
  /** Paths this endpoint's writes never own (default: `status`, or `spec` for the status subresource). */
  resetFields?: Path[] | undefined;
}

export interface ServerSideApplyResult {
  /** The merged object with its new managedFields (identity fields such as uid are the caller's). */
  object: JsonObject;
  /** True when there was no live object. */
  created: boolean;
}

function gvkString(apiVersion: unknown, kind: unknown): string {
  const gv = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = gv.indexOf('/');
  const group = slash >= 0 ? gv.slice(0, slash) : '';
  const version = slash >= 0 ? gv.slice(slash + 1) : gv;
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

function withoutManagedFields(obj: JsonObject): JsonObject {
  const copy = cloneJson(obj);
  if (isObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

function describe(obj: JsonObject, opts: ServerSideApplyOptions): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  const name = typeof meta.name === 'string' ? meta.name : '';
  return `${ns}/${name}; ${gvkString(opts.apiVersion, obj.kind)}`;
}

/**
 * Applies `applied` (the decoded apply-patch body) as `opts.manager` to `live` (undefined: create).
 * Errors: 400 for a wrong apiVersion/kind or a body carrying managedFields, 409 Conflict with
 * `FieldManagerConflict` causes, 500 for a body the schema rejects (duplicate list keys...).
 */
export function serverSideApply(
  live: JsonObject | undefined,
  applied: JsonObject,
  opts: ServerSideApplyOptions,
): ServerSideApplyResult {
  const kind = opts.kind ?? live?.kind ?? applied.kind;
  if (applied.apiVersion !== opts.apiVersion || applied.kind !== kind) {
    throw badRequest(`invalid object type: ${gvkString(applied.apiVersion, applied.kind)}`);
  }
  let managed: Managed;
  try {
    managed = decodeManagedFields(
      isObject(live?.metadata) ? (live.metadata.managedFields as ManagedFieldsEntry[] | undefined) : undefined,
    );
  } catch (err) {
    throw new StatusError(
      'InternalError',
      `failed to decode managed fields: ${(err as Error).message}`,
      undefined,
      500,
    );
  }
  if (isObject(applied.metadata) && Array.isArray(applied.metadata.managedFields)) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const liveObj = live ? withoutManagedFields(live) : {};
  const ctx = updaterContext(opts.apiVersion, opts.subresource, opts);
  if (managed.fields.size === 0) {
    const before = managerIdentifier({
      manager: 'before-first-apply',
      operation: 'Update',
      apiVersion: opts.apiVersion,
    });
    trackUpdate(ctx, managed, zeroObject(opts.schema), liveObj, before, opts.now);
    capUpdateManagers(managed);
  }
  const id = managerIdentifier({ manager: opts.manager, operation: 'Apply', subresource: opts.subresource });
  const { merged, record } = applyWithLastApplied(ctx, liveObj, applied, managed, id, opts);
  stripMeta(record, id);
  let object: JsonObject;
  if (merged === undefined) {
    object = liveObj;
  } else {
    object = merged;
    record.times.set(id, formatTime(opts.now));
  }
  if (opts.manager === kubectlApplyManager) updateLastApplied(object, applied);
  storeManagedFields(object, record);
  return { object, created: live === undefined };
}

function applyWithLastApplied(
  ctx: UpdaterContext,
  live: JsonObject,
  applied: JsonObject,
  managed: Managed,
  id: string,
  opts: ServerSideApplyOptions,
): { merged: JsonObject | undefined; record: Managed } {
  const attempt = (force: boolean) => {
    const record = copyManaged(managed);
    try {
      const merged = applyManaged(ctx, live, applied, record, id, force) as JsonObject | undefined;
      return { merged, record };
    } catch (err) {
      if (err instanceof TypedValueError) {
        throw new StatusError(
          'InternalError',
          `failed to create typed patch object (${describe(applied, opts)}): ${err.message}`,
          undefined,
          500,
        );
      }
      throw err;
    }
  };
  try {
    return attempt(opts.force);
  } catch (err) {
    if (!(err instanceof ApplyConflicts)) throw err;
    if (opts.manager !== kubectlApplyManager) throw applyConflictError(err.conflicts);
    const allowed = fieldsFromLastApplied(live, opts.apiVersion, ctx.type);
    if (!allowed) throw applyConflictError(err.conflicts);
    const remaining = unforgivenConflicts(err.conflicts, allowed);
    if (remaining) throw applyConflictError(remaining);
    return attempt(true);
  }
}

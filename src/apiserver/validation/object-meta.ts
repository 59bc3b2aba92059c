/**
 * ObjectMeta on create and update (k8s.io/apimachinery `pkg/api/validation/objectmeta.go`, with the extra
 * finalizer check of kubernetes' core validation, which every built-in kind goes through).
 */
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { type BadValue, fieldImmutableErrorMsg, forbidden, invalid, required, tooLong } from './field-errors.js';
import { child, index } from './field-path.js';
import { go, goPointer, goQuote, goSlice, goStringSlice, goStruct } from './go-syntax.js';
import { validateAnnotations, validateLabels } from './labels.js';
import { isQualifiedName, type NameValidator, nameIsDNSLabel } from './names.js';

type OwnerReference = NonNullable<ObjectMeta['ownerReferences']>[number];
type ManagedFieldsEntry = NonNullable<ObjectMeta['managedFields']>[number];

export const isNegativeErrorMsg = 'must be greater than or equal to 0';

/** `Invalid value: <v>: must be greater than or equal to 0` for negative numbers. */
export function validateNonnegative(value: number | null | undefined, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, isNegativeErrorMsg)] : [];
}

function goOwnerReference(r: OwnerReference): string {
  return goStruct('v1.OwnerReference', [
    ['APIVersion', goQuote(r.apiVersion ?? '')],
    ['Kind', goQuote(r.kind ?? '')],
    ['Name', goQuote(r.name ?? '')],
    ['UID', goQuote(r.uid ?? '')],
    ['Controller', goPointer('bool', r.controller !== undefined && r.controller !== null)],
    ['BlockOwnerDeletion', goPointer('bool', r.blockOwnerDeletion !== undefined && r.blockOwnerDeletion !== null)],
  ]);
}

function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return undefined;
}

export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const r of refs ?? []) {
    const gv = parseGroupVersion(r.apiVersion ?? '') ?? { group: '', version: '' };
    if (gv.version === '')
      errs.push(invalid(child(field, 'apiVersion'), r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(invalid(child(field, 'kind'), r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(invalid(child(field, 'name'), r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(invalid(child(field, 'uid'), r.uid ?? '', 'uid must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && r.kind === 'Event') {
      errs.push(invalid(field, go(goOwnerReference(r)), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (r.controller === true) {
      const name = `${r.kind ?? ''}/${r.name ?? ''}`;
      if (firstController === '') {
        firstController = name;
      } else {
        const all = go(goSlice('v1.OwnerReference', (refs ?? []).map(goOwnerReference)));
        errs.push(
          invalid(
            field,
            all,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      }
    }
  }
  return errs;
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** A finalizer name must be qualified; unprefixed ones must be one of Kubernetes' own. */
export function validateKubeFinalizerName(name: string, field: string): FieldError[] {
  if (!name.includes('/') && !standardFinalizers.has(name)) {
    return [invalid(field, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

export function validateFinalizerName(name: string, field: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(field, name, msg));
}

function validateFinalizers(finalizers: readonly string[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers) errs.push(...validateFinalizerName(f, field));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(
      invalid(field, go(goStringSlice(finalizers)), 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
  return errs;
}

function validateFieldManager(manager: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(manager) > 128) errs.push(tooLong(field, 128));
  let position = 0;
  for (const ch of manager) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) {
      const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      errs.push(invalid(field, manager, `invalid character ${hex} (at position ${position})`));
    }
    position += Buffer.byteLength(ch);
  }
  return errs;
}

export function validateManagedFields(entries: readonly ManagedFieldsEntry[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const p = index(field, i);
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      errs.push(invalid(child(p, 'operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (e.fieldsType && e.fieldsType !== 'FieldsV1') {
      errs.push(invalid(child(p, 'fieldsType'), e.fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(e.manager ?? '', child(p, 'manager')));
    if (Buffer.byteLength(e.subresource ?? '') > 256) errs.push(tooLong(child(p, 'subresource'), 256));
  });
  return errs;
}

function kubeFinalizers(meta: ObjectMeta, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (meta.finalizers ?? []).forEach((f, i) => {
    errs.push(...validateKubeFinalizerName(f, index(child(field, 'finalizers'), i)));
  });
  return errs;
}

/**
 * ObjectMeta of a new object: name (or generateName) per `nameFn`, namespace presence and format, labels,
 * annotations, owner references, finalizers and managed fields.
 */
export function validateObjectMeta(
  meta: ObjectMeta,
  requiresNamespace: boolean,
  nameFn: NameValidator,
  field = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameFn(meta.generateName, true)) {
      errs.push(invalid(child(field, 'generateName'), meta.generateName, msg));
    }
  }
  if (!meta.name) errs.push(required(child(field, 'name'), 'name or generateName is required'));
  else for (const msg of nameFn(meta.name, false)) errs.push(invalid(child(field, 'name'), meta.name, msg));
  if (requiresNamespace) {
    if (!meta.namespace) errs.push(required(child(field, 'namespace')));
    else {
      for (const msg of nameIsDNSLabel(meta.namespace, false)) {
        errs.push(invalid(child(field, 'namespace'), meta.namespace, msg));
      }
    }
  } else if (meta.namespace) {
    errs.push(forbidden(child(field, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(meta.generation, child(field, 'generation')));
  errs.push(...validateLabels(meta.labels, child(field, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(field, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(field, 'ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers ?? [], child(field, 'finalizers')));
  errs.push(...validateManagedFields(meta.managedFields, child(field, 'managedFields')));
  errs.push(...kubeFinalizers(meta, field));
  return errs;
}

/** Go's `time.Time.String()` of an RFC 3339 timestamp, in UTC (`2024-05-01 10:00:00 +0000 UTC`). */
export function goTimeString(ts: string | undefined): string {
  const d = ts ? new Date(ts) : undefined;
  if (!d || Number.isNaN(d.getTime())) return '0001-01-01 00:00:00 +0000 UTC';
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}

function immutable(newVal: BadValue, same: boolean, field: string): FieldError[] {
  return same ? [] : [invalid(field, newVal, fieldImmutableErrorMsg)];
}

/** `ValidateImmutableField` for JSON values: compared structurally, reported with the new value. */
export function validateImmutable(newVal: unknown, oldVal: unknown, render: BadValue, field: string): FieldError[] {
  return immutable(render, JSON.stringify(newVal ?? null) === JSON.stringify(oldVal ?? null), field);
}

/** ObjectMeta of an update: immutable identity fields, no new finalizers while deleting, and the create checks. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, field = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const before = new Set(old.finalizers ?? []);
    const extra = [...new Set((meta.finalizers ?? []).filter((f) => !before.has(f)))].sort();
    if (extra.length > 0) {
      errs.push(
        forbidden(
          child(field, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
    }
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) {
    errs.push(invalid(child(field, 'generation'), meta.generation ?? 0, 'must not be decremented'));
  }
  errs.push(...immutable(meta.name ?? '', (meta.name ?? '') === (old.name ?? ''), child(field, 'name')));
  errs.push(
    ...immutable(meta.namespace ?? '', (meta.namespace ?? '') === (old.namespace ?? ''), child(field, 'namespace')),
  );
  errs.push(...immutable(meta.uid ?? '', (meta.uid ?? '') === (old.uid ?? ''), child(field, 'uid')));
  const created = goTimeString(meta.creationTimestamp);
  errs.push(
    ...immutable(go(created), created === goTimeString(old.creationTimestamp), child(field, 'creationTimestamp')),
  );
  const deleting = meta.deletionTimestamp ? go(goTimeString(meta.deletionTimestamp)) : null;
  const sameDeletion =
    (meta.deletionTimestamp ? goTimeString(meta.deletionTimestamp) : null) ===
    (old.deletionTimestamp ? goTimeString(old.deletionTimestamp) : null);
  errs.push(...immutable(deleting, sameDeletion, child(field, 'deletionTimestamp')));
  errs.push(
    ...immutable(
      meta.deletionGracePeriodSeconds ?? null,
      (meta.deletionGracePeriodSeconds ?? null) === (old.deletionGracePeriodSeconds ?? null),
      child(field, 'deletionGracePeriodSeconds'),
    ),
  );
  errs.push(...validateLabels(meta.labels, child(field, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(field, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(field, 'ownerReferences')));
  errs.push(...validateManagedFields(meta.managedFields, child(field, 'managedFields')));
  errs.push(...kubeFinalizers(meta, field));
  return errs;
}

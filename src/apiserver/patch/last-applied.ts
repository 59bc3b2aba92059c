/**
 * kubectl's client-side-apply annotation in server-side apply (apimachinery `lastappliedmanager.go`,
 * `lastappliedupdater.go`), only for the field manager `kubectl`:
 * - conflicts are forgiven for fields whose live value still equals the last-applied configuration, so that
 *   `kubectl apply --server-side` can take over objects managed with client-side apply;
 * - when the object carries the annotation, it is rewritten to the newly applied configuration.
 */

import type { FieldSet } from './field-set.js';
import type { Conflict } from './field-updater.js';
import { goJson } from './go-format.js';
import { cloneJson, getOwn, isObject, type JsonObject } from './json-value.js';
import { compareValues } from './typed-compare.js';
import { toFieldSet } from './typed-fieldset.js';
import type { TypeRef } from './typed-schema.js';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** The only field manager whose applies interact with the annotation. */
export const kubectlApplyManager = 'kubectl';

function annotationsOf(obj: JsonObject): JsonObject | undefined {
  const meta = obj.metadata;
  if (!isObject(meta)) return undefined;
  return isObject(meta.annotations) ? meta.annotations : undefined;
}

function lastApplied(obj: JsonObject): string | undefined {
  const value = getOwn(annotationsOf(obj) ?? {}, lastAppliedAnnotation);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The fields of the live object that still have the value the last client-side apply gave them, or undefined
 * when the object has no usable annotation.
 */
export function fieldsFromLastApplied(live: JsonObject, apiVersion: string, type: TypeRef): FieldSet | undefined {
  const text = lastApplied(live);
  if (!text) return undefined;
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(applied) || applied.apiVersion !== apiVersion) return undefined;
  try {
    const cmp = compareValues(applied, live, type);
    return toFieldSet(applied, type).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
  } catch {
    return undefined;
  }
}

/** Splits conflicts into "all forgiven" (undefined) or the ones that remain. */
export function unforgivenConflicts(conflicts: readonly Conflict[], allowed: FieldSet): Conflict[] | undefined {
  const remaining = conflicts.filter((c) => !allowed.has(c.path));
  return remaining.length === 0 ? undefined : remaining;
}

/** Sets the annotation of `result` to `applied` (without the annotation itself), if `result` has one. */
export function updateLastApplied(result: JsonObject, applied: JsonObject): void {
  if (!lastApplied(result)) return;
  const config = cloneJson(applied);
  const configAnnotations = annotationsOf(config);
  if (configAnnotations) delete configAnnotations[lastAppliedAnnotation];
  const annotations = annotationsOf(result);
  if (annotations) annotations[lastAppliedAnnotation] = `${goJson(config)}\n`;
}

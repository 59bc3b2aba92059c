/**
 * Strategic merge patch errors (apimachinery `pkg/util/mergepatch/errors.go`), with the HTTP status that
 * kube-apiserver's `interpretStrategicMergePatchError` gives them: malformed directives are 400, lists of
 * lists are 422, anything else is the bare error (500).
 */

import type { StatusError } from '../../api/status-error.js';
import { goValue } from './go-format.js';
import { jsonKind } from './json-value.js';
import { patchBadRequest, patchFailure, patchNotApplicable } from './patch-errors.js';

export const badPatchFormatForPrimitiveList = (): StatusError =>
  patchBadRequest('invalid patch format of primitive list');
export const badPatchFormatForRetainKeys = (): StatusError => patchBadRequest('invalid patch format of retainKeys');
export const badPatchFormatForSetElementOrderList = (): StatusError =>
  patchBadRequest('invalid patch format of setElementOrder list');
export const noListOfLists = (): StatusError => patchNotApplicable();

export function smpFailure(message: string): StatusError {
  return patchFailure(message);
}

export function noMergeKey(item: unknown, mergeKey: string): StatusError {
  return patchFailure(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
}

/** The Go type name `reflect.TypeOf` prints for a decoded JSON value. */
export function goTypeName(v: unknown): string {
  switch (jsonKind(v)) {
    case 'object':
      return 'map[string]interface {}';
    case 'array':
      return '[]interface {}';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    default:
      return '%!s(<nil>)';
  }
}

/** `mergepatch.ErrBadArgType`: expected is 'map' or 'slice'. */
export function badArgType(expected: 'map' | 'slice', actual: unknown): StatusError {
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return patchFailure(`expected a ${want}, but received a ${goTypeName(actual)}`);
}

export function badPatchType(directive: unknown, patch: unknown): StatusError {
  return patchFailure(`unknown patch type: ${String(directive)} in map: ${goValue(patch)}`);
}

/**
 * Constructors for field errors, mirroring Go's `field.Required`, `field.Invalid`, ... so that
 * `fieldErrorMessage` renders exactly what kube-apiserver 1.33 sends.
 *
 * Values Go prints with `%#v` (maps, slices, structs) cannot be carried as `badValue` (status-error renders
 * those as JSON), so they travel pre-rendered in `detail` with `badValue` left out; the rendered message is
 * the same.
 */
import type { FieldError } from '../../api/status-error.js';
import { GoSyntax, goQuote } from './go-syntax.js';

/** A bad value: a JSON scalar (rendered like Go's `%q` / `%v`), or Go syntax for anything else. */
export type BadValue = string | number | boolean | null | undefined | GoSyntax;

function withValue(type: FieldError['type'], field: string, value: BadValue, detail: string): FieldError {
  if (value instanceof GoSyntax) {
    return { type, field, detail: detail ? `${value.text}: ${detail}` : value.text };
  }
  if (typeof value === 'string' && goQuote(value) !== JSON.stringify(value)) {
    const text = goQuote(value);
    return { type, field, detail: detail ? `${text}: ${detail}` : text };
  }
  const e: FieldError = { type, field, badValue: value ?? null };
  if (detail) e.detail = detail;
  return e;
}

/** `Required value[: detail]`. */
export function required(field: string, detail = ''): FieldError {
  const e: FieldError = { type: 'FieldValueRequired', field };
  if (detail) e.detail = detail;
  return e;
}

/** `Invalid value: <value>[: detail]`. */
export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return withValue('FieldValueInvalid', field, value, detail);
}

/** `Unsupported value: <value>: supported values: "a", "b"`. */
export function notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
  if (value instanceof GoSyntax || (typeof value === 'string' && goQuote(value) !== JSON.stringify(value))) {
    const list = supported.length > 0 ? `supported values: ${supported.map((v) => goQuote(v)).join(', ')}` : '';
    return withValue('FieldValueNotSupported', field, value, list);
  }
  const e: FieldError = { type: 'FieldValueNotSupported', field, badValue: value ?? null };
  if (supported.length > 0) e.supported = [...supported];
  return e;
}

/** `Duplicate value: <value>`. */
export function duplicate(field: string, value: BadValue, detail = ''): FieldError {
  return withValue('FieldValueDuplicate', field, value, detail);
}

/** `Not found: <value>`. */
export function notFound(field: string, value: BadValue, detail = ''): FieldError {
  return withValue('FieldValueNotFound', field, value, detail);
}

/** `Forbidden[: detail]`. */
export function forbidden(field: string, detail: string): FieldError {
  const e: FieldError = { type: 'FieldValueForbidden', field };
  if (detail) e.detail = detail;
  return e;
}

/** `Too long: may not be more than N bytes` (the value is never shown). */
export function tooLong(field: string, maxLength: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    detail: maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long',
  };
}

/**
 * `Too many: <actual>: must have at most N items`. Go 1.33 shows the count; status-error omits values of
 * TooMany errors, so the count travels in the detail.
 */
export function tooMany(field: string, actual: number, max: number): FieldError {
  const limit = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return { type: 'FieldValueTooMany', field, detail: actual >= 0 ? `${actual}: ${limit}` : limit };
}

/** `Internal error: detail`. */
export function internalError(field: string, detail: string): FieldError {
  return { type: 'InternalError', field, detail };
}

/** Go's `ValidateImmutableField`: `Invalid value: <new>: field is immutable` when the values differ. */
export const fieldImmutableErrorMsg = 'field is immutable';

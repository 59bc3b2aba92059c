/**
 * The `fieldValidation` step of kube-apiserver's create/update/patch handlers: decode errors fail with 400
 * BadRequest whatever the directive; unknown and duplicate fields fail under `Strict`, become one `Warning` per
 * field under `Warn` (the default), and are dropped silently under `Ignore`.
 */
import type { JsonObject } from '../object.js';
import { badRequest, type StatusError } from '../status-error.js';
import { type StrictJsonError, strictErrorText, strictJsonErrors } from './json-strict-scan.js';
import { checkAgainstSchema } from './schema-check.js';
import type { SchemaNode } from './schema-node.js';

export type FieldValidationDirective = 'Strict' | 'Warn' | 'Ignore';

export interface FieldValidationInput {
  /** The kind and apiVersion the body was decoded as (the body's own, defaulted from the endpoint). */
  apiVersion: string;
  kind: string;
  /** The endpoint's kind, if it differs from `kind` (Go names both: `X in version "v1" cannot be handled as a Y`). */
  targetKind?: string;
  schema: SchemaNode;
  /** The decoded body; unknown fields are removed from it in place unless the directive is Strict. */
  object: JsonObject;
  directive: FieldValidationDirective;
  /** The raw JSON text, when the body was JSON: duplicates are then found too, in document order. */
  jsonText?: string;
}

/** `Deployment in version "v1" cannot be handled as a Deployment: <detail>` (transformDecodeError). */
export function cannotBeHandled(apiVersion: string, kind: string, detail: string, targetKind = kind): StatusError {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${targetKind}: ${detail}`);
}

/**
 * Applies a fieldValidation directive to a decoded body. Returns the warnings to send as `Warning: 299 - "<text>"`
 * headers; throws the StatusError kube-apiserver would answer with.
 */
export function validateFields(input: FieldValidationInput): { warnings: string[] } {
  const { apiVersion, kind, schema, object, directive } = input;
  const target = input.targetKind ?? kind;
  const result = checkAgainstSchema(schema, object, { prune: directive !== 'Strict' });
  const firstTypeError = result.typeErrors[0];
  if (firstTypeError !== undefined) throw cannotBeHandled(apiVersion, kind, firstTypeError, target);
  const strict: StrictJsonError[] =
    input.jsonText !== undefined
      ? strictJsonErrors(input.jsonText, schema)
      : result.unknownFields.map((path) => ({ type: 'unknown field', path }));
  if (strict.length === 0 || directive === 'Ignore') return { warnings: [] };
  const texts = strict.map(strictErrorText);
  if (directive === 'Strict') {
    throw cannotBeHandled(apiVersion, kind, `strict decoding error: ${texts.join(', ')}`, target);
  }
  return { warnings: texts };
}

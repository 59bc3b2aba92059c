/**
 * Turns a request body into an object of the endpoint's kind, as kube-apiserver's decoders do: JSON, YAML or
 * protobuf; apiVersion/kind checked against the endpoint; unknown fields rejected (fieldValidation=Strict),
 * reported as warnings and dropped (Warn, the default) or dropped silently (Ignore).
 */
import { parse as parseYaml } from 'yaml';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/object.js';
import { apiVersionOf, type ResourceInfo } from '../api/registry.js';
import { schemaForKind, validateFields } from '../api/schema/index.js';
import { badRequest, StatusError } from '../api/status-error.js';
import type { BodyType } from './negotiation.js';
import { decodeProtobufBody } from './protobuf/index.js';

export const maxBodyBytes = 3 * 1024 * 1024;

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '' || value === 'Warn') return 'Warn';
  if (value === 'Strict' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation parameter unsupported: ${value}`);
}

/** Parses JSON or YAML text into a JSON value; malformed input is a 400, never a crash. */
export function parseStructured(body: Buffer, type: BodyType): unknown {
  const text = body.toString('utf8');
  if (type === 'yaml' || type === 'apply-patch') {
    try {
      return parseYaml(text, { version: '1.1', uniqueKeys: true });
    } catch (err) {
      throw badRequest(
        `error converting YAML to JSON: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      );
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(
      `couldn't get version/kind; json parse error: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export interface DecodedObject {
  object: KubeObject;
  warnings: string[];
}

/** Checks a decoded value against the kind's schema and the endpoint's group-version-kind. */
export function admitObjectShape(
  info: ResourceInfo,
  value: unknown,
  validation: FieldValidation,
  expectKind: { apiVersion: string; kind: string } = { apiVersion: apiVersionOf(info), kind: info.kind },
  /** The JSON text the value came from: duplicate fields are reported from it, in document order. */
  jsonText?: string,
): DecodedObject {
  if (!isJsonObject(value)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(value)}'`);
  }
  const obj = value as JsonObject;
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  if (apiVersion && apiVersion !== expectKind.apiVersion) {
    throw badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (${expectKind.apiVersion})`,
    );
  }
  if (kind && kind !== expectKind.kind) {
    throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${expectKind.kind})`);
  }
  if (obj.metadata !== undefined && !isJsonObject(obj.metadata)) {
    throw badRequest(
      `${expectKind.kind} in version "${expectKind.apiVersion.split('/').pop()}" cannot be handled as a ${expectKind.kind}: json: cannot unmarshal ${typeof obj.metadata} into Go struct field ${expectKind.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  const schema = schemaForKind(expectKind.apiVersion, expectKind.kind);
  const warnings = schema
    ? validateFields({
        apiVersion: expectKind.apiVersion,
        kind: expectKind.kind,
        schema,
        object: obj,
        directive: validation,
        ...(jsonText !== undefined ? { jsonText } : {}),
      }).warnings
    : [];
  obj.metadata ??= {};
  return { object: obj as KubeObject, warnings };
}

/** Decodes a create/update body of any supported media type. */
export function decodeObjectBody(
  info: ResourceInfo,
  body: Buffer,
  type: BodyType,
  validation: FieldValidation,
  expectKind?: { apiVersion: string; kind: string },
): DecodedObject {
  if (body.length === 0) throw badRequest('the body of the request was empty');
  const expect = expectKind ?? { apiVersion: apiVersionOf(info), kind: info.kind };
  if (type === 'protobuf') {
    const decoded = decodeProtobufBody(body, expect);
    const value = { ...decoded.object, apiVersion: decoded.apiVersion, kind: decoded.kind };
    return admitObjectShape(info, value, validation, expect);
  }
  if (type !== 'json' && type !== 'yaml') {
    throw new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format`);
  }
  const value = parseStructured(body, type);
  return admitObjectShape(info, value, validation, expect, type === 'json' ? body.toString('utf8') : undefined);
}

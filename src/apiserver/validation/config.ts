/** ConfigMaps, Secrets and ServiceAccounts (kubernetes core validation). */
import type { ConfigMap, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { fieldImmutableErrorMsg, forbidden, invalid, required, tooLong } from './field-errors.js';
import { key } from './field-path.js';
import { byteLength, isConfigMapKey, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

/** The most data a Secret or ConfigMap may hold: 1 MiB. */
export const maxSecretSize = 1024 * 1024;

function meta(o: { metadata?: unknown }): ObjectMeta {
  return (o.metadata ?? {}) as ObjectMeta;
}

function decodedLength(b64: string): number {
  return Buffer.from(b64, 'base64').length;
}

function keyErrors(k: string, field: string): FieldError[] {
  return isConfigMapKey(k).map((msg) => invalid(key(field, k), k, msg));
}

/** Go's `encoding/json` message for a document that does not decode into a JSON object. */
function jsonObjectError(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed === '') return 'unexpected end of JSON input';
    return `invalid character '${trimmed[0]}' looking for beginning of value`;
  }
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** Secret data after `stringData` is merged in, as the apiserver sees it (values as bytes). */
function secretData(s: Secret): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(s.data ?? {})) out.set(k, Buffer.from(String(v), 'base64'));
  for (const [k, v] of Object.entries(s.stringData ?? {})) out.set(k, Buffer.from(String(v), 'utf8'));
  return out;
}

export function validateSecret(s: Secret): FieldError[] {
  const errs = validateObjectMeta(meta(s), true, nameIsDNSSubdomain);
  const data = secretData(s);
  let total = 0;
  for (const k of [...data.keys()].sort()) {
    errs.push(...keyErrors(k, 'data'));
    total += data.get(k)?.length ?? 0;
  }
  if (total > maxSecretSize) errs.push(tooLong('data', maxSecretSize));
  const need = (k: string): void => {
    errs.push(required(key('data', k)));
  };
  switch (s.type ?? '') {
    case 'kubernetes.io/service-account-token':
      if (!s.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const k = s.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const bytes = data.get(k);
      if (!bytes) {
        need(k);
        break;
      }
      const err = jsonObjectError(bytes);
      if (err) errs.push(invalid(key('data', k), '<secret contents redacted>', err));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!data.has('username') && !data.has('password')) {
        need('username');
        need('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((data.get('ssh-privatekey')?.length ?? 0) === 0) need('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      if (!data.has('tls.crt')) need('tls.crt');
      if (!data.has('tls.key')) need('tls.key');
      break;
  }
  return errs;
}

function sameMap(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const x = a ?? {};
  const y = b ?? {};
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && x[k] === y[k]);
}

const immutableWhenSet = 'field is immutable when `immutable` is set';

export function validateSecretUpdate(s: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(s), meta(old));
  if ((s.type ?? '') !== (old.type ?? '')) errs.push(invalid('type', s.type ?? '', fieldImmutableErrorMsg));
  if (old.immutable === true) {
    if (s.immutable !== true) errs.push(forbidden('immutable', immutableWhenSet));
    const now = Object.fromEntries([...secretData(s)].map(([k, v]) => [k, v.toString('base64')]));
    const before = Object.fromEntries([...secretData(old)].map(([k, v]) => [k, v.toString('base64')]));
    if (!sameMap(now, before)) errs.push(forbidden('data', immutableWhenSet));
  }
  return [...errs, ...validateSecret(s)];
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(meta(cm), true, nameIsDNSSubdomain);
  let total = 0;
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  for (const k of Object.keys(data).sort()) {
    errs.push(...keyErrors(k, 'data'));
    if (Object.hasOwn(binary, k)) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += byteLength(String(data[k]));
  }
  for (const k of Object.keys(binary).sort()) {
    errs.push(...keyErrors(k, 'binaryData'));
    total += decodedLength(String(binary[k]));
  }
  if (total > maxSecretSize) errs.push(tooLong('', maxSecretSize));
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(meta(cm), meta(old));
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden('immutable', immutableWhenSet));
    if (!sameMap(cm.data, old.data)) errs.push(forbidden('data', immutableWhenSet));
    if (!sameMap(cm.binaryData, old.binaryData)) errs.push(forbidden('binaryData', immutableWhenSet));
  }
  return [...errs, ...validateConfigMap(cm)];
}

export function validateServiceAccount(sa: ServiceAccount): FieldError[] {
  return validateObjectMeta(meta(sa), true, nameIsDNSSubdomain);
}

export function validateServiceAccountUpdate(sa: ServiceAccount, old: ServiceAccount): FieldError[] {
  return [...validateObjectMetaUpdate(meta(sa), meta(old)), ...validateServiceAccount(sa)];
}

/** List and watch query parameters: selectors, paging. */
import { checkFieldSelector, fieldValue, parseFieldSelector } from '../api/field-selector.js';
import { parseLabelSelector } from '../api/labels/index.js';
import type { KubeObject } from '../api/object.js';
import type { ResourceInfo } from '../api/registry.js';
import { badRequest, StatusError } from '../api/status-error.js';

export type ObjectFilter = (obj: KubeObject) => boolean;

/** Builds the filter of `labelSelector` and `fieldSelector`; bad selectors are 400s. */
export function selectorFilter(info: ResourceInfo, query: URLSearchParams, namespace: string): ObjectFilter {
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  const labels = labelText ? parseLabelSelector(labelText) : undefined;
  const fields = fieldText ? checkFieldSelector(parseFieldSelector(fieldText), info.group, info.kind) : undefined;
  return (obj) => {
    if (namespace && info.namespaced && obj.metadata.namespace !== namespace) return false;
    if (labels && !labels.matches(obj.metadata.labels ?? {})) return false;
    if (fields && !fields.matches((path: string) => fieldValue(obj, path))) return false;
    return true;
  };
}

export interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string')
      return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through
  }
  throw new StatusError(
    'BadRequest',
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

export function parseLimit(value: string | null): number {
  if (value === null || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw badRequest(`limit: Invalid value: "${value}": must be a non-negative integer`);
  return n;
}

export function parseTimeoutSeconds(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw badRequest(`invalid timeoutSeconds: ${value}`);
  return n;
}

/**
 * Field selectors (`?fieldSelector=`) as apimachinery's `pkg/fields` parses them, the field labels each kind
 * supports (the field label conversion functions of kube-apiserver) and the values those fields have on an
 * object (the registries' `ToSelectableFields`).
 */
import type { KubeObject } from './object.js';
import { badRequest } from './status-error.js';

export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  /** `==` parses as `=`. */
  readonly operator: FieldOperator;
  /** Unescaped. */
  readonly value: string;
}

/** Reads one field of the object being matched; undefined counts as the empty string, as upstream. */
export type FieldGetter = (field: string) => string | undefined;

/** A parsed field selector: requirements ANDed, in the order of their sorted terms. Immutable. */
export class FieldSelectorMatcher {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  matches(get: FieldGetter): boolean {
    return this.requirements.every((r) => {
      const actual = get(r.field) ?? '';
      return r.operator === '=' ? actual === r.value : actual !== r.value;
    });
  }

  /** Matches an object through fieldValue. */
  matchesObject(obj: KubeObject): boolean {
    return this.matches((field) => fieldValue(obj, field));
  }

  /** True when the selector selects everything. */
  empty(): boolean {
    return this.requirements.length === 0;
  }

  /** The value `field` must equal, if the selector pins it (`metadata.name=x`); for index lookups. */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  /** The canonical string form: `a=b,c!=d` with values escaped. */
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

/** `fields.EscapeValue`: prefixes `\`, `,` and `=` with a backslash. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** `fields.UnescapeValue`; throws a 400 BadRequest StatusError with the upstream message. */
export function unescapeFieldValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped; the escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `fields.ParseSelector`: comma-separated `field=value`, `field==value` or `field!=value` terms, values
 * escaped with `\`. Throws a 400 BadRequest StatusError with the upstream message.
 */
export function parseFieldSelector(s: string): FieldSelectorMatcher {
  const requirements: FieldRequirement[] = [];
  for (const part of splitTerms(s).sort(compareBytes)) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (term === undefined) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const value = unescapeFieldValue(term.rhs);
    requirements.push({ field: term.lhs, operator: term.op === '!=' ? '!=' : '=', value });
  }
  return new FieldSelectorMatcher(requirements);
}

/** `fields.SelectorFromSet`: every field equal to its value. */
export function fieldSelectorFromSet(set: Readonly<Record<string, string>>): FieldSelectorMatcher {
  const requirements = Object.entries(set).map(([field, value]): FieldRequirement => ({ field, operator: '=', value }));
  return new FieldSelectorMatcher(requirements);
}

/**
 * Rejects a selector that uses a field outside `allowed`, as a kind's field label conversion function does:
 * 400 BadRequest `field label not supported: <field>` for the first such field.
 */
export function validateFieldSelectorFields(matcher: FieldSelectorMatcher, allowed: readonly string[]): void {
  const unsupported = matcher.requirements.find((r) => !allowed.includes(r.field));
  if (unsupported) throw badRequest(`field label not supported: ${unsupported.field}`);
}

const meta = ['metadata.name', 'metadata.namespace'];
const eventFields = ['reason', 'source', 'type', ...meta];

/** The field labels kube-apiserver accepts per `group/kind` (kinds with their own conversion function). */
const fieldLabels: Readonly<Record<string, readonly string[]>> = {
  '/Pod': [
    ...meta,
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
    'spec.host',
  ],
  '/Node': ['metadata.name', 'spec.unschedulable'],
  '/Namespace': ['status.phase', 'metadata.name'],
  '/Secret': ['type', ...meta],
  '/Service': [...meta, 'spec.clusterIP', 'spec.type'],
  '/ReplicationController': [...meta, 'status.replicas'],
  '/Event': [
    ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map(
      (f) => `involvedObject.${f}`,
    ),
    'reportingComponent',
    ...eventFields,
  ],
  'events.k8s.io/Event': [
    ...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => `regarding.${f}`),
    'reportingController',
    ...eventFields,
  ],
};

/** The field labels a kind supports; undefined for kinds that support only metadata.name and metadata.namespace. */
export function fieldLabelsFor(group: string, kind: string): readonly string[] | undefined {
  return fieldLabels[`${group}/${kind}`];
}

/**
 * Checks a selector against what kube-apiserver allows for the kind and returns it with upstream's renames
 * (`spec.host` is `spec.nodeName` for pods). Kinds without their own list fail with the generic message
 * `"<field>" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 */
export function checkFieldSelector(matcher: FieldSelectorMatcher, group: string, kind: string): FieldSelectorMatcher {
  const allowed = fieldLabelsFor(group, kind);
  if (allowed === undefined) {
    const unknown = matcher.requirements.find((r) => !meta.includes(r.field));
    if (unknown) {
      throw badRequest(`"${unknown.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    return matcher;
  }
  validateFieldSelectorFields(matcher, allowed);
  if (group !== '' || kind !== 'Pod') return matcher;
  return new FieldSelectorMatcher(
    matcher.requirements.map((r) => (r.field === 'spec.host' ? { ...r, field: 'spec.nodeName' } : r)),
  );
}

function walk(obj: unknown, path: readonly string[]): unknown {
  let at = obj;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Fields whose upstream value is a formatted Go zero value when the object leaves them out. */
const zeroValues: Readonly<Record<string, string>> = {
  'spec.hostNetwork': 'false',
  'spec.unschedulable': 'false',
  'status.replicas': '0',
};

/**
 * The value of a selectable field on an object, as the registries compute it: `status.podIP` is the first of
 * `status.podIPs`, booleans print as `true`/`false`, `source` of a core Event is `source.component` (of an
 * events.k8s.io Event, `deprecatedSource.component`), `name` of a Namespace is its name. Other paths are
 * read as dotted paths; undefined when absent or not a scalar.
 */
export function fieldValue(obj: KubeObject, path: string): string | undefined {
  switch (path) {
    case 'status.podIP': {
      const first = scalar(walk(obj, ['status', 'podIPs', '0', 'ip'])) ?? scalar(walk(obj, ['status', 'podIP']));
      return first ?? '';
    }
    case 'source':
      return obj.apiVersion === 'events.k8s.io/v1'
        ? scalar(walk(obj, ['deprecatedSource', 'component']))
        : scalar(walk(obj, ['source', 'component']));
    case 'name':
      if (obj.kind === 'Namespace') return obj.metadata.name;
      break;
    case 'status.podIPs':
      return undefined;
  }
  return scalar(walk(obj, path.split('.'))) ?? zeroValues[path];
}

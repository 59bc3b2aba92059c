/**
 * Labels, annotations and label selectors (k8s.io/apimachinery `pkg/apis/meta/v1/validation` and
 * `pkg/api/validation`). Map keys are visited in sorted order (Go's order is random).
 */
import type { FieldError } from '../../api/status-error.js';
import { forbidden, invalid, required, tooLong } from './field-errors.js';
import { child, index } from './field-path.js';
import { byteLength, isQualifiedName, isValidLabelValue } from './names.js';

export type StringMap = Readonly<Record<string, string>>;

/** A label key: a qualified name. */
export function validateLabelName(name: string, field: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(field, name, msg));
}

/** Label keys and values; errors carry the map's path (`metadata.labels`), not the key's. */
export function validateLabels(labels: StringMap | null | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    errs.push(...validateLabelName(k, field));
    const v = String(labels?.[k] ?? '');
    for (const msg of isValidLabelValue(v)) errs.push(invalid(field, v, msg));
  }
  return errs;
}

/** The total size of annotations (keys and values) may not exceed 256 KiB. */
export const totalAnnotationSizeLimitB = 256 * 1024;

export function validateAnnotations(annotations: StringMap | null | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, msg));
    total += byteLength(k) + byteLength(String(annotations?.[k] ?? ''));
  }
  if (total > totalAnnotationSizeLimitB) errs.push(tooLong(field, totalAnnotationSizeLimitB));
  return errs;
}

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export interface LabelSelectorOptions {
  /** Tolerate values that are not valid label values (kept for objects stored before validation tightened). */
  allowInvalidLabelValueInSelector?: boolean;
}

const setOperators = new Set(['In', 'NotIn']);
const existsOperators = new Set(['Exists', 'DoesNotExist']);

export function validateLabelSelectorRequirement(
  r: LabelSelectorRequirement,
  opts: LabelSelectorOptions,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  const op = r.operator ?? '';
  if (setOperators.has(op)) {
    if (values.length === 0) {
      errs.push(required(child(field, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    }
  } else if (existsOperators.has(op)) {
    if (values.length > 0) {
      errs.push(
        forbidden(child(field, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      );
    }
  } else {
    errs.push(invalid(child(field, 'operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(r.key ?? '', child(field, 'key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(index(child(field, 'values'), i), v, msg));
    });
  }
  return errs;
}

/** A meta/v1 LabelSelector (absent is valid). */
export function validateLabelSelector(
  selector: LabelSelector | null | undefined,
  opts: LabelSelectorOptions,
  field: string,
): FieldError[] {
  if (!selector) return [];
  const errs = validateLabels(selector.matchLabels, child(field, 'matchLabels'));
  (selector.matchExpressions ?? []).forEach((r, i) => {
    errs.push(...validateLabelSelectorRequirement(r, opts, index(child(field, 'matchExpressions'), i)));
  });
  return errs;
}

/**
 * A selector ready to match, as Go's `metav1.LabelSelectorAsSelector` builds it: an absent selector matches
 * nothing, an empty one everything, and a malformed one is an error.
 */
export type CompiledSelector =
  | { kind: 'nothing' }
  | { kind: 'everything' }
  | { kind: 'invalid' }
  | {
      kind: 'requirements';
      requirements: readonly Required<Omit<LabelSelectorRequirement, 'values'>>[];
      values: string[][];
    };

export function compileLabelSelector(selector: LabelSelector | null | undefined): CompiledSelector {
  if (!selector) return { kind: 'nothing' };
  const labels = selector.matchLabels ?? {};
  const exprs = selector.matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) return { kind: 'everything' };
  const requirements: { key: string; operator: string }[] = [];
  const values: string[][] = [];
  for (const k of Object.keys(labels).sort()) {
    const v = String(labels[k]);
    if (isQualifiedName(k).length > 0 || isValidLabelValue(v).length > 0) return { kind: 'invalid' };
    requirements.push({ key: k, operator: 'In' });
    values.push([v]);
  }
  for (const e of exprs) {
    const op = e.operator ?? '';
    const vals = e.values ?? [];
    if (isQualifiedName(e.key ?? '').length > 0) return { kind: 'invalid' };
    if (setOperators.has(op) && vals.length === 0) return { kind: 'invalid' };
    if (existsOperators.has(op) && vals.length > 0) return { kind: 'invalid' };
    if (!setOperators.has(op) && !existsOperators.has(op)) return { kind: 'invalid' };
    if (vals.some((v) => isValidLabelValue(v).length > 0)) return { kind: 'invalid' };
    requirements.push({ key: e.key ?? '', operator: op });
    values.push([...vals]);
  }
  return { kind: 'requirements', requirements, values };
}

/** Whether a compiled selector selects a set of labels (`invalid` and `nothing` select nothing). */
export function selectorMatches(selector: CompiledSelector, labels: StringMap | null | undefined): boolean {
  if (selector.kind === 'everything') return true;
  if (selector.kind !== 'requirements') return false;
  const set = labels ?? {};
  return selector.requirements.every((r, i) => {
    const vals = selector.values[i] ?? [];
    const has = Object.hasOwn(set, r.key);
    const v = set[r.key];
    switch (r.operator) {
      case 'In':
        return has && vals.includes(String(v));
      case 'NotIn':
        return !has || !vals.includes(String(v));
      case 'Exists':
        return has;
      default:
        return !has;
    }
  });
}

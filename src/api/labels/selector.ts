/**
 * Label selectors: the `?labelSelector=` string form, the `metav1.LabelSelector` object form and plain label
 * sets, all turned into one matcher with apimachinery's semantics (`labels.Selector`).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { badRequest } from '../status-error.js';
import { parseRequirementsOrBadRequest, SelectorParseError, sortByKey } from './parser.js';
import {
  aggregateFieldErrors,
  compareGo,
  type LabelOperator,
  type LabelRequirement,
  type Labels,
  requirementErrors,
  requirementMatches,
  requirementString,
} from './requirement.js';

/** A parsed label selector. Immutable. */
export class LabelSelectorMatcher {
  /**
   * @param requirements ANDed, sorted by key.
   * @param nothing true for the selector that matches no object (a nil `metav1.LabelSelector`).
   */
  constructor(
    readonly requirements: readonly LabelRequirement[],
    readonly nothing = false,
  ) {}

  /** True when the labels satisfy every requirement. */
  matches(labels: Labels): boolean {
    if (this.nothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels));
  }

  /** True when the selector selects everything (no requirement). */
  empty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }

  /** The value a key must have (`k=v`, `k==v`, `k in (v)`), if the selector pins it; for index lookups. */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((req) => req.key === key);
    if (r === undefined || r.values.length !== 1) return undefined;
    return r.operator === '=' || r.operator === '==' || r.operator === 'in' ? r.values[0] : undefined;
  }

  /** The canonical string form (`labels.Selector.String()`): `a=b,c in (d,e),!f`; `''` for everything and nothing. */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

const everythingSelector = new LabelSelectorMatcher([]);
const nothingSelector = new LabelSelectorMatcher([], true);

/** The selector that matches every object. */
export function everything(): LabelSelectorMatcher {
  return everythingSelector;
}

/** The selector that matches no object. */
export function nothing(): LabelSelectorMatcher {
  return nothingSelector;
}

/**
 * Parses `?labelSelector=` as kube-apiserver does (`labels.Parse`). Throws a 400 BadRequest StatusError with
 * the upstream message, e.g. `unable to parse requirement: found '', expected: '('`.
 */
export function parseLabelSelector(s: string): LabelSelectorMatcher {
  const requirements = parseRequirementsOrBadRequest(s);
  return requirements.length === 0 ? everythingSelector : new LabelSelectorMatcher(requirements);
}

/** `labels.SelectorFromSet`: every label of the set must be present with that value. No validation. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): LabelSelectorMatcher {
  const requirements = Object.entries(set ?? {}).map(
    ([key, value]): LabelRequirement => ({ key, operator: '=', values: [value] }),
  );
  return requirements.length === 0 ? everythingSelector : new LabelSelectorMatcher(sortByKey(requirements));
}

const operatorOfExpression: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * `metav1.LabelSelectorAsSelector`: undefined/null selects nothing, `{}` selects everything, otherwise
 * matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) ANDed. Throws a 400 BadRequest
 * StatusError with the upstream message when the selector is invalid.
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): LabelSelectorMatcher {
  const result = tryLabelSelectorFromObject(sel);
  if (result instanceof SelectorParseError) throw badRequest(result.message);
  return result;
}

function tryLabelSelectorFromObject(sel: LabelSelector | null | undefined): LabelSelectorMatcher | SelectorParseError {
  if (sel === undefined || sel === null) return nothingSelector;
  const matchLabels = Object.entries(sel.matchLabels ?? {});
  const expressions = sel.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return everythingSelector;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of matchLabels) {
    const errs = requirementErrors(key, '=', [value]);
    if (errs.length > 0) return new SelectorParseError(aggregateFieldErrors(errs));
    requirements.push({ key, operator: '=', values: [value] });
  }
  for (const expr of expressions) {
    const operator = operatorOfExpression[expr.operator];
    if (operator === undefined)
      return new SelectorParseError(`"${expr.operator}" is not a valid label selector operator`);
    const values = [...(expr.values ?? [])];
    const errs = requirementErrors(expr.key, operator, values, values.length === 0 ? null : values);
    if (errs.length > 0) return new SelectorParseError(aggregateFieldErrors(errs));
    requirements.push({ key: expr.key, operator, values });
  }
  return new LabelSelectorMatcher(sortByKey(requirements));
}

/** `metav1.FormatLabelSelector`: the string form, `<none>` when it is empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  const result = tryLabelSelectorFromObject(sel);
  if (result instanceof SelectorParseError) return '<error>';
  return result.toString() || '<none>';
}

/**
 * `LabelSelectorAsSelector(selector).String()`: requirements sorted by key, `''` for a missing or empty selector,
 * undefined when the selector is invalid.
 */
export function labelSelectorString(sel: LabelSelector | null | undefined): string | undefined {
  if (sel === undefined || sel === null) return '';
  const result = tryLabelSelectorFromObject(sel);
  return result instanceof SelectorParseError ? undefined : result.toString();
}

/** `labels.FormatLabels`: `a=1,b=2` with keys sorted, or `<none>`. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels ?? {}).sort(compareGo);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

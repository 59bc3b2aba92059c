/**
 * Label and label-selector formatting as apimachinery prints them: `labels.FormatLabels`,
 * `metav1.LabelSelectorAsSelector(...).String()` and `metav1.FormatLabelSelector`.
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { compareStrings } from './printer.js';

/** `labels.FormatLabels`: `a=1,b=2` with keys sorted, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

interface Requirement {
  key: string;
  text: string;
}

function requirementOf(expr: LabelSelectorRequirement): Requirement | undefined {
  const values = expr.values ?? [];
  const list = [...values].sort(compareStrings).join(',');
  switch (expr.operator) {
    case 'In':
      return values.length === 0 ? undefined : { key: expr.key, text: `${expr.key} in (${list})` };
    case 'NotIn':
      return values.length === 0 ? undefined : { key: expr.key, text: `${expr.key} notin (${list})` };
    case 'Exists':
      return values.length !== 0 ? undefined : { key: expr.key, text: expr.key };
    case 'DoesNotExist':
      return values.length !== 0 ? undefined : { key: expr.key, text: `!${expr.key}` };
    default:
      return undefined;
  }
}

/**
 * `LabelSelectorAsSelector(selector).String()`: requirements sorted by key, `''` for a missing or empty
 * selector; undefined when the selector is invalid (unknown operator, wrong number of values).
 */
export function labelSelectorString(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return '';
  const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    text: `${key}=${value}`,
  }));
  for (const expr of selector.matchExpressions ?? []) {
    const requirement = requirementOf(expr);
    if (!requirement) return undefined;
    requirements.push(requirement);
  }
  requirements.sort((a, b) => compareStrings(a.key, b.key));
  return requirements.map((r) => r.text).join(',');
}

/** `metav1.FormatLabelSelector`: like `labelSelectorString`, but `<none>` when empty and `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

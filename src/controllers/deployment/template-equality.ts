/**
 * Pod template comparison as the Deployment controller does it (`EqualIgnoreHash`: apimachinery's
 * `equality.Semantic.DeepEqual` after dropping the `pod-template-hash` label), over JSON.
 *
 * Go's semantic equality treats nil and empty slices and maps as equal; JSON cannot tell a nil pointer to a
 * struct from a missing one either, so the canonical form drops `null`, `[]` and `{}` everywhere. Known
 * difference: Go tells an absent pointer-to-struct field from an empty one (`securityContext: {}`), and compares
 * resource quantities by value (`1000m` equals `1`); here both compare as JSON text.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { podTemplateHashLabel } from './types.js';

/** The value with `null`, `undefined`, empty arrays and empty objects removed (recursively). */
export function pruneEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => pruneEmpty(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const pruned = pruneEmpty(child);
      if (pruned !== undefined) out[key] = pruned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** JSON text with object keys sorted (code-unit order) after `pruneEmpty`: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(pruneEmpty(value))) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** `equality.Semantic.DeepEqual` over JSON values (see the module note). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The template without the `pod-template-hash` label. Does not modify its argument. */
export function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (labels === undefined || !(podTemplateHashLabel in labels)) return template;
  const { [podTemplateHashLabel]: _hash, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

/** `EqualIgnoreHash`: the templates are semantically equal once the `pod-template-hash` label is ignored. */
export function equalIgnoreHash(t1: PodTemplateSpec, t2: PodTemplateSpec): boolean {
  return semanticEqual(withoutHashLabel(t1), withoutHashLabel(t2));
}

/**
 * Whether a node satisfies a pod's `nodeSelector` and required node affinity (k8s.io/component-helpers
 * `scheduling/corev1/nodeaffinity`). Terms are ORed; the expressions and fields of one term are ANDed; a term
 * that is empty or holds an invalid requirement matches no node.
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from 'kubernetes-types/core/v1.js';
import { type LabelOperator, type LabelRequirement, newRequirement, requirementMatches } from '../api/labels/index.js';

const operators: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

function labelRequirement(r: NodeSelectorRequirement): LabelRequirement | undefined {
  const op = operators[r.operator];
  if (!op) return undefined;
  try {
    return newRequirement(r.key, op, r.values ?? []);
  } catch {
    return undefined;
  }
}

/** `matchFields` support only `metadata.name` with In / NotIn and exactly one value. */
function fieldMatches(r: NodeSelectorRequirement, node: Node): boolean | undefined {
  if (r.key !== 'metadata.name' || r.values?.length !== 1) return undefined;
  const name = node.metadata?.name ?? '';
  if (r.operator === 'In') return name === r.values[0];
  if (r.operator === 'NotIn') return name !== r.values[0];
  return undefined;
}

/** One node selector term against the node; invalid requirements make the term fail. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels;
  for (const e of expressions) {
    const req = labelRequirement(e);
    if (!req || !requirementMatches(req, labels)) return false;
  }
  return fields.every((f) => fieldMatches(f, node) === true);
}

/** `nodeSelector` and `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` both hold. */
export function nodeMatchesPodAffinity(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[key] !== value) return false;
  }
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

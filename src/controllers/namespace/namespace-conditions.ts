/**
 * The status conditions the namespace controller keeps on a terminating namespace (upstream
 * `status_condition_utils.go`): each type is True with a failure reason while something is wrong, and False
 * with its "ok" reason otherwise.
 */
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';

export const conditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

export type NamespaceConditionType = (typeof conditionTypes)[number];

const okReasons: Record<NamespaceConditionType, string> = {
  NamespaceDeletionDiscoveryFailure: 'ResourcesDiscovered',
  NamespaceDeletionGroupVersionParsingFailure: 'ParsedGroupVersions',
  NamespaceDeletionContentFailure: 'ContentDeleted',
  NamespaceContentRemaining: 'ContentRemoved',
  NamespaceFinalizersRemaining: 'ContentHasNoFinalizers',
};

const okMessages: Record<NamespaceConditionType, string> = {
  NamespaceDeletionDiscoveryFailure: 'All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'All content successfully removed',
  NamespaceFinalizersRemaining: 'All content-preserving finalizers finished',
};

/** What one pass of content deletion found. */
export interface DeletionFindings {
  discoveryError?: string;
  groupVersionError?: string;
  /** Messages of the resource types whose content could not be deleted. */
  contentErrors: string[];
  /** Instances left, by `<resource>.<group>` (`pods.` for core). */
  remainingByResource: Map<string, number>;
  /** Instances left, by finalizer. */
  remainingByFinalizer: Map<string, number>;
}

function failing(type: NamespaceConditionType, reason: string, message: string, now: string): NamespaceCondition {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/** The failing conditions the findings call for (the others will be set to their "ok" form). */
export function failingConditions(f: DeletionFindings, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  if (f.discoveryError !== undefined) {
    out.push(failing('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', f.discoveryError, now));
  }
  if (f.groupVersionError !== undefined) {
    out.push(
      failing('NamespaceDeletionGroupVersionParsingFailure', 'GroupVersionParsingFailed', f.groupVersionError, now),
    );
  }
  const resources = [...f.remainingByResource]
    .filter(([, n]) => n > 0)
    .map(([resource, n]) => `${resource} has ${n} resource instances`)
    .sort();
  if (resources.length > 0) {
    const message = `Some resources are remaining: ${resources.join(', ')}`;
    out.push(failing('NamespaceContentRemaining', 'SomeResourcesRemain', message, now));
  }
  const finalizers = [...f.remainingByFinalizer]
    .filter(([, n]) => n > 0)
    .map(([finalizer, n]) => `${finalizer} in ${n} resource instances`)
    .sort();
  if (finalizers.length > 0) {
    const message = `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`;
    out.push(failing('NamespaceFinalizersRemaining', 'SomeFinalizersRemain', message, now));
  }
  if (f.contentErrors.length > 0) {
    const messages = [...f.contentErrors].sort();
    const message = `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}`;
    out.push(failing('NamespaceDeletionContentFailure', 'ContentDeletionFailed', message, now));
  }
  return out;
}

/**
 * The namespace's conditions with every controller-maintained type set to its failing form or else its "ok"
 * form; lastTransitionTime moves only when the status flips. `changed` says whether anything differs.
 */
export function updateConditions(
  current: readonly NamespaceCondition[],
  failures: readonly NamespaceCondition[],
  now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of conditionTypes) {
    const wanted = failures.find((c) => c.type === type) ?? {
      type,
      status: 'False',
      lastTransitionTime: now,
      reason: okReasons[type],
      message: okMessages[type],
    };
    const existing = conditions.find((c) => c.type === type);
    if (!existing) {
      conditions.push({ ...wanted });
      changed = true;
      continue;
    }
    if (existing.status === wanted.status && existing.reason === wanted.reason && existing.message === wanted.message) {
      continue;
    }
    if (existing.status !== wanted.status) existing.lastTransitionTime = now;
    existing.status = wanted.status;
    if (wanted.reason !== undefined) existing.reason = wanted.reason;
    if (wanted.message !== undefined) existing.message = wanted.message;
    changed = true;
  }
  return { conditions, changed };
}

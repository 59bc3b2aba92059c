/**
 * Which informer events may make an unschedulable pod schedulable (kube-scheduler's queueing of cluster
 * events): node changes that matter to the filters — not heartbeats — and assigned pods leaving their node.
 */
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1.js';
import { holdsNodeResources } from './node-info.js';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Conditions without their heartbeat / transition times. */
function conditionStates(conditions: readonly NodeCondition[] | undefined): string[] {
  return (conditions ?? []).map((c) => `${c.type}=${c.status}`).sort();
}

/** `nodeSchedulingPropertiesChange`: cordon, allocatable, labels, taints, condition states or annotations. */
export function nodeSchedulingPropertiesChanged(oldNode: Node, newNode: Node): boolean {
  return (
    Boolean(oldNode.spec?.unschedulable) !== Boolean(newNode.spec?.unschedulable) ||
    !same(oldNode.status?.allocatable, newNode.status?.allocatable) ||
    !same(oldNode.metadata?.labels, newNode.metadata?.labels) ||
    !same(oldNode.spec?.taints, newNode.spec?.taints) ||
    !same(conditionStates(oldNode.status?.conditions), conditionStates(newNode.status?.conditions)) ||
    !same(oldNode.metadata?.annotations, newNode.metadata?.annotations)
  );
}

/** A pending pod changed in a way that may change the decision (not its status, which the scheduler writes). */
export function pendingPodChanged(oldPod: Pod, newPod: Pod): boolean {
  return (
    !same(oldPod.spec, newPod.spec) ||
    !same(oldPod.metadata?.labels, newPod.metadata?.labels) ||
    !same(oldPod.metadata?.annotations, newPod.metadata?.annotations)
  );
}

/** An assigned pod stopped holding its node's resources (finished, or its requests shrank). */
export function assignedPodReleased(oldPod: Pod, newPod: Pod): boolean {
  if (holdsNodeResources(oldPod) && !holdsNodeResources(newPod)) return true;
  return !same(
    oldPod.spec?.containers?.map((c) => c.resources),
    newPod.spec?.containers?.map((c) => c.resources),
  );
}

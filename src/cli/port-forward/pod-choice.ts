/**
 * Which pod a new connection goes to: the current one while it is ready; otherwise the ready pod that has been
 * ready longest (kubectl's "most established" pod, but readiness is required: a pod that is not ready is not
 * one to send traffic to). Pure functions over pod objects.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type LabelSelectorMatcher, selectorFromSet } from '../../api/labels/index.js';

export function isReady(pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function readySince(pod: Pod): string {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.lastTransitionTime ?? pod.metadata?.creationTimestamp ?? '';
}

/** The pod to use: `current` while it is among `pods` and ready, else the longest-ready one. */
export function choosePod(pods: readonly Pod[], current: string | undefined): Pod | undefined {
  const ready = pods.filter(isReady);
  const same = ready.find((p) => p.metadata?.name === current);
  if (same) return same;
  return [...ready].sort(
    (a, b) =>
      readySince(a).localeCompare(readySince(b)) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  )[0];
}

/** Labels that differ between a pod and its replacement (revision hashes, per-pod names). */
const perPodLabels = ['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name'];

/** The pods that can stand in for `pod` once it is gone: same labels, revision hashes aside. */
export function siblingsSelector(pod: Pod): LabelSelectorMatcher | undefined {
  const labels = { ...(pod.metadata?.labels ?? {}) };
  for (const key of perPodLabels) delete labels[key];
  return Object.keys(labels).length > 0 ? selectorFromSet(labels) : undefined;
}

/** A remote port on a pod: a number, or the name of one of its container ports. */
export function podPort(pod: Pod, remote: string): number | undefined {
  if (/^\d+$/.test(remote)) return Number(remote);
  for (const c of pod.spec?.containers ?? []) {
    const found = c.ports?.find((p) => p.name === remote);
    if (found) return found.containerPort;
  }
  return undefined;
}

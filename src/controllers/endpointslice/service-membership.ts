/**
 * Which Services a pod change concerns (eps `util/controller_utils.go` `GetPodServiceMemberships`,
 * `GetServicesToUpdateOnPodChange`, `podEndpointsChanged`).
 */
import { type Labels, selectorFromSet } from '../../api/labels/index.js';
import type { Pod, Service } from './kinds.js';
import { isPodReady, isPodTerminal, podIPs, serviceSelector } from './pod-endpoint.js';

/** `namespace/name` of an object. */
export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata.namespace ?? '';
  return ns === '' ? (obj.metadata.name ?? '') : `${ns}/${obj.metadata.name ?? ''}`;
}

/** The keys of the Services (of the pod's namespace) whose selector matches these labels. */
export function servicesMatching(services: readonly Service[], labels: Labels): Set<string> {
  const keys = new Set<string>();
  for (const service of services) {
    const selector = serviceSelector(service);
    if (selector !== undefined && selectorFromSet(selector).matches(labels)) keys.add(objectKey(service));
  }
  return keys;
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => Object.hasOwn(b ?? {}, k) && a?.[k] === b?.[k]);
}

/**
 * `podEndpointsChanged`: `podChanged` when the pod's endpoint may differ (deletion, readiness, IPs; here also
 * a move to a terminal phase, which removes the endpoint even when readiness was already false),
 * `labelsChanged` when the Services it belongs to may differ (labels, hostname, subdomain).
 */
export function podEndpointsChanged(oldPod: Pod, newPod: Pod): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged =
    !sameLabels(oldPod.metadata.labels, newPod.metadata.labels) ||
    (oldPod.spec?.hostname ?? '') !== (newPod.spec?.hostname ?? '') ||
    (oldPod.spec?.subdomain ?? '') !== (newPod.spec?.subdomain ?? '');
  const oldIPs = podIPs(oldPod);
  const newIPs = podIPs(newPod);
  const podChanged =
    oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp ||
    isPodReady(oldPod) !== isPodReady(newPod) ||
    isPodTerminal(oldPod) !== isPodTerminal(newPod) ||
    (oldPod.spec?.nodeName ?? '') !== (newPod.spec?.nodeName ?? '') ||
    oldIPs.length !== newIPs.length ||
    oldIPs.some((ip, i) => ip !== newIPs[i]);
  return { podChanged, labelsChanged };
}

/**
 * `GetServicesToUpdateOnPodChange`: nothing for a resync or an irrelevant change; the Services matching the
 * new labels; when labels changed, also those matching the old ones (all of them if the endpoint changed
 * too, else only the Services gained or lost).
 */
export function servicesToUpdateOnPodChange(services: readonly Service[], oldPod: Pod, newPod: Pod): Set<string> {
  if (oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const current = servicesMatching(services, newPod.metadata.labels);
  if (!labelsChanged) return current;
  const previous = servicesMatching(services, oldPod.metadata.labels);
  if (podChanged) return new Set([...current, ...previous]);
  const symmetricDifference = new Set<string>();
  for (const k of current) if (!previous.has(k)) symmetricDifference.add(k);
  for (const k of previous) if (!current.has(k)) symmetricDifference.add(k);
  return symmetricDifference;
}

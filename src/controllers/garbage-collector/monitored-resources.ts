/** The resources the garbage collector watches, and the mapping from an owner reference's kind to its resource. */
import type { KubeObject } from '../../api/object.js';
import { apiVersionOf, findByKind, type ResourceInfo, resources } from '../../api/registry.js';
import type { GroupVersionResource } from '../../client/types.js';
import type { ObjectIdentity } from './object-identity.js';

/** Events are never owners worth tracking and churn a lot (upstream `DefaultIgnoredResources`). */
const ignored = new Set(['/events', 'events.k8s.io/events']);

/** Every resource that can be listed, watched and deleted, but events. */
export function monitoredResources(): ResourceInfo[] {
  return resources.filter(
    (r) =>
      !ignored.has(`${r.group}/${r.resource}`) &&
      r.verbs.includes('list') &&
      r.verbs.includes('watch') &&
      r.verbs.includes('delete'),
  );
}

/** The resource of an apiVersion and kind, or undefined (upstream's REST mapping failure). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return findByKind(apiVersion, kind);
}

export function gvrOf(info: ResourceInfo): GroupVersionResource {
  return { group: info.group, version: info.version, resource: info.resource };
}

/** The identity of an object of resource `info`. */
export function identityOfObject(info: ResourceInfo, obj: KubeObject): ObjectIdentity {
  return {
    apiVersion: apiVersionOf(info),
    kind: info.kind,
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    namespace: info.namespaced ? (obj.metadata.namespace ?? '') : '',
  };
}

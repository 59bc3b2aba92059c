/** URL paths of the Kubernetes REST API for a group/version/resource. */
import { findResource } from '../api/registry.js';
import type { GroupVersionResource } from './types.js';

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(gvr: Pick<GroupVersionResource, 'group' | 'version'>): string {
  return gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`;
}

/** Whether the resource is namespaced; resources the registry does not know are assumed namespaced. */
export function isNamespaced(gvr: GroupVersionResource): boolean {
  return findResource(gvr.group, gvr.version, gvr.resource)?.namespaced ?? true;
}

/**
 * The path of a collection (no name), an object, or an object's subresource. The namespace is left out for
 * cluster-scoped resources and when empty (all namespaces).
 */
export function resourcePath(
  gvr: GroupVersionResource,
  namespace: string,
  name?: string,
  subresource?: string,
): string {
  let path = groupVersionPath(gvr);
  if (namespace && isNamespaced(gvr)) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${gvr.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

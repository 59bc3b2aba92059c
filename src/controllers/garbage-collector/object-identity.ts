/**
 * How the garbage collector names objects: the coordinates of an owner reference (apiVersion, kind, name, uid)
 * plus a namespace ('' for cluster-scoped objects), as upstream's `objectReference`.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

export type { OwnerReference };

export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
}

/** The coordinate fields of an owner reference (drops `controller` and `blockOwnerDeletion`). */
export function referenceCoordinates(ref: OwnerReference): OwnerReference {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
}

/** True when uid, name, kind and apiVersion agree (upstream's `ownerReferenceMatchesCoordinates`). */
export function matchesCoordinates(
  a: OwnerReference,
  b: Pick<OwnerReference, 'apiVersion' | 'kind' | 'name' | 'uid'>,
): boolean {
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion;
}

/** The identity an owner reference names, seen from a dependent in `namespace`. */
export function identityOfReference(ref: OwnerReference, namespace: string): ObjectIdentity {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace };
}

/** A string equal for equal identities (map keys, the absent owner cache). */
export function identityKey(id: ObjectIdentity): string {
  return JSON.stringify([id.apiVersion, id.kind, id.namespace, id.name, id.uid]);
}

export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.namespace === b.namespace
  );
}

/** Upstream's `referenceLessThan`: kind, apiVersion, namespace, name, uid. */
export function identityLessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  for (const field of ['kind', 'apiVersion', 'namespace', 'name', 'uid'] as const) {
    if (a[field] !== b[field]) return a[field] < b[field];
  }
  return false;
}

/** Upstream's `objectReference.String()`: `[v1/ConfigMap, namespace: ns, name: n, uid: u]`. */
export function formatIdentity(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

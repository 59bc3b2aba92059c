/**
 * Dependents can name one owner uid with different coordinates (a wrong kind, name or namespace). These helpers
 * tell apart the dependents whose reference matches an identity the collector verified from those that do not
 * (upstream `partitionDependents` and `getAlternateOwnerIdentity`).
 */
import type { GraphNode } from './graph-node.js';
import {
  identityKey,
  identityLessThan,
  matchesCoordinates,
  type ObjectIdentity,
  referenceCoordinates,
} from './object-identity.js';

/**
 * Splits dependents into those with a reference matching `owner` in every coordinate (and namespace, for a
 * namespaced owner) and those referring to `owner.uid` otherwise. A dependent with several references to the
 * uid can land in both.
 */
export function partitionDependents(
  dependents: Iterable<GraphNode>,
  owner: ObjectIdentity,
): { matching: GraphNode[]; nonmatching: GraphNode[] } {
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  const ownerNamespaced = owner.namespace !== '';
  for (const dep of dependents) {
    let match = false;
    let mismatch = false;
    if (ownerNamespaced && owner.namespace !== dep.identity.namespace) {
      mismatch = true;
    } else {
      for (const ref of dep.owners) {
        if (ref.uid !== owner.uid) continue;
        if (matchesCoordinates(ref, owner)) match = true;
        else mismatch = true;
      }
    }
    if (match) matching.push(dep);
    if (mismatch) nonmatching.push(dep);
  }
  return { matching, nonmatching };
}

/**
 * Another identity the dependents give the owner uid, other than `absent` (verified not to exist): the first one
 * ordered after `absent`, else the first one; undefined when there is none.
 */
export function alternateOwnerIdentity(
  dependents: Iterable<GraphNode>,
  absent: ObjectIdentity,
): ObjectIdentity | undefined {
  const absentClusterScoped = absent.namespace === '';
  const seen = new Set<string>([identityKey(absent)]);
  let first: ObjectIdentity | undefined;
  let firstFollowing: ObjectIdentity | undefined;
  for (const dep of dependents) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      if (matchesCoordinates(ref, absent) && (absentClusterScoped || absent.namespace === dep.identity.namespace)) {
        continue;
      }
      const coords = referenceCoordinates(ref);
      let candidate: ObjectIdentity = { ...coords, namespace: dep.identity.namespace };
      if (absentClusterScoped && candidate.apiVersion === absent.apiVersion && candidate.kind === absent.kind) {
        candidate = { ...candidate, namespace: '' };
      }
      const key = identityKey(candidate);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!first || identityLessThan(candidate, first)) first = candidate;
      if (identityLessThan(absent, candidate) && (!firstFollowing || identityLessThan(candidate, firstFollowing))) {
        firstFollowing = candidate;
      }
    }
  }
  return firstFollowing ?? first;
}

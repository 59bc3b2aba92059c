/**
 * A set of endpoints keyed by identity (eps `util/endpointset.go`): addresses, hostname and the target pod's
 * namespace/name. Everything else (conditions, node, zone) may change in place.
 */
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { Endpoint } from 'kubernetes-types/discovery/v1.js';

/** The identity of an endpoint (`hashEndpoint`). */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([
    [...ep.addresses].sort(),
    ep.hostname ?? '',
    ep.targetRef?.namespace ?? '',
    ep.targetRef?.name ?? '',
  ]);
}

/** Endpoints by identity, iterated in insertion order. */
export class EndpointSet {
  private readonly byKey = new Map<string, Endpoint>();

  insert(ep: Endpoint): void {
    this.byKey.set(endpointKey(ep), ep);
  }

  /** The member with the same identity as `ep`. */
  get(ep: Endpoint): Endpoint | undefined {
    return this.byKey.get(endpointKey(ep));
  }

  delete(ep: Endpoint): void {
    this.byKey.delete(endpointKey(ep));
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Removes and returns the oldest member. */
  pop(): Endpoint | undefined {
    for (const [key, ep] of this.byKey) {
      this.byKey.delete(key);
      return ep;
    }
    return undefined;
  }
}

function sameRef(a: ObjectReference | undefined, b: ObjectReference | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const fields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'] as const;
  return fields.every((f) => (a[f] ?? '') === (b[f] ?? ''));
}

/**
 * `EndpointsEqualBeyondHash`: node, zone, the three conditions (unset differs from set) and the targetRef
 * (its resourceVersion aside) are equal.
 */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    sameRef(a.targetRef, b.targetRef)
  );
}

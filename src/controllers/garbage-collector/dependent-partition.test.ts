import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { alternateOwnerIdentity, partitionDependents } from './dependent-partition.js';
import { GraphNode } from './graph-node.js';
import type { ObjectIdentity, OwnerReference } from './object-identity.js';

const owner: ObjectIdentity = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u1', namespace: 'ns' };
const asRef = (id: ObjectIdentity): OwnerReference => ({
  apiVersion: id.apiVersion,
  kind: id.kind,
  name: id.name,
  uid: id.uid,
});

function dependent(name: string, namespace: string, owners: OwnerReference[]): GraphNode {
  return new GraphNode({
    identity: { apiVersion: 'v1', kind: 'Pod', name, uid: `uid-${name}`, namespace },
    owners,
  });
}

const names = (nodes: GraphNode[]) => nodes.map((n) => n.identity.name);

describe('partitionDependents', () => {
  it('separates references matching the verified identity from the others', () => {
    const deps = [
      dependent('same', 'ns', [asRef(owner)]),
      dependent('other-ns', 'ns2', [asRef(owner)]),
      dependent('other-kind', 'ns', [{ ...asRef(owner), kind: 'Secret' }]),
      dependent('both', 'ns', [asRef(owner), { ...asRef(owner), name: 'alias' }]),
      dependent('unrelated', 'ns', [{ ...asRef(owner), uid: 'u2' }]),
    ];
    const { matching, nonmatching } = partitionDependents(deps, owner);
    assert.deepEqual(names(matching), ['same', 'both']);
    assert.deepEqual(names(nonmatching), ['other-ns', 'other-kind', 'both']);
  });

  it('a cluster-scoped owner matches dependents of every namespace', () => {
    const node = { ...owner, kind: 'Node', namespace: '' };
    const { matching, nonmatching } = partitionDependents([dependent('a', 'x', [asRef(node)])], node);
    assert.deepEqual([names(matching), names(nonmatching)], [['a'], []]);
  });
});

describe('alternateOwnerIdentity', () => {
  it('returns the next identity after the absent one, else the first', () => {
    const deps = [
      dependent('a', 'ns', [asRef(owner)]),
      dependent('b', 'ns', [{ ...asRef(owner), kind: 'Secret' }]),
      dependent('c', 'ns', [{ ...asRef(owner), kind: 'Binding' }]),
    ];
    assert.deepEqual(alternateOwnerIdentity(deps, owner), { ...owner, kind: 'Secret' });
    assert.deepEqual(alternateOwnerIdentity(deps, { ...owner, kind: 'Secret' }), { ...owner, kind: 'Binding' });
    assert.equal(alternateOwnerIdentity([deps[0] as GraphNode], owner), undefined);
  });

  it('offers the same coordinates in another namespace, and drops the namespace of a cluster-scoped kind', () => {
    const elsewhere = dependent('x', 'ns2', [asRef(owner)]);
    assert.deepEqual(alternateOwnerIdentity([elsewhere], owner), { ...owner, namespace: 'ns2' });
    const clusterScoped = { ...owner, namespace: '' };
    assert.equal(alternateOwnerIdentity([elsewhere], clusterScoped), undefined);
  });
});

describe('AbsentOwnerCache', () => {
  it('forgets the least recently used identity beyond its capacity', () => {
    const cache = new AbsentOwnerCache(2);
    const a = { ...owner, uid: 'a' };
    const b = { ...owner, uid: 'b' };
    const c = { ...owner, uid: 'c' };
    cache.add(a);
    cache.add(b);
    assert.equal(cache.has(a), true);
    cache.add(c);
    assert.deepEqual([cache.has(a), cache.has(b), cache.has(c), cache.size], [true, false, true, 2]);
    assert.equal(cache.has({ ...a, namespace: 'other' }), false);
  });
});

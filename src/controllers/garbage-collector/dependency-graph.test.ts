import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { DependencyGraph, deletionStartsWith, type ObservedObject, referencesDiff } from './dependency-graph.js';
import type { GraphNode } from './graph-node.js';
import type { ObjectIdentity, OwnerReference } from './object-identity.js';

/** Records what the graph asks for, as `delete:<name>`, `delete-later:<name>`, `orphan:<name>`, `invalid:<dep>-><owner>`. */
function recordingGraph() {
  const log: string[] = [];
  const graph = new DependencyGraph(
    {
      attemptToDelete: (n: GraphNode, opts) =>
        log.push(`${opts?.rateLimited ? 'delete-later' : 'delete'}:${n.identity.name}`),
      attemptToOrphan: (n: GraphNode) => log.push(`orphan:${n.identity.name}`),
      invalidNamespaceOwnerRef: (dep: GraphNode, ref: OwnerReference) =>
        log.push(`invalid:${dep.identity.name}->${ref.name}`),
    },
    new AbsentOwnerCache(),
  );
  return { graph, log, take: () => log.splice(0) };
}

function id(
  kind: string,
  name: string,
  namespace = 'ns',
  apiVersion = kind === 'Pod' ? 'v1' : 'apps/v1',
): ObjectIdentity {
  return { apiVersion, kind, name, uid: `uid-${name}`, namespace };
}

function ref(owner: ObjectIdentity, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, ...extra };
}

function obj(identity: ObjectIdentity, owners: OwnerReference[] = [], deleting?: string[]): ObservedObject {
  return { identity, ownerReferences: owners, beingDeleted: deleting !== undefined, finalizers: deleting ?? [] };
}

const deploy = id('Deployment', 'web');
const rs = id('ReplicaSet', 'web-1');
const pod = id('Pod', 'web-1-a');

describe('DependencyGraph', () => {
  it('links dependents to owners and verifies owners it has not seen (virtual nodes)', () => {
    const { graph, take } = recordingGraph();
    graph.observe(obj(pod, [ref(rs)]));
    assert.deepEqual(take(), ['delete:web-1']);
    assert.equal(graph.get(rs.uid)?.virtual, true);
    graph.observe(obj(rs, [ref(deploy)]));
    assert.deepEqual(take(), ['delete:web']);
    assert.equal(graph.get(rs.uid)?.virtual, false);
    assert.deepEqual(
      [...(graph.get(rs.uid)?.dependents ?? [])].map((n) => n.identity.name),
      ['web-1-a'],
    );
    graph.observe(obj(deploy));
    assert.deepEqual(take(), []);
    assert.equal(graph.size, 3);
  });

  it('on an owner deletion queues its dependents and remembers it as absent', () => {
    const { graph, take } = recordingGraph();
    graph.observe(obj(rs));
    graph.observe(obj(pod, [ref(rs)]));
    take();
    graph.observeDeletion(rs);
    assert.deepEqual(take(), ['delete:web-1-a']);
    assert.equal(graph.get(rs.uid), undefined);
    assert.equal(graph.absentOwners.has(rs), true);
  });

  it('a deleted dependent wakes an owner deleting its dependents in the foreground', () => {
    const { graph, take } = recordingGraph();
    graph.observe(obj(rs));
    graph.observe(obj(pod, [ref(rs, { blockOwnerDeletion: true })]));
    graph.observe(obj(rs, [], ['foregroundDeletion']), obj(rs));
    assert.deepEqual(take(), ['delete:web-1-a', 'delete:web-1']);
    assert.equal(graph.get(rs.uid)?.deletingDependents, true);
    assert.deepEqual(
      graph
        .get(rs.uid)
        ?.blockingDependents()
        .map((n) => n.identity.name),
      ['web-1-a'],
    );
    graph.observeDeletion(pod);
    assert.deepEqual(take(), ['delete:web-1']);
    assert.deepEqual(graph.get(rs.uid)?.blockingDependents(), []);
  });

  it('an orphan finalizer on a deleted owner queues it for orphaning, once', () => {
    const { graph, take } = recordingGraph();
    graph.observe(obj(rs));
    const orphaning = obj(rs, [], ['orphan']);
    graph.observe(orphaning, obj(rs));
    assert.deepEqual(take(), ['orphan:web-1']);
    graph.observe(orphaning, orphaning);
    assert.deepEqual(take(), []);
  });

  it('a blocking reference removed or made non-blocking wakes the owner', () => {
    const { graph, take } = recordingGraph();
    graph.observe(obj(rs));
    graph.observe(obj(deploy));
    graph.observe(obj(pod, [ref(rs, { blockOwnerDeletion: true }), ref(deploy, { blockOwnerDeletion: true })]));
    take();
    graph.observe(obj(pod, [ref(rs, { blockOwnerDeletion: false })]));
    assert.deepEqual(take().sort(), ['delete:web', 'delete:web-1']);
    assert.deepEqual([...(graph.get(deploy.uid)?.dependents ?? [])], []);
  });

  it('reports a dependent naming an owner observed in another namespace', () => {
    const { graph, take } = recordingGraph();
    const owner = id('ConfigMap', 'owner', 'ns1', 'v1');
    const dependent = id('ConfigMap', 'dependent', 'ns2', 'v1');
    graph.observe(obj(owner));
    graph.observe(obj(dependent, [ref(owner)]));
    assert.deepEqual(take(), ['invalid:dependent->owner', 'delete:dependent']);
  });

  it('reports a dependent seen first once its owner shows up in another namespace', () => {
    const { graph, take } = recordingGraph();
    const owner = id('ConfigMap', 'owner', 'ns1', 'v1');
    const dependent = id('ConfigMap', 'dependent', 'ns2', 'v1');
    graph.observe(obj(dependent, [ref(owner)]));
    assert.deepEqual(take(), ['delete:owner']);
    graph.observe(obj(owner));
    assert.deepEqual(take(), ['invalid:dependent->owner', 'delete:dependent']);
    assert.equal(graph.get(owner.uid)?.identity.namespace, 'ns1');
  });

  it('a cluster-scoped owner may own objects of any namespace', () => {
    const { graph, take } = recordingGraph();
    const node = id('Node', 'n1', '', 'v1');
    const a = id('Pod', 'a', 'ns1');
    const b = id('Pod', 'b', 'ns2');
    graph.observe(obj(a, [ref(node)]));
    graph.observe(obj(node));
    graph.observe(obj(b, [ref(node)]));
    assert.deepEqual(take(), ['delete:n1']);
    assert.equal(graph.get(node.uid)?.identity.namespace, '');
  });

  it('a virtual delete of a virtual owner removes it and collects its dependents', () => {
    const { graph, take } = recordingGraph();
    graph.observe(obj(pod, [ref(rs)]));
    take();
    graph.virtualDelete(rs);
    assert.deepEqual(take(), ['delete:web-1-a']);
    assert.equal(graph.get(rs.uid), undefined);
    assert.equal(graph.absentOwners.has(rs), true);
  });

  it('a virtual delete under other coordinates than the dependents use tries the alternative identity', () => {
    const { graph, take } = recordingGraph();
    const wrongKind = { ...rs, kind: 'Deployment' };
    const a = id('Pod', 'a');
    const b = id('Pod', 'b');
    graph.observe(obj(a, [ref(rs)]));
    graph.observe(obj(b, [ref(wrongKind)]));
    assert.deepEqual(take(), ['delete:web-1', 'delete:b']);
    graph.virtualDelete(rs);
    assert.deepEqual(take(), ['delete:a', 'delete-later:web-1']);
    assert.equal(graph.get(rs.uid)?.identity.kind, 'Deployment');
    assert.equal(graph.absentOwners.has(rs), true);
  });

  it('a virtual delete does not remove an observed node known under other coordinates', () => {
    const { graph, take } = recordingGraph();
    const a = id('Pod', 'a');
    graph.observe(obj(rs));
    graph.observe(obj(a, [ref({ ...rs, name: 'stale-name' })]));
    assert.deepEqual(take(), ['delete:a']);
    graph.virtualDelete({ ...rs, name: 'stale-name' });
    assert.deepEqual(take(), ['delete:a']);
    assert.notEqual(graph.get(rs.uid), undefined);
  });
});

describe('deletionStartsWith', () => {
  const cases: [string, ObservedObject, ObservedObject | undefined, boolean][] = [
    ['first seen being deleted with it', obj(rs, [], ['orphan']), undefined, true],
    ['not being deleted', obj(rs), undefined, false],
    ['being deleted without it', obj(rs, [], ['other']), undefined, false],
    ['already had it', obj(rs, [], ['orphan']), obj(rs, [], ['orphan']), false],
    ['just got it', obj(rs, [], ['orphan']), obj(rs, [], ['other']), true],
    ['just started deleting', obj(rs, [], ['orphan']), obj(rs), true],
  ];
  for (const [name, now, old, expected] of cases) {
    it(name, () => assert.equal(deletionStartsWith(now, old, 'orphan'), expected));
  }
});

describe('referencesDiff', () => {
  it('splits added, removed and changed references by uid', () => {
    const a = ref(rs);
    const b = ref(deploy);
    const c = ref(pod);
    const diff = referencesDiff([a, b], [{ ...b, blockOwnerDeletion: true }, c]);
    assert.deepEqual(diff, {
      added: [c],
      removed: [a],
      changed: [{ old: b, new: { ...b, blockOwnerDeletion: true } }],
    });
    assert.deepEqual(referencesDiff([a], [{ ...a }]), { added: [], removed: [], changed: [] });
  });
});

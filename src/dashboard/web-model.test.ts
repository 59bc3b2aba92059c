/**
 * The web app's pure parts (plain ES modules under web/, loaded here as the browser loads them): watch changes
 * applied to the namespace state, the graph drawn from it, and a layout without overlapping cards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}
interface State {
  namespace: string;
  objects: Record<string, Map<string, Obj>>;
  leaving: Map<string, { object: Obj; until: number }>;
}
interface Edge {
  from: string;
  to: string;
  type: string;
}
interface Graph {
  pods: { id: string; name: string; leaving: boolean }[];
  edges: Edge[];
}
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const web = (file: string) => import(new URL(`./web/${file}`, import.meta.url).href);
const model = (await web('model.js')) as {
  fromSnapshot(s: { namespace: string; objects: Record<string, Obj[]> }): State;
  applyChanges(s: State, changes: { type: string; resource: string; object: Obj }[], now: number): State;
  pruneLeaving(s: State, now: number): State;
};
const { buildGraph } = (await web('graph.js')) as { buildGraph(s: State): Graph };
const { layout } = (await web('layout.js')) as { layout(g: Graph): { boxes: Map<string, Box> } };

const owner = (kind: string, name: string) => [{ kind, name, controller: true }];
const pod = (name: string, ip: string, ready = true): Obj => ({
  metadata: { name, namespace: 'dev', labels: { app: 'hello' }, ownerReferences: owner('ReplicaSet', 'hello-1') },
  status: { podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const slice = (eps: [ip: string, pod: string, ready: boolean][]): Obj => ({
  metadata: { name: 'hello-service-x', namespace: 'dev', labels: { 'kubernetes.io/service-name': 'hello-service' } },
  endpoints: eps.map(([ip, name, ready]) => ({
    addresses: [ip],
    conditions: { ready },
    targetRef: { kind: 'Pod', name },
  })),
});

function seed(): State {
  return model.fromSnapshot({
    namespace: 'dev',
    objects: {
      namespaces: [{ metadata: { name: 'dev' } }],
      pods: [pod('a', '10.0.0.1'), pod('b', '10.0.0.2'), pod('c', '10.0.0.3', false)],
      services: [{ metadata: { name: 'hello-service', namespace: 'dev' }, spec: { selector: { app: 'hello' } } }],
      endpointslices: [
        slice([
          ['10.0.0.1', 'a', true],
          ['10.0.0.2', 'b', true],
          ['10.0.0.3', 'c', false],
        ]),
      ],
      deployments: [{ metadata: { name: 'hello', namespace: 'dev' } }],
      replicasets: [{ metadata: { name: 'hello-1', namespace: 'dev', ownerReferences: owner('Deployment', 'hello') } }],
      ingresses: [
        {
          metadata: { name: 'hello', namespace: 'dev' },
          spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'hello-service' } } }] } }] },
        },
      ],
      events: [],
    },
  });
}

const edgeList = (g: Graph) => g.edges.map((e) => `${e.type} ${e.from} ${e.to}`).sort();

describe('web app model', () => {
  it('draws the seed: routes, label-selected endpoints, not-ready pods, ownership', () => {
    assert.deepEqual(edgeList(buildGraph(seed())), [
      'endpoint services/hello-service pods/a',
      'endpoint services/hello-service pods/b',
      'owns deployments/hello replicasets/hello-1',
      'owns replicasets/hello-1 pods/a',
      'owns replicasets/hello-1 pods/b',
      'owns replicasets/hello-1 pods/c',
      'route ingresses/hello services/hello-service',
      'selected services/hello-service pods/c',
    ]);
  });

  it('a deleted pod leaves its edges at once and fades before it is dropped', () => {
    const state = model.applyChanges(
      seed(),
      [{ type: 'DELETED', resource: 'pods', object: pod('a', '10.0.0.1') }],
      1000,
    );
    const g = buildGraph(state);
    assert.deepEqual(
      g.pods.map((p) => [p.name, p.leaving]),
      [
        ['a', true],
        ['b', false],
        ['c', false],
      ],
    );
    assert.ok(!g.edges.some((e) => e.to === 'pods/a'), 'no edges to a leaving pod');
    assert.equal(model.pruneLeaving(state, 1000), state, 'unchanged while fading');
    assert.deepEqual([...model.pruneLeaving(state, 5000).leaving.keys()], []);
    const back = model.applyChanges(state, [{ type: 'ADDED', resource: 'pods', object: pod('a', '10.0.0.9') }], 1100);
    assert.deepEqual([...back.leaving.keys()], [], 'a pod that comes back is not leaving');
  });

  it('copies only the kinds a batch touches', () => {
    const before = seed();
    const after = model.applyChanges(before, [{ type: 'MODIFIED', resource: 'pods', object: pod('b', '10.0.0.2') }], 0);
    assert.notEqual(after.objects.pods, before.objects.pods);
    assert.equal(after.objects.services, before.objects.services);
  });

  it('lays out 100 pods without overlapping cards', () => {
    const pods = Array.from({ length: 100 }, (_, i) =>
      pod(`p${String(i).padStart(3, '0')}`, `10.0.${i >> 8}.${i & 255}`),
    );
    let state = seed();
    state = model.applyChanges(
      state,
      pods.map((object) => ({ type: 'ADDED', resource: 'pods', object })),
      0,
    );
    const { boxes } = layout(buildGraph(state));
    const list = [...boxes.values()];
    assert.equal(list.length, 103 + 4);
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `cards overlap: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
      }
    }
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node, pod, service } from './endpoint-test-helpers.js';
import type { EndpointSlice, Pod, Service } from './kinds.js';
import { formatRFC3339Nano, type ReconcileInput, reconcileSlices } from './reconcile-slices.js';

let counter = 0;
/** What the server would store for a slice we asked to create. */
function stored(slice: EndpointSlice): EndpointSlice {
  counter++;
  const copy = structuredClone(slice);
  copy.metadata.name = slice.metadata.name || `${slice.metadata.generateName ?? ''}x${counter}`;
  delete copy.metadata.generateName;
  copy.metadata.uid = `slice-uid-${counter}`;
  copy.metadata.resourceVersion = String(counter);
  return copy;
}

/** Runs the reconciler, then applies its plan to `existing` as the server would. */
function apply(existing: EndpointSlice[], input: Omit<ReconcileInput, 'existing'>) {
  const plan = reconcileSlices({ ...input, existing });
  const deleted = new Set(plan.delete.map((s) => s.metadata.name));
  const updated = new Map(plan.update.map((s) => [s.metadata.name, s]));
  const next = existing.filter((s) => !deleted.has(s.metadata.name)).map((s) => updated.get(s.metadata.name) ?? s);
  next.push(...plan.create.map(stored));
  return { plan, slices: next };
}

const svc = service('web', { labels: { team: 'a', 'kubernetes.io/service-name': 'spoof' } });
const threePods = [pod('a', 1), pod('b', 2), pod('c', 3)];

function readyOf(slices: EndpointSlice[]): Record<string, boolean | undefined> {
  const out: Record<string, boolean | undefined> = {};
  for (const s of slices) for (const ep of s.endpoints) out[ep.targetRef?.name ?? ''] = ep.conditions?.ready;
  return out;
}

test('a new Service with three pods gets one slice with three ready endpoints', () => {
  const { plan } = apply([], { service: svc, pods: threePods, triggerTime: new Date('2025-01-01T00:00:10Z') });
  assert.equal(plan.update.length + plan.delete.length, 0);
  assert.equal(plan.create.length, 1);
  const slice = plan.create[0] as EndpointSlice;
  assert.equal(slice.metadata.generateName, 'web-');
  assert.equal(slice.metadata.namespace, 'ns');
  assert.deepEqual(slice.metadata.labels, {
    team: 'a',
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  assert.deepEqual(slice.metadata.ownerReferences, [
    { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true },
  ]);
  assert.deepEqual(slice.metadata.annotations, {
    'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-01T00:00:10Z',
  });
  assert.equal(slice.addressType, 'IPv4');
  assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(
    slice.endpoints.map((e) => e.addresses[0]),
    ['127.244.0.1', '127.244.0.2', '127.244.0.3'],
  );
  assert.deepEqual(readyOf(plan.create), { a: true, b: true, c: true });
});

test('nothing is written when the slices already match', () => {
  const { slices } = apply([], { service: svc, pods: threePods });
  const plan = reconcileSlices({ service: svc, pods: threePods, existing: slices });
  assert.deepEqual(plan, { create: [], update: [], delete: [], skippedPods: [] });
});

const conditionChanges: { name: string; pods: Pod[]; want: Record<string, boolean | undefined> }[] = [
  {
    name: 'a pod turns unready',
    pods: [pod('a', 1), pod('b', 2, { ready: false }), pod('c', 3)],
    want: { a: true, b: false, c: true },
  },
  {
    name: 'a pod terminates',
    pods: [pod('a', 1, { deleting: true }), pod('b', 2), pod('c', 3)],
    want: { a: false, b: true, c: true },
  },
  {
    name: 'a pod fails',
    pods: [pod('a', 1, { phase: 'Failed' }), pod('b', 2), pod('c', 3)],
    want: { b: true, c: true },
  },
  { name: 'a pod is gone', pods: [pod('a', 1), pod('c', 3)], want: { a: true, c: true } },
  { name: 'a pod is added', pods: [...threePods, pod('d', 4)], want: { a: true, b: true, c: true, d: true } },
];

for (const c of conditionChanges) {
  test(`${c.name}: the one slice is updated in place`, () => {
    const { slices } = apply([], { service: svc, pods: threePods });
    const { plan, slices: after } = apply(slices, { service: svc, pods: c.pods, triggerTime: undefined });
    assert.equal(plan.create.length + plan.delete.length, 0);
    assert.equal(plan.update.length, 1);
    assert.equal(plan.update[0]?.metadata.name, slices[0]?.metadata.name);
    assert.equal(plan.update[0]?.metadata.resourceVersion, slices[0]?.metadata.resourceVersion);
    assert.equal(plan.update[0]?.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], undefined);
    assert.deepEqual(readyOf(after), c.want);
  });
}

test('terminating endpoints keep serving and terminating conditions', () => {
  const { plan } = apply([], { service: svc, pods: [pod('a', 1, { deleting: true })] });
  assert.deepEqual(plan.create[0]?.endpoints[0]?.conditions, { ready: false, serving: true, terminating: true });
});

test('no pods: one placeholder slice, kept as is afterwards', () => {
  const first = apply([], { service: svc, pods: [] });
  assert.equal(first.plan.create.length, 1);
  assert.deepEqual(first.plan.create[0]?.endpoints, []);
  assert.deepEqual(first.plan.create[0]?.ports, []);
  const again = reconcileSlices({ service: svc, pods: [], existing: first.slices });
  assert.deepEqual(again, { create: [], update: [], delete: [], skippedPods: [] });
});

test('when the last pod goes, its slice becomes the placeholder (update, not delete + create)', () => {
  const { slices } = apply([], { service: svc, pods: threePods });
  const { plan, slices: after } = apply(slices, { service: svc, pods: [] });
  assert.equal(plan.create.length + plan.delete.length, 0);
  assert.equal(plan.update.length, 1);
  assert.equal(plan.update[0]?.metadata.name, slices[0]?.metadata.name);
  assert.deepEqual(after[0]?.endpoints, []);
  assert.deepEqual(after[0]?.ports, []);
});

test('250 pods are spread over slices of at most 100', () => {
  const pods = Array.from({ length: 250 }, (_, i) => pod(`p${i}`, i, { ip: `127.244.${i >> 8}.${i & 255}` }));
  const { plan } = apply([], { service: svc, pods });
  assert.deepEqual(
    plan.create.map((s) => s.endpoints.length),
    [100, 100, 50],
  );
});

test('max endpoints per slice is configurable', () => {
  const { plan } = apply([], { service: svc, pods: threePods, maxEndpointsPerSlice: 2 });
  assert.deepEqual(
    plan.create.map((s) => s.endpoints.length),
    [2, 1],
  );
});

test('new endpoints go to the unchanged slice that ends up closest to full', () => {
  const manyPods = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => pod(`p${from + i}`, from + i, { ip: `127.244.1.${from + i}` }));
  const first = manyPods(0, 95);
  const second = manyPods(100, 60);
  const { slices: s1 } = apply([], { service: svc, pods: first });
  // 60 more do not fit in the unchanged slice of 95: a new slice.
  const { plan: p2, slices: s2 } = apply(s1, { service: svc, pods: [...first, ...second] });
  assert.equal(p2.update.length, 0);
  assert.deepEqual(
    s2.map((s) => s.endpoints.length),
    [95, 60],
  );
  // 3 more fit in both; the slice of 95 ends up closest to full.
  const { plan } = apply(s2, { service: svc, pods: [...first, ...second, ...manyPods(200, 3)] });
  assert.equal(plan.create.length, 0);
  assert.deepEqual(
    plan.update.map((s) => [s.metadata.name, s.endpoints.length]),
    [[s2[0]?.metadata.name, 98]],
  );
  // A change in the slice of 60 takes the new endpoints first (changed slices are filled before others).
  const changed = [...first, ...second.slice(1), ...manyPods(200, 3)];
  const { plan: p3 } = apply(s2, { service: svc, pods: changed });
  assert.deepEqual(
    p3.update.map((s) => [s.metadata.name, s.endpoints.length]),
    [[s2[1]?.metadata.name, 62]],
  );
});

test('pods resolving a named port differently get slices per port set', () => {
  const pods = [
    pod('a', 1),
    pod('b', 2, { ports: [{ name: 'http', containerPort: 9000 }] }),
    pod('c', 3, { ports: [] }),
  ];
  const { plan } = apply([], { service: svc, pods });
  const byPort = plan.create.map((s) => [s.ports?.[0]?.port, s.endpoints.map((e) => e.targetRef?.name)]);
  assert.deepEqual(
    byPort.sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    [
      [8080, ['a']],
      [9000, ['b']],
      [undefined, ['c']],
    ],
  );
});

test('a headless Service gets the headless label and may have no ports', () => {
  const headless = service('web', { clusterIP: 'None', ports: [] });
  const { plan } = apply([], { service: headless, pods: threePods });
  assert.equal(plan.create[0]?.metadata.labels?.['service.kubernetes.io/headless'], '');
  assert.deepEqual(plan.create[0]?.ports, []);
  assert.equal(plan.create[0]?.endpoints.length, 3);
});

test('a change of Service labels updates slice labels only', () => {
  const { slices } = apply([], { service: svc, pods: threePods });
  const relabeled: Service = { ...svc, metadata: { ...svc.metadata, labels: { team: 'b' } } };
  const plan = reconcileSlices({ service: relabeled, pods: threePods, existing: slices });
  assert.equal(plan.update.length, 1);
  assert.equal(plan.update[0]?.metadata.labels?.team, 'b');
  assert.deepEqual(plan.update[0]?.endpoints, slices[0]?.endpoints);
});

test('a slice owned by an older Service of the same name is replaced', () => {
  const { slices } = apply([], { service: svc, pods: threePods });
  const recreated = service('web', { uid: 'uid-new', labels: { team: 'a' } });
  const plan = reconcileSlices({ service: recreated, pods: threePods, existing: slices });
  assert.equal(plan.create.length, 1);
  assert.equal(plan.create[0]?.metadata.ownerReferences?.[0]?.uid, 'uid-new');
  assert.deepEqual(
    plan.delete.map((s) => s.metadata.name),
    [slices[0]?.metadata.name],
  );
});

test('a Service being deleted gets no new slices', () => {
  const plan = reconcileSlices({ service: service('web', { deleting: true }), pods: threePods, existing: [] });
  assert.equal(plan.create.length, 0);
});

test('pods on an unknown node are left out and reported', () => {
  const nodes = new Map([['node-1', node('node-1', { 'topology.kubernetes.io/zone': 'z' })]]);
  const pods = [pod('a', 1), pod('b', 2, { nodeName: 'gone' })];
  const plan = reconcileSlices({ service: svc, pods, existing: [], nodeOf: (n) => nodes.get(n) });
  assert.deepEqual(plan.skippedPods, ['ns/b']);
  assert.deepEqual(
    plan.create[0]?.endpoints.map((e) => [e.targetRef?.name, e.zone]),
    [['a', 'z']],
  );
  const publish = service('web', { publishNotReadyAddresses: true });
  const plan2 = reconcileSlices({ service: publish, pods, existing: [], nodeOf: (n) => nodes.get(n) });
  assert.deepEqual(plan2.skippedPods, []);
  assert.equal(plan2.create[0]?.endpoints.length, 2);
});

test('dual-stack Services get a slice per family; a dropped family is deleted', () => {
  const dual = service('web', { ipFamilies: ['IPv4', 'IPv6'] });
  const pods = [pod('a', 1, { ips: ['127.244.0.1', 'fd00::1'] })];
  const { plan, slices } = apply([], { service: dual, pods });
  assert.deepEqual(
    plan.create.map((s) => [s.addressType, s.endpoints[0]?.addresses]),
    [
      ['IPv4', ['127.244.0.1']],
      ['IPv6', ['fd00::1']],
    ],
  );
  const v4only = service('web', { ipFamilies: ['IPv4'] });
  const plan2 = reconcileSlices({ service: v4only, pods, existing: slices });
  assert.deepEqual(
    plan2.delete.map((s) => s.addressType),
    ['IPv6'],
  );
  assert.equal(plan2.create.length + plan2.update.length, 0);
});

test('a managed slice without an endpoints field is handled like an empty one', () => {
  const { slices } = apply([], { service: svc, pods: [] });
  const { endpoints: _, ...bare } = slices[0] as EndpointSlice;
  const plan = reconcileSlices({ service: svc, pods: [], existing: [bare as EndpointSlice] });
  assert.deepEqual(plan, { create: [], update: [], delete: [], skippedPods: [] });
});

test('formatRFC3339Nano trims fractional zeros', () => {
  assert.equal(formatRFC3339Nano(new Date('2025-01-01T00:00:10.000Z')), '2025-01-01T00:00:10Z');
  assert.equal(formatRFC3339Nano(new Date('2025-01-01T00:00:10.120Z')), '2025-01-01T00:00:10.12Z');
});

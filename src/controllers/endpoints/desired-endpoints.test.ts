import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';
import { pod, service } from '../endpointslice/endpoint-test-helpers.js';
import type { Endpoints, Pod } from '../endpointslice/kinds.js';
import { endpointsChange } from './desired-endpoints.js';
import { truncateSubsets } from './truncate.js';

const svc = service('web', { labels: { team: 'a' } });
const three = [pod('a', 1), pod('b', 2), pod('c', 3)];
const ips = (s: EndpointSubset[] | undefined, field: 'addresses' | 'notReadyAddresses') =>
  (s ?? []).flatMap((x) => (x[field] ?? []).map((a) => a.targetRef?.name));

test('a Service with three ready pods gets Endpoints with three addresses', () => {
  const change = endpointsChange({
    service: svc,
    pods: three,
    current: undefined,
    triggerTime: new Date('2025-01-01T00:00:00Z'),
  });
  assert.equal(change?.action, 'create');
  assert.deepEqual(change?.endpoints, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'web',
      namespace: 'ns',
      labels: { team: 'a', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-01T00:00:00Z' },
    },
    subsets: [
      {
        addresses: [1, 2, 3].map((n) => ({
          ip: `127.244.0.${n}`,
          nodeName: 'node-1',
          targetRef: { kind: 'Pod', namespace: 'ns', name: 'abc'[n - 1], uid: `uid-${'abc'[n - 1]}` },
        })),
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ],
  });
});

function stored(pods: readonly Pod[], s = svc): Endpoints {
  const e = endpointsChange({ service: s, pods, current: undefined })?.endpoints as Endpoints;
  return { ...e, metadata: { ...e.metadata, uid: 'ep-uid', resourceVersion: '7' } };
}

test('nothing is written when the Endpoints match (the trigger time alone is no change)', () => {
  const current = stored(three);
  assert.equal(endpointsChange({ service: svc, pods: three, current, triggerTime: new Date() }), undefined);
});

const changes: { name: string; pods: Pod[]; publish?: boolean; ready: string[]; notReady: string[] }[] = [
  {
    name: 'unready pod moves to notReadyAddresses',
    pods: [pod('a', 1), pod('b', 2, { ready: false })],
    ready: ['a'],
    notReady: ['b'],
  },
  {
    name: 'terminating pod is removed',
    pods: [pod('a', 1), pod('b', 2, { deleting: true })],
    ready: ['a'],
    notReady: [],
  },
  {
    name: 'terminating pod stays with publishNotReadyAddresses',
    pods: [pod('a', 1), pod('b', 2, { deleting: true, ready: false })],
    publish: true,
    ready: ['a', 'b'],
    notReady: [],
  },
  { name: 'pod without IP is left out', pods: [pod('a', 1), pod('b', 2, { ips: [] })], ready: ['a'], notReady: [] },
];

for (const c of changes) {
  test(`${c.name}`, () => {
    const s = service('web', { labels: { team: 'a' }, ...(c.publish ? { publishNotReadyAddresses: true } : {}) });
    const change = endpointsChange({ service: s, pods: c.pods, current: stored(three, s) });
    assert.equal(change?.action, 'update');
    assert.equal(change?.endpoints.metadata.resourceVersion, '7');
    assert.deepEqual(ips(change?.endpoints.subsets, 'addresses'), c.ready);
    assert.deepEqual(ips(change?.endpoints.subsets, 'notReadyAddresses'), c.notReady);
  });
}

test('no pods: Endpoints without subsets', () => {
  const change = endpointsChange({ service: svc, pods: [], current: stored(three) });
  assert.equal(change?.endpoints.subsets, undefined);
});

test('headless Service: label, and addresses even without ports', () => {
  const headless = service('web', { clusterIP: 'None', ports: [] });
  const change = endpointsChange({ service: headless, pods: three, current: undefined });
  assert.equal(change?.endpoints.metadata.labels?.['service.kubernetes.io/headless'], '');
  assert.deepEqual(ips(change?.endpoints.subsets, 'addresses'), ['a', 'b', 'c']);
  assert.equal(change?.endpoints.subsets?.[0]?.ports, undefined);
});

test('hostname is set for pods naming the Service as subdomain', () => {
  const change = endpointsChange({
    service: svc,
    pods: [pod('a', 1, { hostname: 'h', subdomain: 'web' })],
    current: undefined,
  });
  assert.equal(change?.endpoints.subsets?.[0]?.addresses?.[0]?.hostname, 'h');
});

test('labels follow the Service', () => {
  const relabeled = service('web', { labels: { team: 'b' } });
  const change = endpointsChange({ service: relabeled, pods: three, current: stored(three) });
  assert.equal(change?.endpoints.metadata.labels?.team, 'b');
});

test('more than 1000 addresses are truncated and annotated; the annotation goes when they fit again', () => {
  const many = Array.from({ length: 1200 }, (_, i) =>
    pod(`p${i}`, i, { ip: `127.244.${i >> 8}.${i & 255}`, ready: i % 2 === 0 }),
  );
  const change = endpointsChange({ service: svc, pods: many, current: undefined });
  const e = change?.endpoints;
  assert.equal(e?.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');
  assert.equal(ips(e?.subsets, 'addresses').length, 600);
  assert.equal(ips(e?.subsets, 'notReadyAddresses').length, 400);
  const current = { ...(e as Endpoints), metadata: { ...(e as Endpoints).metadata, resourceVersion: '9' } };
  assert.equal(endpointsChange({ service: svc, pods: many, current }), undefined);
  const fewer = endpointsChange({ service: svc, pods: many.slice(0, 10), current });
  assert.equal(fewer?.endpoints.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], undefined);
});

test('truncateSubsets cuts ready addresses in proportion when they alone exceed capacity', () => {
  const addrs = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ ip: `${p}.${i}` }));
  const got = truncateSubsets(
    [
      { addresses: addrs(6, '1'), notReadyAddresses: addrs(2, '3'), ports: [{ port: 1 }] },
      { addresses: addrs(3, '2'), ports: [{ port: 2 }] },
    ],
    6,
  );
  assert.deepEqual(
    got?.map((s) => [s.addresses?.length, s.notReadyAddresses?.length]),
    [
      [4, undefined],
      [2, undefined],
    ],
  );
  assert.equal(truncateSubsets([{ addresses: addrs(3, '1') }], 6), undefined);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node, pod, service } from './endpoint-test-helpers.js';
import {
  isControllerManagedService,
  parseIP,
  podToEndpoint,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './pod-endpoint.js';

const conditionCases = [
  { name: 'ready pod', pod: pod('a', 1), publish: false, want: { ready: true, serving: true, terminating: false } },
  {
    name: 'unready pod',
    pod: pod('a', 1, { ready: false }),
    publish: false,
    want: { ready: false, serving: false, terminating: false },
  },
  {
    name: 'terminating ready pod is not ready but serving',
    pod: pod('a', 1, { deleting: true }),
    publish: false,
    want: { ready: false, serving: true, terminating: true },
  },
  {
    name: 'terminating unready pod',
    pod: pod('a', 1, { deleting: true, ready: false }),
    publish: false,
    want: { ready: false, serving: false, terminating: true },
  },
  {
    name: 'publishNotReadyAddresses makes an unready pod ready',
    pod: pod('a', 1, { ready: false }),
    publish: true,
    want: { ready: true, serving: false, terminating: false },
  },
  {
    name: 'publishNotReadyAddresses makes a terminating pod ready',
    pod: pod('a', 1, { deleting: true }),
    publish: true,
    want: { ready: true, serving: true, terminating: true },
  },
];

for (const c of conditionCases) {
  test(`podToEndpoint conditions: ${c.name}`, () => {
    const ep = podToEndpoint(c.pod, undefined, service('web', { publishNotReadyAddresses: c.publish }), 'IPv4');
    assert.deepEqual(ep.conditions, c.want);
  });
}

test('podToEndpoint fills address, targetRef, nodeName and zone', () => {
  const ep = podToEndpoint(
    pod('a', 7),
    node('node-1', { 'topology.kubernetes.io/zone': 'z1' }),
    service('web'),
    'IPv4',
  );
  assert.deepEqual(ep, {
    addresses: ['127.244.0.7'],
    conditions: { ready: true, serving: true, terminating: false },
    targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
    nodeName: 'node-1',
    zone: 'z1',
  });
});

test('podToEndpoint picks the addresses of one family', () => {
  const p = pod('a', 1, { ips: ['127.244.0.1', 'fd00::0001'] });
  assert.deepEqual(podToEndpoint(p, undefined, service('web'), 'IPv4').addresses, ['127.244.0.1']);
  assert.deepEqual(podToEndpoint(p, undefined, service('web'), 'IPv6').addresses, ['fd00::1']);
});

const hostnameCases = [
  { name: 'hostname and matching subdomain', hostname: 'h', subdomain: 'web', namespace: 'ns', want: true },
  { name: 'no hostname', hostname: '', subdomain: 'web', namespace: 'ns', want: false },
  { name: 'other subdomain', hostname: 'h', subdomain: 'other', namespace: 'ns', want: false },
  { name: 'other namespace', hostname: 'h', subdomain: 'web', namespace: 'other', want: false },
];

for (const c of hostnameCases) {
  test(`shouldSetHostname: ${c.name}`, () => {
    const p = pod('a', 1, { hostname: c.hostname, subdomain: c.subdomain, namespace: c.namespace });
    assert.equal(shouldSetHostname(p, service('web')), c.want);
    const ep = podToEndpoint(p, undefined, service('web'), 'IPv4');
    assert.equal(ep.hostname, c.want ? 'h' : undefined);
  });
}

const inclusionCases = [
  { name: 'running pod', pod: pod('a', 1), includeTerminating: false, want: true },
  { name: 'pod without IP', pod: pod('a', 1, { ips: [] }), includeTerminating: true, want: false },
  { name: 'succeeded pod', pod: pod('a', 1, { phase: 'Succeeded' }), includeTerminating: true, want: false },
  { name: 'failed pod', pod: pod('a', 1, { phase: 'Failed' }), includeTerminating: true, want: false },
  { name: 'terminating, included', pod: pod('a', 1, { deleting: true }), includeTerminating: true, want: true },
  { name: 'terminating, excluded', pod: pod('a', 1, { deleting: true }), includeTerminating: false, want: false },
];

for (const c of inclusionCases) {
  test(`shouldPodBeInEndpoints: ${c.name}`, () => {
    assert.equal(shouldPodBeInEndpoints(c.pod, c.includeTerminating), c.want);
  });
}

const ipCases: [string, ReturnType<typeof parseIP>][] = [
  ['10.0.0.1', { family: 'IPv4', text: '10.0.0.1' }],
  ['010.000.0.01', { family: 'IPv4', text: '10.0.0.1' }],
  ['::ffff:10.0.0.1', { family: 'IPv4', text: '10.0.0.1' }],
  ['FD00:0:0::1', { family: 'IPv6', text: 'fd00::1' }],
  ['256.0.0.1', undefined],
  ['nope', undefined],
];

for (const [input, want] of ipCases) {
  test(`parseIP ${input}`, () => assert.deepEqual(parseIP(input), want));
}

const managedCases = [
  { name: 'selector', svc: service('web'), want: true },
  { name: 'no selector', svc: service('web', { selector: null }), want: false },
  { name: 'empty selector', svc: service('web', { selector: {} }), want: false },
  { name: 'ExternalName', svc: service('web', { type: 'ExternalName' }), want: false },
];

for (const c of managedCases) {
  test(`isControllerManagedService: ${c.name}`, () => assert.equal(isControllerManagedService(c.svc), c.want));
}

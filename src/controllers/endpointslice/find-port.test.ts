import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServicePort } from 'kubernetes-types/core/v1.js';
import { pod, service } from './endpoint-test-helpers.js';
import { endpointPorts, findPort, portMapKey } from './find-port.js';
import type { Pod } from './kinds.js';

const withSidecar = (restartPolicy: string | undefined): Pod => {
  const p = pod('a', 1, { ports: [] });
  return {
    ...p,
    spec: {
      containers: p.spec?.containers ?? [],
      initContainers: [
        {
          name: 'side',
          ...(restartPolicy ? { restartPolicy } : {}),
          ports: [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
        },
      ],
    },
  };
};

const cases: { name: string; pod: Pod; port: ServicePort; want: number | undefined }[] = [
  { name: 'numeric targetPort', pod: pod('a', 1), port: { port: 80, targetPort: 9376 }, want: 9376 },
  { name: 'missing targetPort is the port', pod: pod('a', 1), port: { port: 80 }, want: 80 },
  { name: 'named port', pod: pod('a', 1), port: { port: 80, targetPort: 'http', protocol: 'TCP' }, want: 8080 },
  { name: 'named port, default protocol', pod: pod('a', 1), port: { port: 80, targetPort: 'http' }, want: 8080 },
  {
    name: 'named port, other protocol',
    pod: pod('a', 1),
    port: { port: 80, targetPort: 'http', protocol: 'UDP' },
    want: undefined,
  },
  { name: 'unknown name', pod: pod('a', 1), port: { port: 80, targetPort: 'grpc' }, want: undefined },
  { name: 'sidecar port', pod: withSidecar('Always'), port: { port: 80, targetPort: 'metrics' }, want: 9090 },
  {
    name: 'plain init container port',
    pod: withSidecar(undefined),
    port: { port: 80, targetPort: 'metrics' },
    want: undefined,
  },
];

for (const c of cases) {
  test(`findPort: ${c.name}`, () => assert.equal(findPort(c.pod, c.port), c.want));
}

test('endpointPorts resolves per pod and leaves out ports the pod lacks', () => {
  const svc = service('web', {
    ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { name: 'grpc', port: 81, protocol: 'TCP', targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' },
    ],
  });
  assert.deepEqual(endpointPorts(svc, pod('a', 1)), [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const both = pod('b', 2, {
    ports: [
      { name: 'http', containerPort: 8081 },
      { name: 'grpc', containerPort: 9000 },
    ],
  });
  assert.deepEqual(endpointPorts(svc, both), [
    { name: 'http', port: 8081, protocol: 'TCP' },
    { name: 'grpc', port: 9000, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' },
  ]);
});

test('portMapKey ignores order and tells port sets apart', () => {
  const a = { name: 'a', port: 1, protocol: 'TCP' };
  const b = { name: 'b', port: 2, protocol: 'TCP' };
  assert.equal(portMapKey([a, b]), portMapKey([b, a]));
  assert.notEqual(portMapKey([a]), portMapKey([a, b]));
  assert.notEqual(portMapKey([a]), portMapKey([{ ...a, port: 3 }]));
  assert.equal(portMapKey(undefined), portMapKey([]));
  // A stored port may come back without its empty name.
  assert.equal(portMapKey([{ name: '', port: 1, protocol: 'TCP' }]), portMapKey([{ port: 1, protocol: 'TCP' }]));
});

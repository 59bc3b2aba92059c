import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { findByKind, type ResourceInfo } from '../../api/registry.js';
import { applyDefaults, initialPodStatus } from './index.js';

function info(apiVersion: string, kind: string): ResourceInfo {
  const found = findByKind(apiVersion, kind);
  assert.ok(found, `${apiVersion} ${kind} is in the registry`);
  return found;
}

function defaulted(obj: KubeObject, operation?: 'create' | 'update'): KubeObject {
  const copy = structuredClone(obj);
  applyDefaults(info(obj.apiVersion ?? '', obj.kind ?? ''), copy, operation);
  return copy;
}

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

// The body of `kubectl create deployment hello --image=nginx --replicas=3 --port=8080` (kubectl-wire.md §6).
const createDeployment: KubeObject = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'hello', creationTimestamp: null as unknown as string, labels: { app: 'hello' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'hello' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'hello' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }], resources: {} }] },
    },
    strategy: {},
  },
  status: {},
};

test('kubectl create deployment is stored as a real cluster stores it', () => {
  assert.deepEqual(defaulted(createDeployment).spec, {
    replicas: 3,
    selector: { matchLabels: { app: 'hello' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'hello' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx',
            imagePullPolicy: 'Always',
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  });
});

// The body of `kubectl run p1 --image=busybox --restart=Never --labels=app=p1 -- sleep 3600`.
const runPod: KubeObject = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'p1', labels: { app: 'p1' } },
  spec: {
    containers: [{ name: 'p1', image: 'busybox', args: ['sleep', '3600'], resources: {} }],
    restartPolicy: 'Never',
    dnsPolicy: 'ClusterFirst',
  },
  status: {},
};

test('kubectl run is stored as a real cluster stores it (admission defaults included)', () => {
  const pod = defaulted(runPod, 'create');
  assert.deepEqual(pod.spec, {
    containers: [
      {
        name: 'p1',
        image: 'busybox',
        args: ['sleep', '3600'],
        imagePullPolicy: 'Always',
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: 'Never',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: 'default',
    serviceAccountName: 'default',
    terminationGracePeriodSeconds: 30,
    tolerations: defaultTolerations,
  });
  assert.deepEqual(initialPodStatus(pod), { phase: 'Pending', qosClass: 'BestEffort' });
});

test('pod updates get no admission defaults', () => {
  const spec = defaulted(runPod, 'update').spec as Record<string, unknown>;
  assert.equal(spec.serviceAccountName, undefined);
  assert.equal(spec.priority, undefined);
  assert.deepEqual(spec.tolerations, defaultTolerations);
});

// The body of `kubectl expose deployment hello --port=80 --target-port=8080 --name=hello-service`.
test('kubectl expose is stored as a real cluster stores it (before IP allocation)', () => {
  const service = defaulted({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: { app: 'hello' }, name: 'hello-service' },
    spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'hello' } },
    status: { loadBalancer: {} },
  });
  assert.deepEqual(service.spec, {
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
    selector: { app: 'hello' },
    sessionAffinity: 'None',
    type: 'ClusterIP',
  });
  assert.deepEqual(service.status, { loadBalancer: {} });
});

test('namespace: name label, phase, and the kubernetes finalizer on create only', () => {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { a: 'b' } } };
  assert.deepEqual(defaulted(ns, 'create'), {
    ...ns,
    metadata: { name: 'team', labels: { a: 'b', 'kubernetes.io/metadata.name': 'team' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  assert.deepEqual(defaulted(ns, 'update').spec, {});
  assert.deepEqual(defaulted(ns).spec, {});
  const finalized = defaulted({ ...ns, spec: { finalizers: [] } }, 'create');
  assert.deepEqual((finalized.spec as Record<string, unknown>).finalizers, []);
});

const small: [string, KubeObject, Record<string, unknown>][] = [
  ['secret type Opaque', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: {} }, { type: 'Opaque' }],
  [
    'secret type kept',
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls' },
    { type: 'kubernetes.io/tls' },
  ],
  [
    'node allocatable from capacity',
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '4', pods: '110' } } },
    { status: { capacity: { cpu: '4', pods: '110' }, allocatable: { cpu: '4', pods: '110' } } },
  ],
  [
    'endpoints port protocol',
    { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ ports: [{ port: 80 }] }] },
    { subsets: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
  ],
  [
    'endpointslice port name, protocol, conditions',
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'e' },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'], conditions: { ready: true } }],
      ports: [{ port: 80 }, { name: 'http', port: 81, protocol: 'UDP' }],
    },
    {
      endpoints: [
        { addresses: ['10.0.0.1'], conditions: {} },
        { addresses: ['10.0.0.2'], conditions: { ready: true } },
      ],
      ports: [
        { port: 80, name: '', protocol: 'TCP' },
        { name: 'http', port: 81, protocol: 'UDP' },
      ],
    },
  ],
  [
    'ingressclass parameters scope',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'c' },
      spec: { controller: 'x', parameters: { kind: 'K', name: 'n' } },
    },
    { spec: { controller: 'x', parameters: { kind: 'K', name: 'n', scope: 'Cluster' } } },
  ],
  [
    'replicaset replicas and template',
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'r' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
    },
    {
      spec: {
        replicas: 1,
        template: {
          spec: {
            containers: [
              {
                name: 'c',
                image: 'nginx:1.25',
                imagePullPolicy: 'IfNotPresent',
                resources: {},
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
              },
            ],
            dnsPolicy: 'ClusterFirst',
            restartPolicy: 'Always',
            schedulerName: 'default-scheduler',
            securityContext: {},
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    },
  ],
];

for (const [name, obj, changes] of small) {
  test(`defaults: ${name}`, () => {
    assert.deepEqual(defaulted(obj), { ...obj, ...changes });
  });
}

const untouched: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } },
  { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: {} },
  { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' } },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: {} },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'i' },
    spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] },
  },
];

for (const obj of untouched) {
  test(`no defaults for ${obj.apiVersion} ${obj.kind}`, () => {
    assert.deepEqual(defaulted(obj), obj);
  });
}

test('defaulting is idempotent', () => {
  for (const obj of [createDeployment, runPod]) {
    const once = defaulted(obj, 'create');
    assert.deepEqual(defaulted(once, 'create'), once);
  }
});

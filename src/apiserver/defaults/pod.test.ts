import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject, KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status-error.js';
import { defaultPod, initialPodStatus } from './pod.js';

function pod(spec: JsonObject, name = 'p'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

function specOf(p: KubeObject): JsonObject {
  return p.spec as JsonObject;
}

const notReady = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const unreachable = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

// DefaultTolerationSeconds: added unless the pod already tolerates the taint (empty key or effect tolerate all).
const tolerationCases: [string, unknown[] | undefined, unknown[]][] = [
  ['none', undefined, [notReady, unreachable]],
  [
    'own not-ready toleration kept',
    [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }],
    [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      unreachable,
    ],
  ],
  ['tolerate everything', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
  [
    'NoSchedule does not count',
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, notReady, unreachable],
  ],
  [
    'empty effect counts',
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }],
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, notReady],
  ],
];

for (const [name, tolerations, want] of tolerationCases) {
  test(`default tolerations: ${name}`, () => {
    const p = pod(tolerations === undefined ? { containers: [] } : { containers: [], tolerations });
    defaultPod(p, 'create');
    assert.deepEqual(specOf(p).tolerations, want);
  });
}

const priorityCases: [string, JsonObject, number | string][] = [
  ['no class', {}, 0],
  ['system-node-critical', { priorityClassName: 'system-node-critical' }, 2000001000],
  ['system-cluster-critical', { priorityClassName: 'system-cluster-critical' }, 2000000000],
  ['matching explicit priority', { priority: 0 }, 0],
  ['unknown class', { priorityClassName: 'high' }, 'pods "p" is forbidden: no PriorityClass with name high was found'],
  [
    'conflicting priority',
    { priority: 5 },
    'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
  ],
  [
    'conflicting preemption policy',
    { preemptionPolicy: 'Never' },
    'pods "p" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
  ],
];

for (const [name, extra, want] of priorityCases) {
  test(`priority admission: ${name}`, () => {
    const p = pod({ containers: [], ...extra });
    if (typeof want === 'string') {
      assert.throws(
        () => defaultPod(p, 'create'),
        (err: unknown) => err instanceof StatusError && err.code === 403 && err.message === want,
      );
      return;
    }
    defaultPod(p, 'create');
    assert.equal(specOf(p).priority, want);
    assert.equal(specOf(p).preemptionPolicy, 'PreemptLowerPriority');
  });
}

const serviceAccountCases: [string, JsonObject, string][] = [
  ['none', {}, 'default'],
  ['name', { serviceAccountName: 'robot' }, 'robot'],
  ['deprecated alias only', { serviceAccount: 'robot' }, 'robot'],
  ['name wins over alias', { serviceAccountName: 'robot', serviceAccount: 'other' }, 'robot'],
];

for (const [name, extra, want] of serviceAccountCases) {
  test(`service account: ${name}`, () => {
    const p = pod({ containers: [], ...extra });
    defaultPod(p, 'create');
    assert.equal(specOf(p).serviceAccountName, want);
    assert.equal(specOf(p).serviceAccount, want);
  });
}

test('requests default to limits, per resource, for containers and init containers', () => {
  const p = pod({
    initContainers: [{ name: 'i', image: 'x', resources: { limits: { cpu: '1' } } }],
    containers: [
      { name: 'c', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } },
    ],
  });
  defaultPod(p);
  const [init] = specOf(p).initContainers as JsonObject[];
  const [main] = specOf(p).containers as JsonObject[];
  assert.deepEqual(init?.resources, { limits: { cpu: '1' }, requests: { cpu: '1' } });
  assert.deepEqual(main?.resources, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
});

test('host network publishes container ports as host ports', () => {
  const p = pod({
    hostNetwork: true,
    containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 9 }] }],
  });
  defaultPod(p);
  const [c] = specOf(p).containers as JsonObject[];
  assert.deepEqual(c?.ports, [
    { containerPort: 80, hostPort: 80, protocol: 'TCP' },
    { containerPort: 81, hostPort: 9, protocol: 'TCP' },
  ]);
});

test('enableServiceLinks is defaulted on pods but an explicit false is kept', () => {
  const p = pod({ containers: [], enableServiceLinks: false });
  defaultPod(p);
  assert.equal(specOf(p).enableServiceLinks, false);
});

const qos: [string, JsonObject[], JsonObject[], string][] = [
  ['no resources', [{}], [], 'BestEffort'],
  ['zero requests', [{ requests: { cpu: '0' } }], [], 'BestEffort'],
  ['other resources only', [{ limits: { 'ephemeral-storage': '1Gi' } }], [], 'BestEffort'],
  ['limits only (requests defaulted)', [{ limits: { cpu: '1', memory: '1Gi' } }], [], 'Guaranteed'],
  [
    'equal by value',
    [{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }],
    [],
    'Guaranteed',
  ],
  ['lower request', [{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }], [], 'Burstable'],
  ['cpu limit only', [{ limits: { cpu: '1' } }], [], 'Burstable'],
  [
    'one container without limits',
    [{ limits: { cpu: '1', memory: '1Gi' } }, { requests: { cpu: '1' } }],
    [],
    'Burstable',
  ],
  ['init container counts', [{ limits: { cpu: '1', memory: '1Gi' } }], [{ requests: { memory: '1Mi' } }], 'Burstable'],
];

for (const [name, containers, initContainers, want] of qos) {
  test(`initialPodStatus QoS: ${name}`, () => {
    const p = pod({
      containers: containers.map((resources, i) => ({ name: `c${i}`, image: 'x', resources })),
      initContainers: initContainers.map((resources, i) => ({ name: `i${i}`, image: 'x', resources })),
    });
    defaultPod(p);
    assert.deepEqual(initialPodStatus(p), { phase: 'Pending', qosClass: want });
  });
}

test('initialPodStatus with scheduling gates', () => {
  const p = pod({ containers: [], schedulingGates: [{ name: 'wait' }] });
  assert.deepEqual(initialPodStatus(p).conditions, [
    {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: null,
      reason: 'SchedulingGated',
      message: 'Scheduling is blocked due to non-empty scheduling gates',
    },
  ]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../api/object.js';
import { defaultContainer, defaultPodSpec, defaultProbe, defaultVolume } from './pod-spec.js';

const probes: [string, JsonObject, JsonObject][] = [
  [
    'exec probe',
    { exec: { command: ['true'] } },
    { exec: { command: ['true'] }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
  ],
  [
    'httpGet path and scheme',
    { httpGet: { port: 8080 }, periodSeconds: 5 },
    {
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
    },
  ],
  [
    'explicit zeros are defaulted (Go int fields)',
    { tcpSocket: { port: 1 }, timeoutSeconds: 0, failureThreshold: 0, initialDelaySeconds: 0 },
    {
      tcpSocket: { port: 1 },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
      initialDelaySeconds: 0,
    },
  ],
  [
    'grpc service',
    { grpc: { port: 9090 } },
    {
      grpc: { port: 9090, service: '' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
  ],
  [
    'httpGet keeps its values',
    { httpGet: { port: 'http', path: '/healthz', scheme: 'HTTPS' } },
    {
      httpGet: { port: 'http', path: '/healthz', scheme: 'HTTPS' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
  ],
];

for (const [name, probe, want] of probes) {
  test(`probe: ${name}`, () => {
    defaultProbe(probe);
    assert.deepEqual(probe, want);
  });
}

const volumes: [string, JsonObject, JsonObject][] = [
  ['no source is emptyDir', { name: 'v' }, { name: 'v', emptyDir: {} }],
  ['emptyDir kept', { name: 'v', emptyDir: { medium: 'Memory' } }, { name: 'v', emptyDir: { medium: 'Memory' } }],
  [
    'configMap mode',
    { name: 'v', configMap: { name: 'c' } },
    { name: 'v', configMap: { name: 'c', defaultMode: 420 } },
  ],
  [
    'secret mode kept',
    { name: 'v', secret: { secretName: 's', defaultMode: 256 } },
    { name: 'v', secret: { secretName: 's', defaultMode: 256 } },
  ],
  ['hostPath type', { name: 'v', hostPath: { path: '/tmp' } }, { name: 'v', hostPath: { path: '/tmp', type: '' } }],
  [
    'downwardAPI',
    { name: 'v', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
    {
      name: 'v',
      downwardAPI: {
        defaultMode: 420,
        items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }],
      },
    },
  ],
  [
    'projected service account token',
    {
      name: 'v',
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token' } },
          { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
    {
      name: 'v',
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
          { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace', apiVersion: 'v1' } }] } },
        ],
      },
    },
  ],
  [
    'ephemeral volume claim',
    { name: 'v', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
    {
      name: 'v',
      ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } } },
    },
  ],
];

for (const [name, volume, want] of volumes) {
  test(`volume: ${name}`, () => {
    defaultVolume(volume);
    assert.deepEqual(volume, want);
  });
}

test('container: env fieldRef, lifecycle handlers, probes, ports, resources', () => {
  const c: JsonObject = {
    name: 'c',
    image: 'registry.local:5000/app:v2',
    env: [
      { name: 'A', value: 'x' },
      { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80 }],
    lifecycle: { preStop: { httpGet: { port: 80 } }, postStart: { exec: { command: ['x'] } } },
    readinessProbe: { httpGet: { port: 80 } },
  };
  defaultContainer(c);
  assert.deepEqual(c, {
    name: 'c',
    image: 'registry.local:5000/app:v2',
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    env: [
      { name: 'A', value: 'x' },
      { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
    ],
    ports: [
      { containerPort: 53, protocol: 'UDP' },
      { containerPort: 80, protocol: 'TCP' },
    ],
    resources: {},
    lifecycle: {
      preStop: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } },
      postStart: { exec: { command: ['x'] } },
    },
    readinessProbe: {
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
  });
});

test('pod spec: every container list, explicit values kept', () => {
  const spec: JsonObject = {
    restartPolicy: 'OnFailure',
    terminationGracePeriodSeconds: 0,
    dnsPolicy: 'Default',
    initContainers: [{ name: 'i', image: 'busybox:latest' }],
    containers: [
      { name: 'c', image: 'busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
    ],
    ephemeralContainers: [{ name: 'e', image: 'busybox', imagePullPolicy: 'Never' }],
  };
  defaultPodSpec(spec);
  assert.equal(spec.restartPolicy, 'OnFailure');
  assert.equal(spec.terminationGracePeriodSeconds, 0);
  assert.equal(spec.dnsPolicy, 'Default');
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.equal(spec.serviceAccountName, undefined);
  assert.equal(spec.enableServiceLinks, undefined, 'a template does not get the pod-only defaults');
  const policies = ['initContainers', 'containers', 'ephemeralContainers'].map(
    (key) => (spec[key] as JsonObject[])[0]?.imagePullPolicy,
  );
  assert.deepEqual(policies, ['Always', 'IfNotPresent', 'Never']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MachineInfo } from './machine-info.js';
import { type AgentInfo, heartbeatStatus, newNode, reconciledLabels } from './node-object.js';

const machine: MachineInfo = {
  cpus: 4,
  memoryBytes: 8 * 1024 ** 3,
  filesystemBytes: 100 * 1024 ** 3,
  hugePages: {},
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.8.0-45-generic',
  architecture: 'arm64',
  machineID: 'mid',
  bootID: 'bid',
  systemUUID: '',
};
const agent: AgentInfo = {
  kubeletVersion: 'v1.33.0',
  runtimeVersion: 'kubeling://0.1.0',
  kubeletPort: 10250,
  internalIP: '127.0.0.1',
};
const t0 = '2026-11-26T09:00:00Z';

test('newNode registers labels, addresses, node info and conditions', () => {
  const { node, transitions } = newNode('kubeling', machine, agent, t0);
  assert.deepEqual(node.metadata?.labels, {
    'beta.kubernetes.io/arch': 'arm64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'arm64',
    'kubernetes.io/hostname': 'kubeling',
    'kubernetes.io/os': 'linux',
    'node-role.kubernetes.io/control-plane': '',
  });
  assert.deepEqual(node.status?.addresses, [
    { type: 'InternalIP', address: '127.0.0.1' },
    { type: 'Hostname', address: 'kubeling' },
  ]);
  assert.deepEqual(node.status?.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.deepEqual(node.status?.nodeInfo, {
    machineID: 'mid',
    systemUUID: '',
    bootID: 'bid',
    kernelVersion: '6.8.0-45-generic',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    containerRuntimeVersion: 'kubeling://0.1.0',
    kubeletVersion: 'v1.33.0',
    kubeProxyVersion: '',
    operatingSystem: 'linux',
    architecture: 'arm64',
  });
  assert.equal(node.status?.capacity?.cpu, '4');
  assert.equal(node.status?.capacity?.memory, '8Gi');
  assert.equal(node.status?.allocatable?.memory, '8092Mi');
  assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  assert.equal(transitions.length, 4);
});

test('heartbeatStatus keeps fields it does not own', () => {
  const { node } = newNode('kubeling', machine, agent, t0);
  const images = [{ names: ['nginx:latest'], sizeBytes: 1 }];
  const { status, transitions } = heartbeatStatus(
    { ...node.status, images },
    'kubeling',
    machine,
    agent,
    '2026-11-26T09:00:10Z',
  );
  assert.deepEqual(status.images, images);
  assert.deepEqual(transitions, []);
  assert.equal(status.conditions?.[0]?.lastHeartbeatTime, '2026-11-26T09:00:10Z');
});

test('reconciledLabels re-applies the default labels only when needed', () => {
  const { node } = newNode('kubeling', machine, agent, t0);
  assert.equal(reconciledLabels(node.metadata?.labels, 'kubeling', 'arm64'), undefined);
  assert.deepEqual(reconciledLabels({ disk: 'ssd', 'kubernetes.io/arch': 'amd64' }, 'kubeling', 'arm64'), {
    disk: 'ssd',
    'beta.kubernetes.io/arch': 'arm64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'arm64',
    'kubernetes.io/hostname': 'kubeling',
    'kubernetes.io/os': 'linux',
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { assignedPodReleased, nodeSchedulingPropertiesChanged, pendingPodChanged } from './cluster-events.js';

const node: Node = {
  metadata: { name: 'k', labels: { a: '1' }, resourceVersion: '1' },
  spec: {},
  status: {
    allocatable: { cpu: '2' },
    conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-11-26T09:00:00Z' }],
  },
};

test('nodeSchedulingPropertiesChanged ignores heartbeats', () => {
  const cases: [name: string, next: Node, want: boolean][] = [
    [
      'heartbeat only',
      {
        ...node,
        metadata: { ...node.metadata, resourceVersion: '2' },
        status: {
          ...node.status,
          conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-11-26T09:00:10Z' }],
        },
      },
      false,
    ],
    ['label added', { ...node, metadata: { ...node.metadata, labels: { a: '1', disk: 'ssd' } } }, true],
    ['cordoned', { ...node, spec: { unschedulable: true } }, true],
    ['tainted', { ...node, spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } }, true],
    ['allocatable changed', { ...node, status: { ...node.status, allocatable: { cpu: '4' } } }, true],
    [
      'became NotReady',
      { ...node, status: { ...node.status, conditions: [{ type: 'Ready', status: 'False' }] } },
      true,
    ],
  ];
  for (const [name, next, want] of cases) assert.equal(nodeSchedulingPropertiesChanged(node, next), want, name);
});

const pod: Pod = {
  metadata: { name: 'p', namespace: 'dev', labels: { app: 'a' } },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] },
  status: { phase: 'Pending' },
};

test('pendingPodChanged ignores status writes', () => {
  assert.equal(pendingPodChanged(pod, { ...pod, status: { phase: 'Pending', conditions: [] } }), false);
  assert.equal(pendingPodChanged(pod, { ...pod, spec: { ...pod.spec, containers: [], tolerations: [] } }), true);
  assert.equal(pendingPodChanged(pod, { ...pod, metadata: { ...pod.metadata, labels: { app: 'b' } } }), true);
});

test('assignedPodReleased: finished pods and shrunk requests free room', () => {
  const bound: Pod = { ...pod, spec: { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName: 'k' } };
  const cases: [name: string, next: Pod, want: boolean][] = [
    ['still running', { ...bound, status: { phase: 'Running' } }, false],
    ['succeeded', { ...bound, status: { phase: 'Succeeded' } }, true],
    ['failed', { ...bound, status: { phase: 'Failed' } }, true],
    [
      'requests shrank',
      { ...bound, spec: { ...bound.spec, containers: [{ name: 'c', resources: { requests: { cpu: '500m' } } }] } },
      true,
    ],
  ];
  for (const [name, next, want] of cases) assert.equal(assignedPodReleased(bound, next), want, name);
});

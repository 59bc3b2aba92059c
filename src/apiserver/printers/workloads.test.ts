import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { deploymentPrinter, replicaSetPrinter } from './workloads.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const created = '2024-06-01T11:15:00Z'; // 45m before NOW

function workload(kind: string, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'hello', creationTimestamp: created }, spec, status };
}

const template = {
  metadata: { labels: { app: 'hello' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.25' },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
};

describe('deployment printer', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'partially ready',
      workload(
        'Deployment',
        { replicas: 3, selector: { matchLabels: { app: 'hello' } }, template },
        { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      ),
      ['hello', '2/3', 3, 2, '45m', 'web,sidecar', 'nginx:1.25,busybox', 'app=hello'],
    ],
    [
      'fresh deployment without status',
      workload(
        'Deployment',
        {
          replicas: 1,
          selector: {
            matchLabels: { app: 'hello' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }],
          },
          template,
        },
        {},
      ),
      ['hello', '0/1', 0, 0, '45m', 'web,sidecar', 'nginx:1.25,busybox', 'app=hello,tier in (api,web)'],
    ],
    [
      'unset replicas default to 1, empty selector prints nothing',
      workload('Deployment', { selector: {}, template: { spec: { containers: [] } } }, {}),
      ['hello', '0/1', 0, 0, '45m', '', '', ''],
    ],
    [
      'invalid selector',
      workload(
        'Deployment',
        { replicas: 0, selector: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, template },
        {},
      ),
      ['hello', '0/0', 0, 0, '45m', 'web,sidecar', 'nginx:1.25,busybox', '<invalid>'],
    ],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(deploymentPrinter.cells(obj, NOW), expected));
  }

  it('has the upstream columns', () => {
    assert.deepEqual(
      deploymentPrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1'],
    );
  });
});

describe('replicaset printer', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'scaled',
      workload(
        'ReplicaSet',
        { replicas: 3, selector: { matchLabels: { app: 'hello', 'pod-template-hash': 'abc' } }, template },
        { replicas: 3, readyReplicas: 1 },
      ),
      ['hello', 3, 3, 1, '45m', 'web,sidecar', 'nginx:1.25,busybox', 'app=hello,pod-template-hash=abc'],
    ],
    [
      'empty selector prints <none>',
      workload('ReplicaSet', { replicas: 0, selector: {}, template }, {}),
      ['hello', 0, 0, 0, '45m', 'web,sidecar', 'nginx:1.25,busybox', '<none>'],
    ],
    [
      'invalid selector prints <error>',
      workload('ReplicaSet', { selector: { matchExpressions: [{ key: 'a', operator: 'In' }] }, template }, {}),
      ['hello', 1, 0, 0, '45m', 'web,sidecar', 'nginx:1.25,busybox', '<error>'],
    ],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(replicaSetPrinter.cells(obj, NOW), expected));
  }

  it('types Desired, Current and Ready as integers', () => {
    assert.deepEqual(
      replicaSetPrinter.columns.slice(1, 4).map((c) => c.type),
      ['integer', 'integer', 'integer'],
    );
  });
});

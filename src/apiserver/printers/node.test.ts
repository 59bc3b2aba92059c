import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { nodePrinter, nodeRoles } from './node.js';

const NOW = new Date('2024-06-01T12:00:00Z');

function node(
  labels: Record<string, string>,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', creationTimestamp: '2024-05-25T12:00:00Z', labels },
    spec,
    status,
  };
}

const info = {
  kubeletVersion: 'v1.30.0',
  osImage: 'Ubuntu 22.04.4 LTS',
  kernelVersion: '6.5.0-1',
  containerRuntimeVersion: 'kubeling://0.1.0',
};
const addresses = [
  { type: 'Hostname', address: 'node-1' },
  { type: 'InternalIP', address: '192.168.1.10' },
  { type: 'InternalIP', address: '192.168.1.11' },
];

describe('node printer', () => {
  const cases: [string, KubeObject, unknown[]][] = [
    [
      'ready control plane',
      node(
        { 'node-role.kubernetes.io/control-plane': '' },
        {},
        { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: info, addresses },
      ),
      [
        'node-1',
        'Ready',
        'control-plane',
        '7d',
        'v1.30.0',
        '192.168.1.10',
        '<none>',
        'Ubuntu 22.04.4 LTS',
        '6.5.0-1',
        'kubeling://0.1.0',
      ],
    ],
    [
      'not ready and cordoned, no info',
      node(
        {},
        { unschedulable: true },
        {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: 'False' },
          ],
          addresses: [{ type: 'ExternalIP', address: '203.0.113.5' }],
        },
      ),
      [
        'node-1',
        'NotReady,SchedulingDisabled',
        '<none>',
        '7d',
        '',
        '<none>',
        '203.0.113.5',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    ],
    [
      'no Ready condition',
      node({}, {}, {}),
      ['node-1', 'Unknown', '<none>', '7d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ],
    [
      'Ready condition Unknown',
      node({}, {}, { conditions: [{ type: 'Ready', status: 'Unknown' }] }),
      ['node-1', 'NotReady', '<none>', '7d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ],
  ];
  for (const [name, obj, expected] of cases) {
    it(name, () => assert.deepEqual(nodePrinter.cells(obj, NOW), expected));
  }
});

describe('nodeRoles', () => {
  const cases: [Record<string, string> | undefined, string][] = [
    [undefined, '<none>'],
    [{ 'kubernetes.io/hostname': 'n1' }, '<none>'],
    [{ 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': 'true' }, 'control-plane,worker'],
    [{ 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/master': '' }, 'master'],
    [{ 'kubernetes.io/role': '' }, '<none>'],
    [{ 'node-role.kubernetes.io/': '' }, '<none>'],
  ];
  for (const [labels, expected] of cases) {
    it(`${JSON.stringify(labels)} → ${expected}`, () => assert.equal(nodeRoles(labels), expected));
  }
});

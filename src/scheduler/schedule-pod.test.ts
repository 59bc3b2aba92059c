import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { buildNodeInfos } from './node-info.js';
import { type ScheduleResult, schedulePod } from './schedule-pod.js';

function node(
  name: string,
  opts: { labels?: Record<string, string>; ready?: string; extra?: Partial<Node> } = {},
): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: {},
    status: {
      allocatable: { cpu: '2', memory: '4Gi', pods: '3', 'ephemeral-storage': '10Gi' },
      conditions: [{ type: 'Ready', status: opts.ready ?? 'True' }],
    },
    ...opts.extra,
  };
}

function container(requests: Record<string, string> = {}, hostPort?: number): Container {
  return {
    name: 'c',
    image: 'nginx',
    resources: { requests },
    ...(hostPort ? { ports: [{ containerPort: 80, hostPort }] } : {}),
  };
}

function pod(name: string, spec: Partial<PodSpec> = {}, status: Pod['status'] = { phase: 'Pending' }): Pod {
  return { metadata: { name, namespace: 'dev' }, spec: { containers: [container()], ...spec }, status };
}

function running(name: string, nodeName: string, spec: Partial<PodSpec> = {}, phase = 'Running'): Pod {
  return pod(name, { nodeName, ...spec }, { phase });
}

const notHelpful = 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
const noVictims = 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';

test('schedulePod: filters, messages and node choice', () => {
  const cases: [name: string, p: Pod, nodes: Node[], pods: Pod[], want: ScheduleResult][] = [
    ['fits the only node', pod('a'), [node('k')], [], { kind: 'fit', nodeName: 'k' }],
    ['no nodes at all', pod('a'), [], [], { kind: 'unschedulable', message: 'no nodes available to schedule pods' }],
    [
      'nodeSelector does not match',
      pod('a', { nodeSelector: { disk: 'ssd' } }),
      [node('k')],
      [],
      {
        kind: 'unschedulable',
        message: `0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. ${notHelpful}`,
      },
    ],
    [
      'nodeSelector matches',
      pod('a', { nodeSelector: { disk: 'ssd' } }),
      [node('k', { labels: { disk: 'ssd' } })],
      [],
      {
        kind: 'fit',
        nodeName: 'k',
      },
    ],
    [
      'cordoned node',
      pod('a'),
      [node('k', { extra: { spec: { unschedulable: true } } })],
      [],
      { kind: 'unschedulable', message: `0/1 nodes are available: 1 node(s) were unschedulable. ${notHelpful}` },
    ],
    [
      'cordon tolerated by the unschedulable toleration',
      pod('a', {
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      }),
      [node('k', { extra: { spec: { unschedulable: true } } })],
      [],
      { kind: 'fit', nodeName: 'k' },
    ],
    [
      'untolerated taint',
      pod('a'),
      [node('k', { extra: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } } })],
      [],
      {
        kind: 'unschedulable',
        message: `0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}. ${notHelpful}`,
      },
    ],
    [
      'tolerated taint',
      pod('a', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }),
      [node('k', { extra: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } } })],
      [],
      { kind: 'fit', nodeName: 'k' },
    ],
    [
      'PreferNoSchedule taint does not filter',
      pod('a'),
      [node('k', { extra: { spec: { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] } } })],
      [],
      { kind: 'fit', nodeName: 'k' },
    ],
    [
      'not-ready node, even with the default NoExecute tolerations',
      pod('a', {
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      }),
      [node('k', { ready: 'False' })],
      [],
      {
        kind: 'unschedulable',
        message: `0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. ${notHelpful}`,
      },
    ],
    [
      'cordon is checked before the selector',
      pod('a', { nodeSelector: { disk: 'ssd' } }),
      [node('k', { extra: { spec: { unschedulable: true } } })],
      [],
      { kind: 'unschedulable', message: `0/1 nodes are available: 1 node(s) were unschedulable. ${notHelpful}` },
    ],
    [
      'insufficient cpu and memory (resolvable, no victims)',
      pod('a', { containers: [container({ cpu: '1500m', memory: '3Gi' })] }),
      [node('k')],
      [running('b', 'k', { containers: [container({ cpu: '1', memory: '2Gi' })] })],
      {
        kind: 'unschedulable',
        message: `0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. ${noVictims}`,
      },
    ],
    [
      'more cpu than the node has is unresolvable',
      pod('a', { containers: [container({ cpu: '3' })] }),
      [node('k')],
      [],
      { kind: 'unschedulable', message: `0/1 nodes are available: 1 Insufficient cpu. ${notHelpful}` },
    ],
    [
      'terminal pods free their resources',
      pod('a', { containers: [container({ cpu: '1500m' })] }),
      [node('k')],
      [running('b', 'k', { containers: [container({ cpu: '1' })] }, 'Succeeded')],
      { kind: 'fit', nodeName: 'k' },
    ],
    [
      'too many pods',
      pod('a'),
      [node('k')],
      [running('b', 'k'), running('c', 'k'), running('d', 'k')],
      { kind: 'unschedulable', message: `0/1 nodes are available: 1 Too many pods. ${noVictims}` },
    ],
    [
      'lower-priority pods that would not make room',
      pod('a', { priority: 10, containers: [container({ cpu: '1500m' })] }),
      [node('k')],
      [
        running('low', 'k', { priority: 0, containers: [container({ cpu: '100m' })] }),
        running('high', 'k', { priority: 100, containers: [container({ cpu: '1' })] }),
      ],
      {
        kind: 'unschedulable',
        message:
          '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.',
      },
    ],
    [
      'preemptionPolicy Never',
      pod('a', { preemptionPolicy: 'Never', containers: [container({ cpu: '1500m' })] }),
      [node('k')],
      [running('b', 'k', { containers: [container({ cpu: '1' })] })],
      {
        kind: 'unschedulable',
        message: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
      },
    ],
    [
      'extended resource the node lacks',
      pod('a', { containers: [container({ 'example.com/gpu': '1' })] }),
      [node('k')],
      [],
      { kind: 'unschedulable', message: `0/1 nodes are available: 1 Insufficient example.com/gpu. ${notHelpful}` },
    ],
    [
      'host port in use',
      pod('a', { containers: [container({}, 8080)] }),
      [node('k')],
      [running('b', 'k', { containers: [container({}, 8080)] })],
      {
        kind: 'unschedulable',
        message: `0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. ${noVictims}`,
      },
    ],
    [
      'reasons are counted over nodes and sorted',
      pod('a', { nodeSelector: { disk: 'ssd' } }),
      [node('n1'), node('n2', { extra: { spec: { unschedulable: true } } }), node('n3')],
      [],
      {
        kind: 'unschedulable',
        message:
          "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. " +
          'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      },
    ],
    [
      'the least allocated feasible node wins',
      pod('a', { containers: [container({ cpu: '500m' })] }),
      [node('n1'), node('n2'), node('n3', { labels: {}, extra: { spec: { unschedulable: true } } })],
      [running('b', 'n1', { containers: [container({ cpu: '1' })] })],
      { kind: 'fit', nodeName: 'n2' },
    ],
  ];
  for (const [name, p, nodes, pods, want] of cases) {
    assert.deepEqual(schedulePod(p, buildNodeInfos(nodes, pods)), want, name);
  }
});

test('schedulePod counts assumed pods on their node', () => {
  const p = pod('a', { containers: [container({ cpu: '1500m' })] });
  const other = pod('b', { containers: [container({ cpu: '1' })] });
  const infos = buildNodeInfos([node('k')], [other], new Map([['dev/b', 'k']]));
  assert.equal(schedulePod(p, infos).kind, 'unschedulable');
  assert.equal(schedulePod(p, buildNodeInfos([node('k')], [other])).kind, 'fit');
});

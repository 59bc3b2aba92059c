import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { choosePod, isReady, podPort, siblingsSelector } from './pod-choice.js';

function pod(name: string, opts: { ready?: boolean; since?: string; deleting?: boolean; phase?: string } = {}): Pod {
  return {
    metadata: {
      name,
      labels: { app: 'hello', 'pod-template-hash': 'abc' },
      ...(opts.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: opts.ready === false ? 'False' : 'True',
          lastTransitionTime: opts.since ?? '2024-01-01T00:00:05Z',
        },
      ],
    },
  };
}

test('ready means Running, Ready=True and not being deleted', () => {
  assert.equal(isReady(pod('a')), true);
  assert.equal(isReady(pod('a', { ready: false })), false);
  assert.equal(isReady(pod('a', { deleting: true })), false);
  assert.equal(isReady(pod('a', { phase: 'Pending' })), false);
});

const cases: { name: string; pods: Pod[]; current?: string; want: string | undefined }[] = [
  {
    name: 'keeps the current pod while it is ready',
    pods: [pod('a', { since: '2024-01-01T00:00:01Z' }), pod('b')],
    current: 'b',
    want: 'b',
  },
  {
    name: 'the longest-ready pod when the current one is gone',
    pods: [pod('b'), pod('a', { since: '2024-01-01T00:00:01Z' })],
    current: 'x',
    want: 'a',
  },
  {
    name: 'leaves a pod that is being deleted',
    pods: [pod('a', { deleting: true }), pod('b')],
    current: 'a',
    want: 'b',
  },
  { name: 'never a pod that is not ready', pods: [pod('a', { ready: false })], want: undefined },
  { name: 'ties by name', pods: [pod('b'), pod('a')], want: 'a' },
];
for (const c of cases) {
  test(`choosePod: ${c.name}`, () => assert.equal(choosePod(c.pods, c.current)?.metadata?.name, c.want));
}

test('siblings share the labels but the revision hash; a pod without labels has none', () => {
  const selector = siblingsSelector(pod('a'));
  assert.equal(selector?.toString(), 'app=hello');
  assert.equal(siblingsSelector({ metadata: { name: 'bare' } }), undefined);
});

test('a remote port is a number or a container port name', () => {
  assert.equal(podPort(pod('a'), '9090'), 9090);
  assert.equal(podPort(pod('a'), 'http'), 8080);
  assert.equal(podPort(pod('a'), 'grpc'), undefined);
});

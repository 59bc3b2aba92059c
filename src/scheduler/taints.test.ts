import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { effectiveTaints, findUntoleratedTaint, toleratesTaint } from './taints.js';

test('toleratesTaint', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const cases: [name: string, t: Toleration, want: boolean][] = [
    ['exact match', { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, true],
    ['Equal operator', { key: 'dedicated', operator: 'Equal', value: 'gpu' }, true],
    ['value differs', { key: 'dedicated', value: 'cpu' }, false],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists' }, true],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['effect differs', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['key differs', { key: 'other', operator: 'Exists' }, false],
    ['unknown operator', { key: 'dedicated', operator: 'Gt', value: 'gpu' }, false],
  ];
  for (const [name, t, want] of cases) assert.equal(toleratesTaint(t, taint), want, name);
});

test('findUntoleratedTaint considers only NoSchedule and NoExecute', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', value: '1', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute' },
  ];
  assert.deepEqual(findUntoleratedTaint(taints, []), taints[1]);
  assert.deepEqual(findUntoleratedTaint(taints, [{ key: 'a', value: '1' }]), taints[2]);
  assert.equal(
    findUntoleratedTaint(taints, [
      { key: 'a', value: '1' },
      { key: 'b', operator: 'Exists' },
    ]),
    undefined,
  );
  // The default tolerations (not-ready / unreachable NoExecute for 300 s) do not tolerate the NoSchedule taint.
  const defaults: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  const notReady: Taint[] = [
    { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
  ];
  assert.deepEqual(findUntoleratedTaint(notReady, defaults), notReady[1]);
});

test('effectiveTaints adds the NoSchedule taints implied by node conditions', () => {
  const node = (conditions: [string, string][], taints: Taint[] = []): Node => ({
    metadata: { name: 'n' },
    spec: { taints },
    status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
  });
  const keys = (n: Node) => effectiveTaints(n).map((t) => `${t.key}:${t.effect}`);
  assert.deepEqual(keys(node([['Ready', 'True']])), []);
  assert.deepEqual(keys(node([])), []);
  assert.deepEqual(keys(node([['Ready', 'False']])), ['node.kubernetes.io/not-ready:NoSchedule']);
  assert.deepEqual(keys(node([['Ready', 'Unknown']])), ['node.kubernetes.io/unreachable:NoSchedule']);
  assert.deepEqual(
    keys(
      node([
        ['Ready', 'True'],
        ['DiskPressure', 'True'],
        ['MemoryPressure', 'False'],
      ]),
    ),
    ['node.kubernetes.io/disk-pressure:NoSchedule'],
  );
  assert.deepEqual(keys(node([['Ready', 'False']], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }])), [
    'node.kubernetes.io/not-ready:NoSchedule',
  ]);
});

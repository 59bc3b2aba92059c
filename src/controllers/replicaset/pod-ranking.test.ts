import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deleteBefore, logarithmicRankDiff, podsToDelete, rankByColocation } from './pod-ranking.js';
import { type PodOptions, testPod } from './test-fixtures.js';

const now = new Date('2024-01-01T01:00:00Z');
const node = 'n1';

// Each row: pod `first` must be deleted before pod `second` (and not the other way round).
const pairs: { name: string; first: PodOptions; second: PodOptions; ranks?: [number, number] }[] = [
  { name: 'unassigned before assigned', first: { phase: 'Running' }, second: { node, phase: 'Pending' } },
  { name: 'Pending before Unknown', first: { node, phase: 'Pending' }, second: { node, phase: 'Unknown' } },
  { name: 'Unknown before Running', first: { node, phase: 'Unknown' }, second: { node, phase: 'Running' } },
  { name: 'Pending before Running', first: { node, phase: 'Pending' }, second: { node, phase: 'Running' } },
  {
    name: 'not ready before ready',
    first: { node, notReady: true, restarts: 0 },
    second: { node, readySince: '2024-01-01T00:59:59Z', restarts: 10 },
  },
  {
    name: 'lower deletion cost first',
    first: { node, deletionCost: '-5', created: '2023-01-01T00:00:00Z' },
    second: { node, deletionCost: '0', created: '2024-01-01T00:59:00Z' },
  },
  {
    name: 'absent cost (0) before a positive cost',
    first: { node, restarts: 0 },
    second: { node, deletionCost: '10', restarts: 9 },
  },
  {
    name: 'more colocated pods first',
    first: { node, restarts: 0 },
    second: { node: 'n2', restarts: 9 },
    ranks: [3, 1],
  },
  {
    name: 'ready more recently first (different log2 buckets)',
    first: { node, readySince: '2024-01-01T00:59:00Z', restarts: 0 },
    second: { node, readySince: '2024-01-01T00:00:00Z', restarts: 9 },
  },
  {
    name: 'ready times in the same log2 bucket: UID decides, restarts are not looked at',
    first: { node, uid: 'a', readySince: '2024-01-01T00:10:00Z', restarts: 0 },
    second: { node, uid: 'b', readySince: '2024-01-01T00:20:00Z', restarts: 9 },
  },
  {
    name: 'more restarts first',
    first: { node, restarts: 5, created: '2023-01-01T00:00:00Z' },
    second: { node, restarts: 1, created: '2024-01-01T00:59:00Z' },
  },
  {
    name: 'newer first (different log2 buckets)',
    first: { node, created: '2024-01-01T00:59:00Z' },
    second: { node, created: '2023-12-01T00:00:00Z' },
  },
  {
    name: 'creation times in the same log2 bucket: UID decides',
    first: { node, uid: 'a', created: '2024-01-01T00:10:00Z' },
    second: { node, uid: 'b', created: '2024-01-01T00:20:00Z' },
  },
  {
    name: 'zero creation time first',
    first: { node },
    second: { node, created: '2024-01-01T00:59:59Z' },
  },
  {
    name: 'invalid deletion costs count as 0',
    first: { node, deletionCost: '+10', restarts: 2 },
    second: { node, deletionCost: '007', restarts: 1 },
  },
];

for (const row of pairs) {
  test(`ranking: ${row.name}`, () => {
    const [ra, rb] = row.ranks ?? [0, 0];
    const a = { pod: testPod({ name: 'first', ...row.first }), rank: ra };
    const b = { pod: testPod({ name: 'second', ...row.second }), rank: rb };
    assert.equal(deleteBefore(a, b, now), true);
    assert.equal(deleteBefore(b, a, now), false);
  });
}

test('ranking: identical pods are not ordered', () => {
  const a = { pod: testPod({ node, uid: 'same' }), rank: 0 };
  assert.equal(deleteBefore(a, { ...a }, now), false);
});

test('logarithmicRankDiff buckets ages by log2 of nanoseconds', () => {
  const t = now.getTime();
  assert.equal(logarithmicRankDiff(t - 60_000, t - 61_000, t), 0);
  assert.equal(logarithmicRankDiff(t - 1_000, t - 4_000, t), -2);
  assert.equal(logarithmicRankDiff(t, t - 1, t), -1 - 19);
  assert.equal(logarithmicRankDiff(t + 5, t + 9, t), 0);
});

test('rankByColocation counts active related pods per node', () => {
  const pods = [testPod({ name: 'a', node: 'n1' }), testPod({ name: 'b', node: 'n2' }), testPod({ name: 'c' })];
  const related = [
    ...pods,
    testPod({ name: 'd', node: 'n1' }),
    testPod({ name: 'e', node: 'n1', deleting: true }),
    testPod({ name: 'f', node: 'n2', phase: 'Succeeded' }),
  ];
  assert.deepEqual(
    rankByColocation(pods, related).map((r) => r.rank),
    [2, 1, 1],
  );
});

test('podsToDelete picks the best victims in order', () => {
  const pods = [
    testPod({ name: 'running-old', node, readySince: '2023-01-01T00:00:00Z', created: '2023-01-01T00:00:00Z' }),
    testPod({ name: 'pending', node, phase: 'Pending' }),
    testPod({ name: 'running-new', node, readySince: '2024-01-01T00:59:00Z', created: '2024-01-01T00:58:00Z' }),
    testPod({ name: 'unscheduled', phase: 'Pending' }),
    testPod({ name: 'not-ready', node, notReady: true }),
  ];
  const names = (n: number) => podsToDelete(pods, pods, n, now).map((p) => p.metadata.name);
  assert.deepEqual(names(4), ['unscheduled', 'pending', 'not-ready', 'running-new']);
  assert.deepEqual(names(1), ['unscheduled']);
  assert.equal(pods[0]?.metadata.name, 'running-old', 'the input is not reordered');
});

test('podsToDelete returns every pod unsorted when all go', () => {
  const pods = [testPod({ name: 'a', node }), testPod({ name: 'b' })];
  assert.deepEqual(
    podsToDelete(pods, pods, 2, now).map((p) => p.metadata.name),
    ['a', 'b'],
  );
  assert.deepEqual(podsToDelete(pods, pods, 0, now), []);
});

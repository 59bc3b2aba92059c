import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  actualReplicaCount,
  availableReplicaCount,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  lastRevision,
  maxRevision,
  readyReplicaCount,
  sortByCreation,
  sortByRevision,
  sortBySizeNewer,
  sortBySizeOlder,
  specReplicaCount,
} from './replica-sets.js';
import { deployment, replicaSet } from './test-fixtures.js';

const names = (rss: { metadata: { name?: string } }[]) => rss.map((rs) => rs.metadata.name);

const a = replicaSet({ name: 'a', replicas: 2, created: '2024-01-01T00:00:01Z', revision: 1 });
const b = replicaSet({ name: 'b', replicas: 5, created: '2024-01-01T00:00:02Z', revision: 3 });
const c = replicaSet({ name: 'c', replicas: 2, created: '2024-01-01T00:00:02Z', revision: 2 });

test('sorters order like the Go sort.Interface types', () => {
  assert.deepEqual(names(sortByCreation([c, b, a])), ['a', 'b', 'c']);
  assert.deepEqual(names(sortBySizeOlder([c, a, b])), ['b', 'a', 'c']);
  assert.deepEqual(names(sortBySizeNewer([a, c, b])), ['b', 'c', 'a']);
  assert.deepEqual(names(sortByRevision([b, a, c])), ['a', 'c', 'b']);
});

test('revisions: max and second max (the one rollout undo uses)', () => {
  assert.equal(maxRevision([a, b, c]), 3);
  assert.equal(lastRevision([a, b, c]), 2);
  assert.equal(maxRevision([]), 0);
  assert.equal(lastRevision([b]), 0);
  const bad = replicaSet({ name: 'bad', replicas: 1 });
  bad.metadata.annotations = { 'deployment.kubernetes.io/revision': 'x' };
  assert.equal(maxRevision([bad, a]), 1);
});

test('counters sum spec and status fields', () => {
  const x = replicaSet({ name: 'x', replicas: 3, actual: 4, ready: 2, available: 1 });
  const y = replicaSet({ name: 'y', replicas: 2, available: 2 });
  assert.equal(specReplicaCount([x, y, undefined]), 5);
  assert.equal(actualReplicaCount([x, y]), 6);
  assert.equal(readyReplicaCount([x, y]), 4);
  assert.equal(availableReplicaCount([x, y]), 3);
  assert.deepEqual(names(filterActive([x, replicaSet({ name: 'z', replicas: 0 }), undefined])), ['x']);
});

test('the new ReplicaSet is the oldest one with the template, the rest are old', () => {
  const d = deployment({ image: 'nginx:2' });
  const old = replicaSet({ name: 'old', replicas: 3, image: 'nginx:1' });
  const empty = replicaSet({ name: 'empty', replicas: 0, image: 'nginx:0' });
  const cur = replicaSet({ name: 'cur', replicas: 1, image: 'nginx:2', created: '2024-01-02T00:00:00Z' });
  const dup = replicaSet({ name: 'dup', replicas: 1, image: 'nginx:2', created: '2024-01-03T00:00:00Z' });
  assert.equal(findNewReplicaSet(d, [dup, old, cur])?.metadata.name, 'cur');
  assert.equal(findNewReplicaSet(d, [old]), undefined);
  const { active, all } = findOldReplicaSets(d, [old, cur, empty, dup]);
  assert.deepEqual(names(all), ['old', 'empty', 'dup']);
  assert.deepEqual(names(active), ['old', 'dup']);
});

test('findActiveOrLatest', () => {
  const n = replicaSet({ name: 'new', replicas: 0, created: '2024-01-03T00:00:00Z' });
  const o1 = replicaSet({ name: 'o1', replicas: 0, created: '2024-01-01T00:00:00Z' });
  const o2 = replicaSet({ name: 'o2', replicas: 0, created: '2024-01-02T00:00:00Z' });
  const busy = replicaSet({ name: 'busy', replicas: 2 });
  const cases: [
    string,
    ReturnType<typeof replicaSet> | undefined,
    ReturnType<typeof replicaSet>[],
    string | undefined,
  ][] = [
    ['nothing', undefined, [], undefined],
    ['none active: the new one', n, [o1, o2], 'new'],
    ['none active, no new one: the newest old', undefined, [o1, o2], 'o2'],
    ['one active', n, [o1, busy], 'busy'],
    ['several active', { ...n, spec: { ...n.spec, replicas: 1 } }, [busy], undefined],
  ];
  for (const [name, newRS, oldRSs, want] of cases)
    assert.equal(findActiveOrLatest(newRS, oldRSs)?.metadata.name, want, name);
});

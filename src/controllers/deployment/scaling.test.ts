import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isSaturated,
  newRSNewReplicas,
  planScale,
  proportion,
  replicaSetFraction,
  resize,
  scaleRequests,
  scalingMessage,
} from './scaling.js';
import { deployment, replicaSet, sizes } from './test-fixtures.js';

test('newRSNewReplicas: RollingUpdate grows within the surge, Recreate jumps to replicas', () => {
  const cases: [string, number, number | string, number, number, number][] = [
    // name, replicas, maxSurge, old replicas, new replicas, want
    ['no surge room', 10, 0, 10, 0, 0],
    ['surge 2', 10, 2, 10, 0, 2],
    ['old already shrunk', 10, 2, 5, 0, 7],
    ['at max total', 10, 2, 10, 2, 2],
    ['never past replicas', 3, '100%', 0, 1, 3],
    ['surge 25% of 4 rounds up', 4, '25%', 4, 0, 1],
  ];
  for (const [name, replicas, maxSurge, oldReplicas, newReplicas, want] of cases) {
    const d = deployment({ replicas, maxSurge, maxUnavailable: 0 });
    const oldRS = replicaSet({ name: 'old', replicas: oldReplicas });
    const newRS = replicaSet({ name: 'new', replicas: newReplicas, image: 'nginx:2' });
    assert.equal(newRSNewReplicas(d, [oldRS, newRS], newRS), want, name);
  }
  const recreate = deployment({ replicas: 5, strategy: 'Recreate' });
  assert.equal(newRSNewReplicas(recreate, [], replicaSet({ name: 'n', replicas: 0 })), 5);
});

test('isSaturated needs size, desired-replicas and availability to all equal replicas', () => {
  const d = deployment({ replicas: 3 });
  assert.ok(isSaturated(d, replicaSet({ name: 'n', replicas: 3, desired: 3, available: 3 })));
  assert.ok(!isSaturated(d, replicaSet({ name: 'n', replicas: 3, available: 3 })));
  assert.ok(!isSaturated(d, replicaSet({ name: 'n', replicas: 3, desired: 2, available: 3 })));
  assert.ok(!isSaturated(d, replicaSet({ name: 'n', replicas: 3, desired: 3, available: 2 })));
  assert.ok(!isSaturated(d, undefined));
});

test('replicaSetFraction and proportion', () => {
  const d = deployment({ replicas: 10, maxSurge: 0, maxUnavailable: 1, status: { replicas: 7 } });
  assert.equal(replicaSetFraction(replicaSet({ name: 'r', replicas: 3, max: 5 }), d), 3);
  assert.equal(replicaSetFraction(replicaSet({ name: 'r', replicas: 3 }), d), 1, 'falls back to status.replicas');
  assert.equal(replicaSetFraction(replicaSet({ name: 'r', replicas: 3, max: 0 }), d), 1);
  assert.equal(replicaSetFraction(replicaSet({ name: 'r', replicas: 3 }), deployment({ replicas: 0 })), -3);
  assert.equal(proportion(replicaSet({ name: 'r', replicas: 3, max: 5 }), d, 5, 4), 1, 'bounded by what is left');
  assert.equal(proportion(replicaSet({ name: 'r', replicas: 0, max: 5 }), d, 5, 0), 0, 'never from zero');
});

test('scaleRequests: proportional scaling (the cases of upstream TestScale)', () => {
  const t = (s: number) => `2024-01-01T00:00:0${s}Z`;
  const cases: {
    name: string;
    replicas: number;
    before: number;
    newRS?: number;
    old: number[];
    want: Record<string, number>;
  }[] = [
    { name: '10 -> 12', replicas: 12, before: 10, newRS: 10, old: [], want: { new: 12 } },
    { name: '10 -> 5', replicas: 5, before: 10, newRS: 10, old: [], want: { new: 5 } },
    { name: 'proportional 5 -> 10', replicas: 10, before: 5, newRS: 2, old: [3], want: { new: 4, old0: 6 } },
    { name: 'proportional 5 -> 3', replicas: 3, before: 5, newRS: 2, old: [3], want: { new: 1, old0: 2 } },
    { name: 'proportional 9 -> 4', replicas: 4, before: 9, newRS: 8, old: [1], want: { new: 4, old0: 0 } },
    {
      name: 'proportional 7 -> 10',
      replicas: 10,
      before: 7,
      newRS: 2,
      old: [3, 2],
      want: { new: 3, old0: 4, old1: 3 },
    },
    {
      name: 'proportional 13 -> 8',
      replicas: 8,
      before: 13,
      newRS: 2,
      old: [8, 3],
      want: { new: 1, old0: 5, old1: 2 },
    },
    {
      name: 'leftover to the largest 3 -> 4',
      replicas: 4,
      before: 3,
      newRS: 1,
      old: [1, 1],
      want: { new: 2, old0: 1, old1: 1 },
    },
    { name: 'scale to zero', replicas: 0, before: 6, newRS: 3, old: [3], want: { new: 0, old0: 0 } },
    { name: 'up from zero: the new one', replicas: 6, before: 0, newRS: 0, old: [0], want: { new: 6 } },
    { name: 'up from zero without a new one: the newest', replicas: 6, before: 0, old: [0, 0], want: { old1: 6 } },
  ];
  for (const c of cases) {
    const d = deployment({ replicas: c.replicas, maxSurge: 0, maxUnavailable: 1 });
    const old = c.old.map((n, i) =>
      replicaSet({ name: `old${i}`, replicas: n, max: c.before, desired: c.before, created: t(i) }),
    );
    const newRS =
      c.newRS === undefined
        ? undefined
        : replicaSet({
            name: 'new',
            replicas: c.newRS,
            max: c.before,
            desired: c.before,
            created: t(8),
            image: 'nginx:2',
          });
    assert.deepEqual(sizes(scaleRequests(d, newRS, old)), c.want, c.name);
  }
});

test('scaleRequests: a saturated new ReplicaSet scales the old ones to zero', () => {
  const d = deployment({ replicas: 3 });
  const newRS = replicaSet({ name: 'new', replicas: 3, desired: 3, available: 3, image: 'nginx:2' });
  const old = [replicaSet({ name: 'old', replicas: 1 }), replicaSet({ name: 'gone', replicas: 0 })];
  assert.deepEqual(sizes(scaleRequests(d, newRS, old)), { old: 0 });
});

test('planScale writes size and replica annotations, and says whether the size changed', () => {
  const d = deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 0 });
  const rs = replicaSet({ name: 'r', replicas: 2, desired: 4, max: 5 });
  assert.equal(planScale(resize(rs, 2), d), undefined, 'same size');
  const up = planScale(resize(rs, 3), d);
  assert.equal(up?.resized, true);
  assert.equal(up?.from, 2);
  assert.equal(up?.updated.spec.replicas, 3);
  assert.equal(rs.spec.replicas, 2, 'the input is not modified');
  const stale = replicaSet({ name: 's', replicas: 2, desired: 3, max: 4 });
  const annotationsOnly = planScale({ rs: stale, replicas: 2, operation: '', onlyIfResized: false }, d);
  assert.equal(annotationsOnly?.resized, false);
  assert.equal(annotationsOnly?.updated.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '5');
  assert.equal(resize(rs, 1).operation, 'down');
  assert.equal(scalingMessage('up', 'hello-abc', 0, 3), 'Scaled up replica set hello-abc from 0 to 3');
});

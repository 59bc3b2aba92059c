import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  historyToDelete,
  newReplicaSetStep,
  oldPodsRunning,
  oldReplicaSetsSteps,
  podsByReplicaSet,
  recreateScaleDownSteps,
} from './rollout-steps.js';
import { deployment, pod, replicaSet, sizes } from './test-fixtures.js';

test('newReplicaSetStep (upstream TestDeploymentController_reconcileNewReplicaSet)', () => {
  const cases: [string, number, number, number, number, number | undefined][] = [
    // name, replicas, maxSurge, old, new, want
    ['no room to surge', 10, 0, 10, 0, undefined],
    ['surge by 2', 10, 2, 10, 0, 2],
    ['old shrunk: grow into the gap', 10, 2, 5, 0, 7],
    ['already at max total', 10, 2, 10, 2, undefined],
    ['too big: down to replicas', 10, 2, 2, 11, 10],
    ['right size', 10, 2, 0, 10, undefined],
  ];
  for (const [name, replicas, maxSurge, oldReplicas, newReplicas, want] of cases) {
    const d = deployment({ replicas, maxSurge, maxUnavailable: 1 });
    const oldRS = replicaSet({ name: 'old', replicas: oldReplicas });
    const newRS = replicaSet({ name: 'new', replicas: newReplicas, image: 'nginx:2' });
    assert.equal(newReplicaSetStep([oldRS, newRS], newRS, d)?.replicas, want, name);
  }
});

test('oldReplicaSetsSteps (upstream TestDeploymentController_reconcileOldReplicaSets and cleanup)', () => {
  const cases: {
    name: string;
    replicas: number;
    maxUnavailable: number;
    old: { replicas: number; available: number }[];
    newRS: { replicas: number; available: number };
    want: Record<string, number>;
  }[] = [
    {
      name: 'no unavailability budget',
      replicas: 10,
      maxUnavailable: 0,
      old: [{ replicas: 10, available: 10 }],
      newRS: { replicas: 0, available: 0 },
      want: {},
    },
    {
      name: 'down by maxUnavailable',
      replicas: 10,
      maxUnavailable: 2,
      old: [{ replicas: 10, available: 10 }],
      newRS: { replicas: 0, available: 0 },
      want: { old0: 8 },
    },
    {
      name: 'new pods not yet available block it',
      replicas: 10,
      maxUnavailable: 2,
      old: [{ replicas: 10, available: 10 }],
      newRS: { replicas: 2, available: 0 },
      want: { old0: 8 },
    },
    {
      name: 'surge pods available',
      replicas: 10,
      maxUnavailable: 0,
      old: [{ replicas: 10, available: 10 }],
      newRS: { replicas: 2, available: 2 },
      want: { old0: 8 },
    },
    {
      name: 'surge pods unavailable',
      replicas: 10,
      maxUnavailable: 0,
      old: [{ replicas: 10, available: 10 }],
      newRS: { replicas: 2, available: 0 },
      want: {},
    },
    {
      name: 'unhealthy old replicas go first',
      replicas: 10,
      maxUnavailable: 2,
      old: [{ replicas: 10, available: 5 }],
      newRS: { replicas: 0, available: 0 },
      want: { old0: 8 },
    },
    {
      name: 'cleanup then scale down, oldest first',
      replicas: 4,
      maxUnavailable: 1,
      old: [
        { replicas: 2, available: 1 },
        { replicas: 2, available: 2 },
      ],
      newRS: { replicas: 1, available: 1 },
      want: { old0: 0 },
    },
    {
      name: 'nothing old left',
      replicas: 3,
      maxUnavailable: 1,
      old: [{ replicas: 0, available: 0 }],
      newRS: { replicas: 3, available: 3 },
      want: {},
    },
    {
      name: 'stale status (more available than desired): give up',
      replicas: 3,
      maxUnavailable: 1,
      old: [{ replicas: 1, available: 2 }],
      newRS: { replicas: 3, available: 0 },
      want: {},
    },
  ];
  for (const c of cases) {
    const d = deployment({ replicas: c.replicas, maxSurge: 2, maxUnavailable: c.maxUnavailable });
    const old = c.old.map((o, i) =>
      replicaSet({ name: `old${i}`, created: `2024-01-01T00:00:0${i}Z`, replicas: o.replicas, available: o.available }),
    );
    const newRS = replicaSet({ name: 'new', image: 'nginx:2', created: '2024-01-02T00:00:00Z', ...c.newRS });
    const steps = oldReplicaSetsSteps([...old, newRS], old, newRS, d);
    assert.deepEqual(sizes(steps), c.want, c.name);
  }
});

test('the cleanup step and the scale-down step of one ReplicaSet come in order', () => {
  const d = deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 1 });
  const old = replicaSet({ name: 'old', replicas: 4, available: 3 });
  const newRS = replicaSet({ name: 'new', image: 'nginx:2', replicas: 1, available: 1 });
  const steps = oldReplicaSetsSteps([old, newRS], [old], newRS, d);
  assert.deepEqual(
    steps.map((s) => [s.rs.spec.replicas, s.replicas, s.operation]),
    [
      [4, 3, 'down'],
      [3, 2, 'down'],
    ],
  );
});

test('Recreate: scale old ones to zero, wait for their pods', () => {
  const newRS = replicaSet({ name: 'new', replicas: 0, image: 'nginx:2' });
  const old = replicaSet({ name: 'old', replicas: 0, actual: 0 });
  assert.deepEqual(sizes(recreateScaleDownSteps([replicaSet({ name: 'a', replicas: 2 }), old])), { a: 0 });
  const cases: [string, ReturnType<typeof replicaSet>[], ReturnType<typeof pod>[], boolean][] = [
    ['nothing left', [old], [], false],
    ['old RS still reports pods', [replicaSet({ name: 'o', replicas: 0, actual: 1 })], [], true],
    ['an old pod runs', [old], [pod('p', 'uid-old')], true],
    ['old pods finished', [old], [pod('p', 'uid-old', 'Succeeded'), pod('q', 'uid-old', 'Failed')], false],
    ['only new pods', [old], [pod('p', 'uid-new')], false],
    ['pods of other owners are not ours', [old], [pod('p', 'uid-elsewhere')], false],
  ];
  for (const [name, oldRSs, pods, want] of cases) {
    const map = podsByReplicaSet([newRS, ...oldRSs], pods);
    assert.equal(oldPodsRunning(newRS, oldRSs, map), want, name);
  }
});

test('historyToDelete keeps revisionHistoryLimit old ReplicaSets, deleting the lowest revisions that are empty', () => {
  const rs = (name: string, revision: number, replicas = 0, extra: Partial<{ actual: number }> = {}) =>
    replicaSet({ name, revision, replicas, ...extra });
  const old = [rs('r3', 3), rs('r1', 1), rs('r2', 2, 0, { actual: 1 }), rs('r4', 4)];
  const names = (d: ReturnType<typeof deployment>) => historyToDelete(old, d).map((r) => r.metadata.name);
  assert.deepEqual(names(deployment({ revisionHistoryLimit: 1 })), ['r1', 'r3'], 'r2 still has a pod');
  assert.deepEqual(names(deployment({ revisionHistoryLimit: 10 })), []);
  assert.deepEqual(names(deployment({ revisionHistoryLimit: 2147483647 })), []);
  const deleting = rs('r0', 0);
  deleting.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  assert.deepEqual(
    historyToDelete([deleting, ...old], deployment({ revisionHistoryLimit: 3 })).map((r) => r.metadata.name),
    ['r1'],
  );
  const unobserved = rs('u', 0);
  unobserved.metadata.generation = 2;
  unobserved.status = { replicas: 0, observedGeneration: 1 };
  assert.deepEqual(historyToDelete([unobserved], deployment({ revisionHistoryLimit: 0 })), []);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import {
  finalizersAfterFinalize,
  podGraceEstimate,
  type ResourceRemainder,
  remainderOf,
  requeueDelaySeconds,
} from './content-estimate.js';

const pod = (grace: number | undefined, phase = 'Running'): KubeObject => ({
  metadata: { name: 'p' },
  spec: grace === undefined ? {} : { terminationGracePeriodSeconds: grace },
  status: { phase },
});

describe('podGraceEstimate', () => {
  const deletedAt = new Date('2024-01-01T00:00:00Z');
  const after = (s: number) => new Date(deletedAt.getTime() + s * 1000);
  const cases: [string, KubeObject[], Date, number][] = [
    ['no pods', [], after(0), 0],
    ['the longest grace period', [pod(10), pod(30), pod(undefined)], after(5), 30],
    ['finished pods do not count', [pod(60, 'Succeeded'), pod(60, 'Failed'), pod(5)], after(1), 5],
    ['nothing once that long has passed', [pod(30)], after(30), 0],
  ];
  for (const [name, pods, now, expected] of cases) {
    it(name, () => assert.equal(podGraceEstimate(pods, deletedAt, now), expected));
  }
});

describe('remainderOf', () => {
  const item = (finalizers?: string[]): KubeObject => ({
    metadata: { name: 'x', ...(finalizers ? { finalizers } : {}) },
  });
  const cases: [string, KubeObject[], number, ResourceRemainder][] = [
    ['all gone', [], 30, { estimateSeconds: 0, remaining: 0, finalizers: new Map(), unexpected: false }],
    [
      'pods terminating within their grace period',
      [item(), item()],
      30,
      { estimateSeconds: 30, remaining: 2, finalizers: new Map(), unexpected: false },
    ],
    [
      'held by finalizers: the finalizer estimate',
      [item(['a', 'b']), item(['a'])],
      0,
      {
        estimateSeconds: 15,
        remaining: 2,
        finalizers: new Map([
          ['a', 2],
          ['b', 1],
        ]),
        unexpected: false,
      },
    ],
    ['left for no reason', [item()], 0, { estimateSeconds: 0, remaining: 1, finalizers: new Map(), unexpected: true }],
  ];
  for (const [name, items, estimate, expected] of cases) {
    it(name, () => assert.deepEqual(remainderOf(items, estimate), expected));
  }
});

describe('finalizersAfterFinalize and requeueDelaySeconds', () => {
  it('drops the kubernetes finalizer, sorts, dedupes', () => {
    assert.deepEqual(finalizersAfterFinalize(['kubernetes']), []);
    assert.deepEqual(finalizersAfterFinalize(['z', 'kubernetes', 'a', 'z']), ['a', 'z']);
  });

  it('waits half the estimate plus a second', () => {
    assert.deepEqual([0, 1, 15, 30].map(requeueDelaySeconds), [1, 1, 8, 16]);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import { withUnschedulableCondition } from './pod-scheduled-condition.js';

const now = new Date('2026-11-26T09:00:00.500Z');
const msg = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";

test('withUnschedulableCondition adds the condition to a fresh pod', () => {
  const got = withUnschedulableCondition({ phase: 'Pending', qosClass: 'BestEffort' }, msg, now);
  assert.deepEqual(got, {
    phase: 'Pending',
    qosClass: 'BestEffort',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2026-11-26T09:00:00Z',
        reason: 'Unschedulable',
        message: msg,
      },
    ],
  });
});

test('withUnschedulableCondition writes nothing when nothing changed', () => {
  const first = withUnschedulableCondition({ phase: 'Pending' }, msg, now);
  assert.equal(withUnschedulableCondition(first, msg, new Date('2026-11-26T10:00:00Z')), undefined);
});

test('withUnschedulableCondition keeps the transition time when only the message changes', () => {
  const status: PodStatus = {
    phase: 'Pending',
    conditions: [
      { type: 'Other', status: 'True' },
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
        lastTransitionTime: '2026-11-26T08:00:00Z',
      },
    ],
  };
  const got = withUnschedulableCondition(status, msg, now);
  assert.equal(got?.conditions?.length, 2);
  assert.deepEqual(got?.conditions?.[0], { type: 'Other', status: 'True' });
  assert.equal(got?.conditions?.[1]?.reason, 'Unschedulable');
  assert.equal(got?.conditions?.[1]?.message, msg);
  assert.equal(got?.conditions?.[1]?.lastTransitionTime, '2026-11-26T08:00:00Z');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { heartbeatConditions } from './node-conditions.js';

const t0 = '2026-11-26T09:00:00Z';
const t1 = '2026-11-26T09:00:10Z';

test('a new node gets the four conditions and one event per transition', () => {
  const { conditions, transitions } = heartbeatConditions(undefined, t0);
  assert.deepEqual(
    conditions.map((c) => [c.type, c.status, c.reason, c.message]),
    [
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ],
  );
  assert.ok(conditions.every((c) => c.lastHeartbeatTime === t0 && c.lastTransitionTime === t0));
  assert.deepEqual(transitions, [
    'NodeHasSufficientMemory',
    'NodeHasNoDiskPressure',
    'NodeHasSufficientPID',
    'NodeReady',
  ]);
});

test('a heartbeat moves only the heartbeat time', () => {
  const first = heartbeatConditions(undefined, t0).conditions;
  const { conditions, transitions } = heartbeatConditions(first, t1);
  assert.deepEqual(transitions, []);
  assert.ok(conditions.every((c) => c.lastHeartbeatTime === t1 && c.lastTransitionTime === t0));
});

test('a NotReady node turns Ready; foreign conditions are kept in place', () => {
  const previous: NodeCondition[] = [
    { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' },
    { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', lastTransitionTime: t0 },
  ];
  const { conditions, transitions } = heartbeatConditions(previous, t1);
  assert.deepEqual(
    conditions.map((c) => c.type),
    ['NetworkUnavailable', 'Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'],
  );
  assert.deepEqual(conditions[0], previous[0]);
  assert.equal(conditions[1]?.lastTransitionTime, t1);
  assert.deepEqual(transitions, [
    'NodeHasSufficientMemory',
    'NodeHasNoDiskPressure',
    'NodeHasSufficientPID',
    'NodeReady',
  ]);
});

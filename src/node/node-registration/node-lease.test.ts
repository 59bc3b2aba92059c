import assert from 'node:assert/strict';
import { test } from 'node:test';
import { microTime, nodeLease } from './node-lease.js';

test('microTime writes six fraction digits', () => {
  const d = new Date('2026-11-26T09:00:00.123Z');
  assert.equal(microTime(d, 456), '2026-11-26T09:00:00.123456Z');
  assert.equal(microTime(d), '2026-11-26T09:00:00.123000Z');
  assert.equal(microTime(new Date('2026-11-26T09:00:00Z'), 7), '2026-11-26T09:00:00.000007Z');
  assert.match(microTime(new Date(), 999.9), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('nodeLease is held by the node and owned by the Node object', () => {
  assert.deepEqual(nodeLease('kubeling', '2026-11-26T09:00:00.123456Z', 'uid-1'), {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: 'kubeling',
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'kubeling', uid: 'uid-1' }],
    },
    spec: { holderIdentity: 'kubeling', leaseDurationSeconds: 40, renewTime: '2026-11-26T09:00:00.123456Z' },
  });
});

test('renewing keeps the stored metadata (resourceVersion) and moves renewTime', () => {
  const stored = nodeLease('kubeling', 'old', undefined);
  stored.metadata = { ...stored.metadata, resourceVersion: '42', uid: 'l-1' };
  const renewed = nodeLease('kubeling', 'new', undefined, stored);
  assert.equal(renewed.metadata?.resourceVersion, '42');
  assert.equal(renewed.metadata?.ownerReferences, undefined);
  assert.equal(renewed.spec?.renewTime, 'new');
});

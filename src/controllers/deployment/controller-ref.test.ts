import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelSelectorFromObject } from '../../api/labels/index.js';
import { adoptPatch, type ClaimAction, claimAction, releasePatch } from './controller-ref.js';
import { deployment, replicaSet } from './test-fixtures.js';

test('claimAction keeps, adopts, releases or ignores', () => {
  const selector = labelSelectorFromObject({ matchLabels: { app: 'hello' } });
  const deleting = deployment();
  deleting.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  const relabeled = replicaSet({ name: 'r', replicas: 1 });
  relabeled.metadata.labels = { app: 'other' };
  const orphanRelabeled = replicaSet({ name: 'r', replicas: 1, owner: null });
  orphanRelabeled.metadata.labels = { app: 'other' };
  const orphanDeleting = replicaSet({ name: 'r', replicas: 1, owner: null });
  orphanDeleting.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  const elsewhere = replicaSet({ name: 'r', replicas: 1, owner: null });
  elsewhere.metadata.namespace = 'other';
  const cases: [string, ReturnType<typeof deployment>, ReturnType<typeof replicaSet>, ClaimAction][] = [
    ['ours and selected', deployment(), replicaSet({ name: 'r', replicas: 1 }), 'keep'],
    ['someone else’s', deployment(), replicaSet({ name: 'r', replicas: 1, owner: 'x' }), 'ignore'],
    ['ours, no longer selected', deployment(), relabeled, 'release'],
    ['ours, not selected, we are going away', deleting, relabeled, 'ignore'],
    ['orphan, selected', deployment(), replicaSet({ name: 'r', replicas: 1, owner: null }), 'adopt'],
    ['orphan, not selected', deployment(), orphanRelabeled, 'ignore'],
    ['orphan being deleted', deployment(), orphanDeleting, 'ignore'],
    ['orphan in another namespace', deployment(), elsewhere, 'ignore'],
    ['orphan, we are going away', deleting, replicaSet({ name: 'r', replicas: 1, owner: null }), 'ignore'],
  ];
  for (const [name, d, rs, want] of cases) assert.equal(claimAction(d, rs, selector), want, name);
});

test('adopt and release patches', () => {
  const rs = replicaSet({ name: 'r', replicas: 1, owner: null });
  assert.deepEqual(adoptPatch(deployment(), rs), {
    metadata: {
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'hello',
          uid: 'd-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      uid: 'uid-r',
    },
  });
  assert.deepEqual(releasePatch(deployment(), rs), {
    metadata: { ownerReferences: [{ $patch: 'delete', uid: 'd-uid' }], uid: 'uid-r' },
  });
});

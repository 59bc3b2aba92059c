import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelSelectorFromObject } from '../../api/labels/index.js';
import { adoptPatch, type ClaimDecision, claimDecision, releasePatch } from './claim.js';
import { type PodOptions, testPod, testReplicaSet } from './test-fixtures.js';

const rs = testReplicaSet({ uid: 'rs-1' });
const deletingRs = testReplicaSet({ uid: 'rs-1', deleting: true });
const other = testReplicaSet({ name: 'other', uid: 'rs-2' });
const selector = labelSelectorFromObject(rs.spec?.selector);

const cases: [string, PodOptions, ClaimDecision, ClaimDecision][] = [
  // [name, pod, decision for a live RS, decision for a deleting RS]
  ['ours and matching', { owner: rs }, 'keep', 'keep'],
  ['ours, labels changed', { owner: rs, labels: { app: 'db' } }, 'release', 'ignore'],
  ['someone else’s', { owner: other }, 'ignore', 'ignore'],
  ['matching orphan', {}, 'adopt', 'ignore'],
  ['orphan not matching', { labels: { app: 'db' } }, 'ignore', 'ignore'],
  ['terminating orphan', { deleting: true }, 'ignore', 'ignore'],
  ['orphan in another namespace', { namespace: 'other' }, 'ignore', 'ignore'],
];

for (const [name, opts, live, deleting] of cases) {
  test(`claim: ${name} → ${live} (deleting RS: ${deleting})`, () => {
    const pod = testPod(opts);
    assert.equal(claimDecision(rs, selector, pod), live);
    assert.equal(claimDecision(deletingRs, selector, pod), deleting);
  });
}

test('the adoption patch adds the controller reference and pins the pod uid', () => {
  assert.deepEqual(adoptPatch(rs, testPod({ uid: 'pod-1' })), {
    metadata: {
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: 'rs-1',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      uid: 'pod-1',
    },
  });
});

test('the release patch deletes our reference by uid', () => {
  assert.deepEqual(releasePatch(rs, testPod({ uid: 'pod-1' })), {
    metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-1' }], uid: 'pod-1' },
  });
});

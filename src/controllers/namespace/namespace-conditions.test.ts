import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';
import { conditionTypes, type DeletionFindings, failingConditions, updateConditions } from './namespace-conditions.js';

const t0 = '2024-01-01T00:00:00Z';
const t1 = '2024-01-01T00:00:05Z';

const findings = (f: Partial<DeletionFindings> = {}): DeletionFindings => ({
  contentErrors: [],
  remainingByResource: new Map(),
  remainingByFinalizer: new Map(),
  ...f,
});

describe('failingConditions', () => {
  const cases: [string, DeletionFindings, Omit<NamespaceCondition, 'lastTransitionTime' | 'status'>[]][] = [
    ['nothing wrong', findings(), []],
    [
      'discovery failed',
      findings({ discoveryError: 'boom' }),
      [{ type: 'NamespaceDeletionDiscoveryFailure', reason: 'DiscoveryFailed', message: 'boom' }],
    ],
    [
      'content and finalizers remaining, sorted for stable updates',
      findings({
        remainingByResource: new Map([
          ['pods.', 2],
          ['configmaps.', 1],
          ['replicasets.apps', 0],
        ]),
        remainingByFinalizer: new Map([
          ['example.com/x', 1],
          ['foregroundDeletion', 2],
        ]),
      }),
      [
        {
          type: 'NamespaceContentRemaining',
          reason: 'SomeResourcesRemain',
          message: 'Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances',
        },
        {
          type: 'NamespaceFinalizersRemaining',
          reason: 'SomeFinalizersRemain',
          message:
            'Some content in the namespace has finalizers remaining: example.com/x in 1 resource instances, foregroundDeletion in 2 resource instances',
        },
      ],
    ],
    [
      'content deletion failed',
      findings({ contentErrors: ['b failed', 'a failed'] }),
      [
        {
          type: 'NamespaceDeletionContentFailure',
          reason: 'ContentDeletionFailed',
          message: 'Failed to delete all resource types, 2 remaining: a failed, b failed',
        },
      ],
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const got = failingConditions(input, t0);
      assert.deepEqual(
        got,
        expected.map((c) => ({ ...c, status: 'True', lastTransitionTime: t0 })),
      );
    });
  }
});

describe('updateConditions', () => {
  it('adds every type, in order, the ok ones False with their ok reasons', () => {
    const failures = failingConditions(findings({ remainingByResource: new Map([['pods.', 1]]) }), t0);
    const { conditions, changed } = updateConditions([], failures, t0);
    assert.equal(changed, true);
    assert.deepEqual(
      conditions.map((c) => [c.type, c.status, c.reason]),
      [
        ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
        ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
        ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
        ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain'],
        ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
      ],
    );
    assert.equal(conditions[0]?.message, 'All resources successfully discovered');
    assert.equal(conditions.length, conditionTypes.length);
  });

  it('changes nothing when nothing changed, and keeps other conditions', () => {
    const other: NamespaceCondition = { type: 'Custom', status: 'True' };
    const first = updateConditions([other], [], t0).conditions;
    const again = updateConditions(first, [], t1);
    assert.equal(again.changed, false);
    assert.deepEqual(again.conditions, first);
    assert.deepEqual(again.conditions[0], other);
  });

  it('moves lastTransitionTime only when the status flips', () => {
    const remaining = (n: number) => failingConditions(findings({ remainingByResource: new Map([['pods.', n]]) }), t0);
    const first = updateConditions([], remaining(2), t0).conditions;
    const fewer = updateConditions(first, remaining(1), t1);
    const find = (cs: NamespaceCondition[]) => cs.find((c) => c.type === 'NamespaceContentRemaining');
    assert.equal(fewer.changed, true);
    assert.deepEqual(find(fewer.conditions), {
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: t0,
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: pods. has 1 resource instances',
    });
    const cleared = updateConditions(fewer.conditions, [], t1);
    assert.deepEqual(find(cleared.conditions), {
      type: 'NamespaceContentRemaining',
      status: 'False',
      lastTransitionTime: t1,
      reason: 'ContentRemoved',
      message: 'All content successfully removed',
    });
    assert.equal(find(first)?.status, 'True', 'the input is not modified');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import {
  type ClassifiedReferences,
  classifyReference,
  type DeletionDecision,
  decideDeletion,
  removeFinalizerPatch,
  removeOwnerReferencesPatch,
  unblockOwnerReferencesPatch,
} from './deletion-decision.js';
import type { OwnerReference } from './object-identity.js';

const ref = (name: string, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name,
  uid: `uid-${name}`,
  ...extra,
});

const object = (finalizers?: string[]): KubeObject => ({
  metadata: { name: 'x', uid: 'uid-x', resourceVersion: '7', ...(finalizers ? { finalizers } : {}) },
});

describe('classifyReference', () => {
  const deleting = (finalizers: string[]) => ({
    state: 'exists' as const,
    owner: { metadata: { deletionTimestamp: '2024-01-01T00:00:00Z', finalizers } },
  });
  const cases: [string, Parameters<typeof classifyReference>[0], keyof ClassifiedReferences][] = [
    ['gone', { state: 'dangling' }, 'dangling'],
    ['alive', { state: 'exists', owner: object() }, 'solid'],
    ['deleting in the foreground', deleting(['foregroundDeletion']), 'waitingForDependentsDeletion'],
    ['deleting while orphaning', deleting(['orphan']), 'solid'],
    ['foreground finalizer without deletion', { state: 'exists', owner: object(['foregroundDeletion']) }, 'solid'],
  ];
  for (const [name, lookup, expected] of cases) it(name, () => assert.equal(classifyReference(lookup), expected));
});

describe('decideDeletion', () => {
  const refs = (r: Partial<ClassifiedReferences>): ClassifiedReferences => ({
    solid: [],
    dangling: [],
    waitingForDependentsDeletion: [],
    ...r,
  });
  const cases: [string, Parameters<typeof decideDeletion>[0], DeletionDecision][] = [
    [
      'a live owner keeps the object',
      { latest: object(), refs: refs({ solid: [ref('a')] }), hasDependents: false, dependentDeletingDependents: false },
      { action: 'keep' },
    ],
    [
      'a live owner and a dead one: drop the dead reference',
      {
        latest: object(),
        refs: refs({ solid: [ref('a')], dangling: [ref('b')] }),
        hasDependents: false,
        dependentDeletingDependents: false,
      },
      { action: 'remove-references', ownerUids: ['uid-b'] },
    ],
    [
      'a live owner and one deleting in the foreground: drop the waiting reference',
      {
        latest: object(),
        refs: refs({ solid: [ref('a')], dangling: [ref('b')], waitingForDependentsDeletion: [ref('c')] }),
        hasDependents: true,
        dependentDeletingDependents: false,
      },
      { action: 'remove-references', ownerUids: ['uid-b', 'uid-c'] },
    ],
    [
      'all owners gone: background',
      {
        latest: object(),
        refs: refs({ dangling: [ref('a')] }),
        hasDependents: true,
        dependentDeletingDependents: false,
      },
      { action: 'delete', policy: 'Background', unblockFirst: false },
    ],
    [
      'all owners gone, orphan finalizer already there: honour it',
      {
        latest: object(['orphan']),
        refs: refs({ dangling: [ref('a')] }),
        hasDependents: true,
        dependentDeletingDependents: false,
      },
      { action: 'delete', policy: 'Orphan', unblockFirst: false },
    ],
    [
      'all owners gone, foreground finalizer already there: honour it',
      {
        latest: object(['foregroundDeletion']),
        refs: refs({ dangling: [ref('a')] }),
        hasDependents: false,
        dependentDeletingDependents: false,
      },
      { action: 'delete', policy: 'Foreground', unblockFirst: false },
    ],
    [
      'owner deleting in the foreground, object with dependents: cascade in the foreground',
      {
        latest: object(),
        refs: refs({ waitingForDependentsDeletion: [ref('a')] }),
        hasDependents: true,
        dependentDeletingDependents: false,
      },
      { action: 'delete', policy: 'Foreground', unblockFirst: false },
    ],
    [
      'a dependency circle: unblock first',
      {
        latest: object(),
        refs: refs({ waitingForDependentsDeletion: [ref('a')], dangling: [ref('b')] }),
        hasDependents: true,
        dependentDeletingDependents: true,
      },
      { action: 'delete', policy: 'Foreground', unblockFirst: true },
    ],
    [
      'owner deleting in the foreground, object without dependents: background',
      {
        latest: object(),
        refs: refs({ waitingForDependentsDeletion: [ref('a')] }),
        hasDependents: false,
        dependentDeletingDependents: false,
      },
      { action: 'delete', policy: 'Background', unblockFirst: false },
    ],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(decideDeletion(input), expected));
});

describe('patches', () => {
  it('removes owner references by uid, guarded by the dependent uid', () => {
    assert.deepEqual(removeOwnerReferencesPatch('dep', ['a', 'b']), {
      metadata: {
        ownerReferences: [
          { $patch: 'delete', uid: 'a' },
          { $patch: 'delete', uid: 'b' },
        ],
        uid: 'dep',
      },
    });
  });

  it('turns blocking references non-blocking and leaves the others alone', () => {
    const patch = unblockOwnerReferencesPatch('dep', [ref('a', { blockOwnerDeletion: true }), ref('b')]);
    assert.deepEqual(patch, { metadata: { ownerReferences: [ref('a', { blockOwnerDeletion: false })], uid: 'dep' } });
  });

  it('removes a finalizer at the resourceVersion it read, or says there is nothing to do', () => {
    assert.deepEqual(removeFinalizerPatch(object(['orphan', 'x']), 'orphan'), {
      metadata: { resourceVersion: '7', finalizers: ['x'] },
    });
    assert.deepEqual(removeFinalizerPatch(object(['orphan']), 'orphan'), {
      metadata: { resourceVersion: '7', finalizers: null },
    });
    assert.equal(removeFinalizerPatch(object(['x']), 'orphan'), undefined);
  });
});

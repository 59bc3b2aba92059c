import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectMeta } from '../../api/object.js';
import { nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';
import { goTimeString, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { messages } from './test-fixtures.js';

const subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('ObjectMeta on create', () => {
  const base: ObjectMeta = { name: 'web', namespace: 'default' };
  const cases: [string, ObjectMeta, boolean, string[]][] = [
    ['valid', base, true, []],
    ['BadName', { ...base, name: 'BadName' }, true, [`metadata.name: Invalid value: "BadName": ${subdomain}`]],
    ['no name', { namespace: 'default' }, true, ['metadata.name: Required value: name or generateName is required']],
    [
      'bad generateName',
      { name: 'ok', generateName: 'Bad-', namespace: 'default' },
      true,
      [`metadata.generateName: Invalid value: "Bad-": ${subdomain}`],
    ],
    ['no namespace', { name: 'web' }, true, ['metadata.namespace: Required value']],
    ['namespace on cluster-scoped', base, false, ['metadata.namespace: Forbidden: not allowed on this type']],
    [
      'negative generation',
      { ...base, generation: -1 },
      true,
      ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'unqualified finalizer',
      { ...base, finalizers: ['foo', 'example.com/ok', 'kubernetes'] },
      true,
      [
        'metadata.finalizers[0]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
      ],
    ],
    [
      'orphan and foreground',
      { ...base, finalizers: ['orphan', 'foregroundDeletion'] },
      true,
      [
        'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
      ],
    ],
    [
      'owner reference without uid or version',
      { ...base, ownerReferences: [{ apiVersion: 'apps/', kind: 'ReplicaSet', name: 'rs', uid: '' }] },
      true,
      [
        'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
      ],
    ],
    [
      'two controllers',
      {
        ...base,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
        ],
      },
      true,
      [
        'metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"a", UID:"1", Controller:(*bool)(0xc000010000), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"b", UID:"2", Controller:(*bool)(0xc000010000), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
      ],
    ],
    [
      'bad managed fields operation',
      { ...base, managedFields: [{ manager: 'kubectl', operation: 'Patch' }] },
      true,
      ['metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`'],
    ],
  ];
  for (const [name, meta, namespaced, want] of cases) {
    it(name, () => assert.deepEqual(messages(validateObjectMeta(meta, namespaced, nameIsDNSSubdomain)), want));
  }

  it('namespace names are DNS labels', () => {
    assert.equal(
      messages(validateObjectMeta({ name: 'web', namespace: 'a.b' }, true, nameIsDNSLabel))[0],
      'metadata.namespace: Invalid value: "a.b": must not contain dots',
    );
  });
});

describe('ObjectMeta on update', () => {
  const old: ObjectMeta = {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    creationTimestamp: '2025-01-01T00:00:00Z',
    generation: 2,
  };
  const cases: [string, ObjectMeta, ObjectMeta, string[]][] = [
    ['unchanged', old, old, []],
    ['rename', { ...old, name: 'other' }, old, ['metadata.name: Invalid value: "other": field is immutable']],
    ['new uid', { ...old, uid: 'u2' }, old, ['metadata.uid: Invalid value: "u2": field is immutable']],
    [
      'creationTimestamp',
      { ...old, creationTimestamp: '2025-02-01T10:00:00Z' },
      old,
      ['metadata.creationTimestamp: Invalid value: 2025-02-01 10:00:00 +0000 UTC: field is immutable'],
    ],
    [
      'generation decrement',
      { ...old, generation: 1 },
      old,
      ['metadata.generation: Invalid value: 1: must not be decremented'],
    ],
    [
      'finalizer added while deleting',
      { ...old, deletionTimestamp: '2025-03-01T00:00:00Z', finalizers: ['example.com/x'] },
      { ...old, deletionTimestamp: '2025-03-01T00:00:00Z' },
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/x"}',
      ],
    ],
  ];
  for (const [name, now, before, want] of cases)
    it(name, () => assert.deepEqual(messages(validateObjectMetaUpdate(now, before)), want));

  it('renders times as Go does', () => {
    assert.equal(goTimeString('2025-01-02T03:04:05Z'), '2025-01-02 03:04:05 +0000 UTC');
    assert.equal(goTimeString(undefined), '0001-01-01 00:00:00 +0000 UTC');
  });
});

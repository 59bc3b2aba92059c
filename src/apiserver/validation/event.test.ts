import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateEventCreate, validateEventUpdate } from './event.js';
import { validateLease, validateLeaseUpdate } from './lease.js';
import { messages } from './test-fixtures.js';

const coreEvent = {
  metadata: { name: 'web.1', namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
  reason: 'Started',
  message: 'Started container',
  source: { component: 'kubelet' },
  count: 1,
  type: 'Normal',
};

const newEvent = {
  metadata: { name: 'web.2', namespace: 'default' },
  eventTime: '2025-01-01T00:00:00.000000Z',
  reportingController: 'kubeling.dev/node',
  reportingInstance: 'node-1',
  action: 'Started',
  reason: 'Started',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
  note: 'Started container',
  type: 'Normal',
};

describe('core/v1 Event', () => {
  it('valid', () => assert.deepEqual(validateEventCreate(coreEvent, ''), []));
  it('namespace must match the involved object', () => {
    const ev = { ...coreEvent, involvedObject: { ...coreEvent.involvedObject, namespace: 'other' } };
    assert.deepEqual(messages(validateEventCreate(ev, '')), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });
  it('new-style fields are checked under their core names', () => {
    const ev = { ...coreEvent, eventTime: '2025-01-01T00:00:00.000000Z' };
    assert.deepEqual(messages(validateEventCreate(ev, '')), [
      'reportingComponent: Required value',
      'reportingComponent: Invalid value: "": name part must be non-empty',
      "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
    ]);
  });
  it('updates are not restricted', () =>
    assert.deepEqual(validateEventUpdate({ ...coreEvent, message: 'x' }, coreEvent, ''), []));
});

describe('events.k8s.io/v1 Event', () => {
  it('valid', () => assert.deepEqual(validateEventCreate(newEvent, 'events.k8s.io'), []));
  it('strict fields', () => {
    const ev = { ...newEvent, type: 'Info', deprecatedCount: 3, series: { count: 1 } };
    assert.deepEqual(messages(validateEventCreate(ev, 'events.k8s.io')), [
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
      'type: Invalid value: "": has invalid value: Info',
      'count: Invalid value: "": needs to be unset',
    ]);
  });
  it('note and regarding are immutable', () => {
    const changed = { ...newEvent, note: 'other', regarding: { kind: 'Pod', namespace: 'default', name: 'db' } };
    assert.deepEqual(messages(validateEventUpdate(changed, newEvent, 'events.k8s.io')), [
      'involvedObject: Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"default", Name:"db", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:""}: field is immutable',
      'message: Invalid value: "other": field is immutable',
    ]);
  });
});

describe('Lease', () => {
  const lease = {
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
  };
  it('valid', () => assert.deepEqual(validateLease(lease), []));
  it('duration', () => {
    const bad = { ...lease, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } };
    assert.deepEqual(messages(validateLease(bad)), [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
  it('preferredHolder needs a strategy', () => {
    const bad = { ...lease, spec: { preferredHolder: 'a' } };
    assert.deepEqual(messages(validateLeaseUpdate(bad, lease)), [
      'spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined',
    ]);
  });
});

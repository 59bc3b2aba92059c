import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid } from '../../api/status-error.js';
import { validateCreate, validateStatusUpdate, validateUpdate } from './index.js';
import { asKube, deployment, edit, info, messages, pod, service } from './test-fixtures.js';

describe('validation entry points', () => {
  it('renders the 422 kubectl prints for a bad pod name', () => {
    const p = edit(pod(), (x) => (x.metadata!.name = 'BadName'));
    const errors = validateCreate(info('v1', 'Pod'), asKube(p));
    const status = invalid('', 'Pod', 'BadName', errors).toStatus();
    assert.equal(
      status.message,
      "Pod \"BadName\" is invalid: metadata.name: Invalid value: \"BadName\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    assert.equal(status.code, 422);
    assert.deepEqual(status.details?.causes?.[0]?.field, 'metadata.name');
  });

  it('aggregates several errors the way kube-apiserver does', () => {
    const d = edit(deployment(), (x) => delete (x.spec as { selector?: unknown }).selector);
    const errors = validateCreate(info('apps/v1', 'Deployment'), asKube(d));
    assert.equal(
      invalid('apps', 'Deployment', 'web', errors).message,
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it('dispatches updates and status updates by kind', () => {
    const svc = service();
    const moved = edit(svc, (s) => {
      s.spec!.clusterIP = '10.96.0.99';
      s.spec!.clusterIPs = ['10.96.0.99'];
    });
    assert.deepEqual(messages(validateUpdate(info('v1', 'Service'), asKube(moved), asKube(svc))), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    ]);
    const d = deployment();
    const status = edit(d, (x) => (x.status = { replicas: -1 }));
    assert.deepEqual(messages(validateStatusUpdate(info('apps/v1', 'Deployment'), asKube(status), asKube(d))), [
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      'status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
    ]);
  });

  it('checks metadata of kinds without specific rules', () => {
    const meta = { metadata: { name: 'x', namespace: 'default' }, apiVersion: 'v1', kind: 'Pod' };
    assert.deepEqual(
      messages(validateCreate({ ...info('v1', 'Pod'), kind: 'Widget', group: 'example.com' }, meta)),
      [],
    );
    assert.deepEqual(
      messages(validateCreate({ ...info('v1', 'Pod'), kind: 'Widget', group: 'example.com', namespaced: false }, meta)),
      ['metadata.namespace: Forbidden: not allowed on this type'],
    );
  });

  it('routes both event groups', () => {
    const ev = { metadata: { name: 'e', namespace: 'default' }, involvedObject: { namespace: 'other' } };
    assert.deepEqual(messages(validateCreate(info('v1', 'Event'), ev)), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
    assert.ok(
      validateCreate(info('events.k8s.io/v1', 'Event'), { metadata: { name: 'e', namespace: 'default' } }).length > 0,
    );
  });
});

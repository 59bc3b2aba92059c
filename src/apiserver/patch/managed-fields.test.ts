import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.js';
import { recordUpdate } from './managed-fields.js';
import type { ManagedFieldsEntry } from './managed-fields-codec.js';
import { deployment } from './testdata/schemas.js';

const t0 = new Date('2024-05-01T10:00:00.123Z');
const t1 = new Date('2024-05-01T11:00:00Z');
const opts = { schema: deployment };

function newDeployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} },
          ],
          dnsPolicy: 'ClusterFirst',
        },
      },
    },
    status: {},
  };
}

/** Created by `kubectl create`, stored (with a uid). */
function created(): JsonObject {
  const obj = recordUpdate(undefined, newDeployment(), 'kubectl-create', 'apps/v1', t0, undefined, opts);
  (obj.metadata as JsonObject).uid = 'uid-1';
  return obj;
}

const entries = (obj: JsonObject) => (obj.metadata as JsonObject).managedFields as ManagedFieldsEntry[] | undefined;
const summary = (obj: JsonObject) =>
  entries(obj)?.map((e) => [e.manager, e.operation, e.apiVersion, e.time, e.subresource ?? '']);
const containerKey = 'k:{"name":"nginx"}';

describe('recordUpdate', () => {
  it('a create owns every field it sets, as upstream encodes it', () => {
    assert.deepEqual(entries(created()), [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:strategy': {
              'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
              'f:type': {},
            },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  [containerKey]: {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      '.': {},
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                    },
                    'f:resources': {},
                  },
                },
                'f:dnsPolicy': {},
              },
            },
          },
        },
      },
    ]);
  });

  it('an update takes the fields it changes from their previous owner', () => {
    const live = created();
    const next = structuredClone(live);
    const spec = next.spec as JsonObject;
    spec.replicas = 3;
    const edited = recordUpdate(live, next, 'kubectl-edit', 'apps/v1', t1, undefined, opts);
    assert.deepEqual(summary(edited), [
      ['kubectl-create', 'Update', 'apps/v1', '2024-05-01T10:00:00Z', ''],
      ['kubectl-edit', 'Update', 'apps/v1', '2024-05-01T11:00:00Z', ''],
    ]);
    const [create, edit] = entries(edited) ?? [];
    assert.deepEqual(edit?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    const createdSpec = ((create?.fieldsV1 ?? {}) as JsonObject)['f:spec'] as JsonObject;
    assert.equal(createdSpec['f:replicas'], undefined);
    assert.deepEqual(createdSpec['f:selector'], {});
  });

  it('a removed field leaves every owner', () => {
    const live = created();
    const next = structuredClone(live);
    delete (next.metadata as JsonObject).labels;
    const updated = recordUpdate(live, next, 'kubectl-edit', 'apps/v1', t1, undefined, opts);
    const fields = entries(updated)?.[0]?.fieldsV1 as JsonObject;
    assert.equal(fields['f:metadata'], undefined);
    assert.equal(entries(updated)?.length, 1, 'a write that only removes gives its manager nothing');
  });

  it('a write that changes nothing moves no time and adds no entry', () => {
    const live = created();
    const same = recordUpdate(live, structuredClone(live), 'other', 'apps/v1', t1, undefined, opts);
    assert.deepEqual(summary(same), [['kubectl-create', 'Update', 'apps/v1', '2024-05-01T10:00:00Z', '']]);
  });

  it('status is not owned through the main resource, only through the status subresource', () => {
    const live = created();
    const next = structuredClone(live);
    next.status = { replicas: 1 };
    assert.deepEqual(summary(recordUpdate(live, structuredClone(next), 'ctrl', 'apps/v1', t1, undefined, opts)), [
      ['kubectl-create', 'Update', 'apps/v1', '2024-05-01T10:00:00Z', ''],
    ]);
    const viaStatus = recordUpdate(live, next, 'ctrl', 'apps/v1', t1, 'status', opts);
    assert.deepEqual(summary(viaStatus), [
      ['kubectl-create', 'Update', 'apps/v1', '2024-05-01T10:00:00Z', ''],
      ['ctrl', 'Update', 'apps/v1', '2024-05-01T11:00:00Z', 'status'],
    ]);
    assert.deepEqual(entries(viaStatus)?.[1]?.fieldsV1, { 'f:status': { 'f:replicas': {} } });
  });

  it('a subresource write ignores managedFields sent in the request', () => {
    const live = created();
    const next = structuredClone(live);
    (next.metadata as JsonObject).managedFields = [];
    next.status = { replicas: 2 };
    recordUpdate(live, next, 'ctrl', 'apps/v1', t1, 'status', opts);
    assert.deepEqual(summary(next), [
      ['kubectl-create', 'Update', 'apps/v1', '2024-05-01T10:00:00Z', ''],
      ['ctrl', 'Update', 'apps/v1', '2024-05-01T11:00:00Z', 'status'],
    ]);
  });

  it('managedFields: [] in an update resets the record (and the object stays untracked)', () => {
    const live = created();
    const next = structuredClone(live);
    (next.metadata as JsonObject).managedFields = [];
    assert.equal(entries(recordUpdate(live, next, 'kubectl-edit', 'apps/v1', t1, undefined, opts)), undefined);
  });

  it('an object that was never tracked stays untracked on update', () => {
    const live = newDeployment();
    (live.metadata as JsonObject).uid = 'uid-1';
    const next = structuredClone(live);
    (next.spec as JsonObject).replicas = 2;
    assert.equal(entries(recordUpdate(live, next, 'kubectl-edit', 'apps/v1', t1, undefined, opts)), undefined);
  });

  it('invalid managedFields in the request fall back to the live record', () => {
    const live = created();
    const next = structuredClone(live);
    (next.metadata as JsonObject).managedFields = [{ manager: 'x', operation: 'Bogus', apiVersion: 'v1' }];
    assert.deepEqual(summary(recordUpdate(live, next, 'y', 'apps/v1', t1, undefined, opts)), [
      ['kubectl-create', 'Update', 'apps/v1', '2024-05-01T10:00:00Z', ''],
    ]);
  });

  it('keeps at most 10 update managers, merging the oldest into ancient-changes', () => {
    let obj = created();
    for (let i = 0; i < 11; i++) {
      const next = structuredClone(obj);
      ((next.metadata as JsonObject).labels as JsonObject)[`l${i}`] = 'x';
      obj = recordUpdate(obj, next, `m${i}`, 'apps/v1', new Date(Date.UTC(2024, 5, 1, 12, i)), undefined, opts);
    }
    const managers = entries(obj)?.map((e) => e.manager);
    assert.equal(managers?.length, 10);
    assert.deepEqual(managers?.slice(0, 2), ['ancient-changes', 'm2']);
    assert.ok(!managers?.includes('kubectl-create') && !managers?.includes('m0') && !managers?.includes('m1'));
  });

  it('without a schema, lists are atomic', () => {
    const obj = recordUpdate(undefined, { metadata: { name: 'x' }, spec: { list: [{ name: 'a' }] } }, 'm', 'v1', t0);
    assert.deepEqual(entries(obj)?.[0]?.fieldsV1, { 'f:spec': { 'f:list': {} } });
  });
});

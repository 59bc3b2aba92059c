import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../api/status-error.js';
import { goJson } from './go-format.js';
import type { JsonObject } from './json-value.js';
import { lastAppliedAnnotation } from './last-applied.js';
import { recordUpdate } from './managed-fields.js';
import type { ManagedFieldsEntry } from './managed-fields-codec.js';
import { type ServerSideApplyOptions, serverSideApply } from './server-side-apply.js';
import { deployment } from './testdata/schemas.js';

const t0 = new Date('2024-05-01T10:00:00Z');
const t1 = new Date('2024-05-01T11:00:00Z');

function config(replicas = 2, env: JsonObject[] = [{ name: 'A', value: '1' }]): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], env }] },
      },
    },
  };
}

const options = (o: Partial<ServerSideApplyOptions> = {}): ServerSideApplyOptions => ({
  manager: 'mgr',
  force: false,
  apiVersion: 'apps/v1',
  now: t0,
  schema: deployment,
  ...o,
});

/** Stores an apply result the way the registry would (adds a uid). */
function stored(obj: JsonObject): JsonObject {
  (obj.metadata as JsonObject).uid = 'uid-1';
  return obj;
}

const entries = (obj: JsonObject) => (obj.metadata as JsonObject).managedFields as ManagedFieldsEntry[];
const managers = (obj: JsonObject) => entries(obj).map((e) => [e.manager, e.operation, e.time]);
const containerOf = (obj: JsonObject) =>
  ((((obj.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0] as JsonObject;

/** An object created by client-side `kubectl apply` (with the last-applied annotation). */
function createdByClientSideApply(): JsonObject {
  const obj = config(1);
  (obj.metadata as JsonObject).annotations = { [lastAppliedAnnotation]: `${JSON.stringify(config(1))}\n` };
  return stored(
    recordUpdate(undefined, obj, 'kubectl-client-side-apply', 'apps/v1', t0, undefined, { schema: deployment }),
  );
}

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  assert.fail('expected a conflict');
}

describe('serverSideApply', () => {
  it('creates, and the applier owns exactly what it applied (list keys with defaults)', () => {
    const { object, created } = serverSideApply(undefined, config(), options());
    assert.equal(created, true);
    assert.deepEqual(containerOf(object), {
      name: 'nginx',
      image: 'nginx',
      ports: [{ containerPort: 80 }],
      env: [{ name: 'A', value: '1' }],
    });
    assert.deepEqual(entries(object), [
      {
        manager: 'mgr',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('re-applying without a field removes it (prune); an unchanged apply moves no time', () => {
    const live = stored(
      serverSideApply(undefined, config(2, [{ name: 'A', value: '1' }, { name: 'X' }]), options()).object,
    );
    const pruned = serverSideApply(live, config(), options({ now: t1 })).object;
    assert.deepEqual(containerOf(pruned).env, [{ name: 'A', value: '1' }]);
    assert.deepEqual(managers(pruned), [['mgr', 'Apply', '2024-05-01T11:00:00Z']]);
    const again = serverSideApply(stored(pruned), config(), options({ now: new Date('2024-05-02T00:00:00Z') })).object;
    assert.deepEqual(managers(again), [['mgr', 'Apply', '2024-05-01T11:00:00Z']]);
  });

  it('does not prune a field another applier also applied', () => {
    const both = [{ name: 'A', value: '1' }, { name: 'X' }];
    let live = stored(serverSideApply(undefined, config(2, both), options()).object);
    live = stored(serverSideApply(live, config(2, both), options({ manager: 'other' })).object);
    const after = serverSideApply(live, config(), options({ now: t1 })).object;
    assert.deepEqual(containerOf(after).env, both);
  });

  it('a changed field owned by another manager is a 409 worded as kube-apiserver words it', () => {
    const live = createdByClientSideApply();
    const err = conflictOf(() => serverSideApply(live, config(3), options()));
    assert.deepEqual(err.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
  });

  it('several conflicts are grouped by manager', () => {
    const live = createdByClientSideApply();
    const changed = config(3);
    containerOf(changed).image = 'nginx:2';
    const err = conflictOf(() => serverSideApply(live, changed, options()));
    assert.equal(
      err.message,
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
        '- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
    assert.deepEqual(
      err.details?.causes?.map((c) => c.field),
      ['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image'],
    );
  });

  it('the same value is shared ownership, not a conflict', () => {
    const live = createdByClientSideApply();
    const { object } = serverSideApply(live, config(1), options());
    assert.deepEqual(
      managers(object).map(([m]) => m),
      ['mgr', 'kubectl-client-side-apply'],
    );
    const csa = entries(object)[1]?.fieldsV1 as JsonObject;
    assert.deepEqual((csa['f:spec'] as JsonObject)['f:replicas'], {});
  });

  it('force takes the field over', () => {
    const live = createdByClientSideApply();
    const { object } = serverSideApply(live, config(3), options({ force: true }));
    assert.equal((object.spec as JsonObject).replicas, 3);
    const csa = entries(object).find((e) => e.manager === 'kubectl-client-side-apply')?.fieldsV1 as JsonObject;
    assert.equal((csa['f:spec'] as JsonObject)['f:replicas'], undefined);
  });

  it('kubectl --server-side takes over client-side-applied fields and rewrites the annotation', () => {
    const live = createdByClientSideApply();
    const applied = config(3);
    const { object } = serverSideApply(live, applied, options({ manager: 'kubectl' }));
    assert.equal((object.spec as JsonObject).replicas, 3);
    const annotations = (object.metadata as JsonObject).annotations as JsonObject;
    assert.equal(annotations[lastAppliedAnnotation], `${goJson(applied)}\n`);
    assert.ok(String(annotations[lastAppliedAnnotation]).startsWith('{"apiVersion":"apps/v1","kind":"Deployment",'));
  });

  it('kubectl is not forgiven a field whose live value moved away from the last-applied one', () => {
    const live = createdByClientSideApply();
    const edited = structuredClone(live);
    (edited.spec as JsonObject).replicas = 5;
    const current = stored(
      recordUpdate(live, edited, 'kubectl-edit', 'apps/v1', t1, undefined, { schema: deployment }),
    );
    const err = conflictOf(() => serverSideApply(current, config(3), options({ manager: 'kubectl' })));
    assert.equal(
      err.message,
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    );
  });

  it('an object without managedFields belongs to before-first-apply', () => {
    const live = stored(config(1));
    const err = conflictOf(() => serverSideApply(live, config(3), options()));
    assert.equal(
      err.message,
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
  });

  it('status in the configuration is not the applier’s', () => {
    const withStatus = { ...config(), status: { replicas: 5 } };
    const fields = entries(serverSideApply(undefined, withStatus, options()).object)[0]?.fieldsV1 as JsonObject;
    assert.equal(fields['f:status'], undefined);
  });

  it('merges associative lists in the configuration order, keeping live-only items', () => {
    const live = stored(serverSideApply(undefined, config(2, [{ name: 'A' }, { name: 'B' }]), options()).object);
    const other = stored(
      serverSideApply(live, config(2, [{ name: 'C' }, { name: 'A' }, { name: 'B' }]), options({ manager: 'o' })).object,
    );
    assert.deepEqual(containerOf(other).env, [{ name: 'C' }, { name: 'A' }, { name: 'B' }]);
    const mine = serverSideApply(other, config(2, [{ name: 'B' }, { name: 'A' }]), options()).object;
    assert.deepEqual(
      (containerOf(mine).env as JsonObject[]).map((e) => e.name),
      ['C', 'B', 'A'],
    );
  });

  it('rejects a configuration of another type, or with managedFields, with 400', () => {
    assert.throws(() => serverSideApply(undefined, { ...config(), apiVersion: 'apps/v1beta1' }, options()), {
      code: 400,
      message: 'invalid object type: apps/v1beta1, Kind=Deployment',
    });
    const live = stored(serverSideApply(undefined, config(), options()).object);
    assert.throws(() => serverSideApply(live, { ...config(), kind: 'ReplicaSet' }, options()), {
      code: 400,
      message: 'invalid object type: apps/v1, Kind=ReplicaSet',
    });
    const withManaged = config();
    (withManaged.metadata as JsonObject).managedFields = [];
    assert.throws(() => serverSideApply(undefined, withManaged, options()), {
      code: 400,
      message: 'metadata.managedFields must be nil',
    });
  });

  it('rejects duplicate list keys in the configuration with 500', () => {
    const dup = config();
    const spec = ((dup.spec as JsonObject).template as JsonObject).spec as JsonObject;
    spec.containers = [{ name: 'nginx' }, { name: 'nginx', image: 'x' }];
    assert.throws(() => serverSideApply(undefined, dup, options()), {
      code: 500,
      message:
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="nginx"]',
    });
  });

  it('does not modify its inputs', () => {
    const live = createdByClientSideApply();
    const before = structuredClone(live);
    const applied = config(1);
    serverSideApply(live, applied, options());
    assert.deepEqual(live, before);
    assert.deepEqual(applied, config(1));
  });
});

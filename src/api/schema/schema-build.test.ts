import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogStats, isKindMessage, messageForKind, schemaForKind, schemaForMessage } from './index.js';
import type { FieldSchema, SchemaNode } from './schema-node.js';

function field(node: SchemaNode | undefined, ...path: string[]): FieldSchema {
  let f: FieldSchema | undefined;
  let n = node;
  for (const name of path) {
    while (n && (n.type === 'array' || n.type === 'map')) n = n.elements;
    f = n?.fields?.get(name);
    assert.ok(f, `no field ${name} in ${n?.name}`);
    n = f.node;
  }
  assert.ok(f);
  return f;
}

describe('schemaForKind', () => {
  const kinds: [string, string, string | undefined][] = [
    ['v1', 'Pod', 'k8s.io.api.core.v1.Pod'],
    ['apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment'],
    ['apps/v1', 'DeploymentList', 'k8s.io.api.apps.v1.DeploymentList'],
    ['autoscaling/v1', 'Scale', 'k8s.io.api.autoscaling.v1.Scale'],
    ['v1', 'Binding', 'k8s.io.api.core.v1.Binding'],
    ['policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction'],
    ['batch/v1', 'Job', 'k8s.io.api.batch.v1.Job'],
    ['rbac.authorization.k8s.io/v1', 'Role', 'k8s.io.api.rbac.v1.Role'],
    ['v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
    ['apps/v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
    ['v1', 'Status', 'k8s.io.apimachinery.pkg.apis.meta.v1.Status'],
    ['v1', 'PodSpec', undefined],
    ['apps/v1', 'Pod', undefined],
    ['example.com/v1', 'Widget', undefined],
  ];
  for (const [apiVersion, kind, message] of kinds) {
    it(`${apiVersion} ${kind}`, () => {
      assert.equal(messageForKind(apiVersion, kind), message);
      assert.equal(schemaForKind(apiVersion, kind)?.name, message);
    });
  }

  it('gives kinds apiVersion and kind, documented as TypeMeta documents them', () => {
    const pod = schemaForKind('v1', 'Pod');
    assert.deepEqual([...(pod?.fields?.keys() ?? [])], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    assert.match(field(pod, 'kind').description ?? '', /^Kind is a string value representing the REST resource/);
    assert.equal(field(pod, 'kind').id, undefined);
    assert.ok(isKindMessage('k8s.io.api.core.v1.Pod'));
    assert.ok(!isKindMessage('k8s.io.api.core.v1.PodSpec'));
  });
});

describe('schemaForMessage', () => {
  it('maps scalar types with formats and Go facts', () => {
    const spec = schemaForMessage('k8s.io.api.apps.v1.DeploymentSpec');
    assert.deepEqual(field(spec, 'replicas').node, { type: 'integer', format: 'int32' });
    assert.equal(field(spec, 'replicas').pointer, true);
    assert.equal(field(spec, 'replicas').id, 1);
    assert.equal(field(spec, 'paused').node.type, 'boolean');
    assert.equal(field(spec, 'paused').pointer, undefined);
    assert.equal(field(spec, 'template').required, true);
    assert.equal(field(spec, 'selector').required, true);
    assert.equal(field(spec, 'replicas').required, undefined);
    assert.equal(field(spec, 'strategy').patchStrategy, 'retainKeys');
  });

  it('maps special types', () => {
    const types: [string[], string, string, string?][] = [
      [['metadata', 'creationTimestamp'], 'k8s.io.api.core.v1.Pod', 'date-time'],
      [['metadata', 'managedFields', 'fieldsV1'], 'k8s.io.api.core.v1.Pod', 'any'],
      [['spec', 'ports', 'targetPort'], 'k8s.io.api.core.v1.Service', 'int-or-string'],
      [['spec', 'overhead'], 'k8s.io.api.core.v1.Pod', 'map'],
      [['data'], 'k8s.io.api.core.v1.Secret', 'map'],
      [['data'], 'k8s.io.api.apps.v1.ControllerRevision', 'any'],
      [['eventTime'], 'k8s.io.api.core.v1.Event', 'date-time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime'],
      [['spec', 'containers', 'resources', 'limits'], 'k8s.io.api.core.v1.Pod', 'map'],
    ];
    for (const [path, message, type, name] of types) {
      const f = field(schemaForMessage(message), ...path);
      assert.equal(f.node.type, type, path.join('.'));
      if (name) assert.equal(f.node.name, name);
    }
    const limits = field(schemaForMessage('k8s.io.api.core.v1.Pod'), 'spec', 'containers', 'resources', 'limits');
    assert.equal(limits.node.elements?.type, 'quantity');
    assert.equal(field(schemaForMessage('k8s.io.api.core.v1.Secret'), 'data').node.elements?.type, 'bytes');
  });

  it('reads patch and list markers', () => {
    const containers = field(schemaForMessage('k8s.io.api.core.v1.PodSpec'), 'containers');
    assert.equal(containers.node.type, 'array');
    assert.equal(containers.node.elements?.name, 'k8s.io.api.core.v1.Container');
    assert.equal(containers.patchMergeKey, 'name');
    assert.equal(containers.patchStrategy, 'merge');
    assert.equal(containers.listType, 'map');
    assert.deepEqual(containers.listMapKeys, ['name']);
    assert.equal(schemaForMessage('k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector')?.atomic, true);
  });

  it('flattens Go-embedded structs into the JSON fields and keeps them apart in protoFields', () => {
    const volume = schemaForMessage('k8s.io.api.core.v1.Volume');
    assert.ok(volume?.fields?.has('emptyDir'));
    assert.ok(!volume?.fields?.has('volumeSource'));
    const inline = volume?.protoFields?.get(2);
    assert.equal(inline?.inline, true);
    assert.equal(inline?.node.name, 'k8s.io.api.core.v1.VolumeSource');
    assert.ok(schemaForMessage('k8s.io.api.core.v1.Probe')?.fields?.has('httpGet'));
    assert.ok(schemaForMessage('k8s.io.api.core.v1.ConfigMapKeySelector')?.fields?.has('name'));
    assert.ok(schemaForMessage('k8s.io.api.networking.v1.IngressRule')?.fields?.has('http'));
  });

  it('uses the JSON name where it differs from the protobuf name', () => {
    const ref = schemaForMessage('k8s.io.api.networking.v1.IngressClassParametersReference');
    assert.ok(ref?.fields?.has('apiGroup'));
    assert.ok(!ref?.fields?.has('aPIGroup'));
    assert.equal(ref?.protoFields?.get(1)?.name, 'apiGroup');
  });

  it('treats unvendored (alpha) message types as any', () => {
    const policy = field(schemaForMessage('k8s.io.api.batch.v1.JobSchedulingConfiguration'), 'schedulingPolicy');
    assert.equal(policy.node.type, 'any');
  });

  it('keeps indentation and paragraphs in descriptions', () => {
    const type = field(schemaForMessage('k8s.io.api.core.v1.AppArmorProfile'), 'type');
    assert.equal(
      type.description,
      "type indicates which kind of AppArmor profile will be applied. Valid options are:\n  Localhost - a profile pre-loaded on the node.\n  RuntimeDefault - the container runtime's default profile.\n  Unconfined - no AppArmor enforcement.",
    );
  });

  it('returns undefined for unknown messages and reports how the catalog loaded', () => {
    assert.equal(schemaForMessage('k8s.io.api.core.v1.Nope'), undefined);
    const stats = catalogStats();
    assert.ok(stats && stats.loadMs >= 0 && (stats.source === 'cache' || stats.source === 'protos'));
  });
});

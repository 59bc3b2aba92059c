import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAgainstSchema, schemaForKind, schemaForMessage } from './index.js';
import type { SchemaNode } from './schema-node.js';

function schema(apiVersion: string, kind: string): SchemaNode {
  const s = schemaForKind(apiVersion, kind);
  assert.ok(s);
  return s;
}

describe('checkAgainstSchema: unknown fields', () => {
  const deployment = schema('apps/v1', 'Deployment');

  it('names unknown fields by path, including metadata, list items and map values', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labelz: { a: 'b' } },
      spec: {
        templat: {},
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'x' },
              { name: 'b', imagee: 'y', resources: { limits: { cpu: '1' } } },
            ],
          },
        },
      },
    };
    assert.deepEqual(checkAgainstSchema(deployment, obj), {
      unknownFields: ['metadata.labelz', 'spec.templat', 'spec.template.spec.containers[1].imagee'],
      typeErrors: [],
    });
    assert.ok('templat' in obj.spec, 'not pruned by default');
  });

  it('prunes unknown fields in place, at every depth', () => {
    const obj = { metadata: { name: 'x', foo: 1 }, spec: { bar: true, replicas: 2 }, extra: 'z' };
    const result = checkAgainstSchema(deployment, obj, { prune: true });
    assert.deepEqual(result.unknownFields, ['metadata.foo', 'spec.bar', 'extra']);
    assert.deepEqual(obj, { metadata: { name: 'x' }, spec: { replicas: 2 } });
  });

  it('allows apiVersion and kind at the top of any schema, not deeper', () => {
    const spec = schemaForMessage('k8s.io.api.apps.v1.DeploymentSpec');
    assert.ok(spec);
    assert.deepEqual(checkAgainstSchema(spec, { apiVersion: 'v', kind: 'k', selector: { kind: 'x' } }).unknownFields, [
      'selector.kind',
    ]);
  });

  it('accepts anything inside RawExtension and FieldsV1, and embedded (inline) fields', () => {
    const pod = schema('v1', 'Pod');
    const obj = {
      metadata: { managedFields: [{ fieldsV1: { 'f:metadata': { 'f:labels': {} } }, fieldsType: 'FieldsV1' }] },
      spec: {
        containers: [{ name: 'a', livenessProbe: { httpGet: { port: 8080, path: '/' } } }],
        volumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'cm', optional: true } }],
      },
    };
    assert.deepEqual(checkAgainstSchema(pod, obj), { unknownFields: [], typeErrors: [] });
  });
});

describe('checkAgainstSchema: type errors worded as Go words them', () => {
  const cases: [string, string, string, unknown, string][] = [
    [
      'apps/v1',
      'Deployment',
      'string into int32',
      { spec: { replicas: '3' } },
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'apps/v1',
      'Deployment',
      'fraction into int32',
      { spec: { replicas: 1.5 } },
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'apps/v1',
      'Deployment',
      'overflowing int32',
      { spec: { replicas: 2147483648 } },
      'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'apps/v1',
      'Deployment',
      'string into struct',
      { spec: 'x' },
      'json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec',
    ],
    [
      'v1',
      'Pod',
      'object into slice (no indices in the Go path)',
      { spec: { containers: [{ name: 'a', ports: {} }] } },
      'json: cannot unmarshal object into Go struct field Container.spec.containers.ports of type []v1.ContainerPort',
    ],
    [
      'v1',
      'Pod',
      'number into string',
      { metadata: { name: 5 } },
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string',
    ],
    [
      'v1',
      'Pod',
      'array into map',
      { metadata: { labels: [] } },
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    ],
    [
      'v1',
      'Pod',
      'number as map value',
      { metadata: { labels: { a: 1 } } },
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'v1',
      'Pod',
      'string into bool',
      { spec: { hostNetwork: 'yes' } },
      'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
    ],
    [
      'v1',
      'Service',
      'bool into int-or-string',
      { spec: { ports: [{ port: 80, targetPort: true }] } },
      'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    ],
    [
      'v1',
      'Pod',
      'bad quantity',
      { spec: { containers: [{ name: 'a', resources: { limits: { cpu: 'lots' } } }] } },
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    ['v1', 'Secret', 'bad base64', { data: { pw: 'abc' } }, 'illegal base64 data at input byte 0'],
    [
      'v1',
      'Pod',
      'bad time',
      { metadata: { creationTimestamp: 'yesterday' } },
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
    [
      'v1',
      'Pod',
      'number as time',
      { metadata: { creationTimestamp: 5 } },
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    ],
  ];
  for (const [apiVersion, kind, name, obj, message] of cases) {
    it(name, () => assert.deepEqual(checkAgainstSchema(schema(apiVersion, kind), obj).typeErrors[0], message));
  }

  it('accepts null anywhere, numbers and strings for quantities, ints and strings for int-or-string', () => {
    const obj = {
      metadata: { creationTimestamp: null, labels: null },
      spec: {
        ports: [
          { port: 80, targetPort: 'http' },
          { port: 81, targetPort: 8081, nodePort: null },
        ],
        selector: { app: 'x' },
      },
    };
    assert.deepEqual(checkAgainstSchema(schema('v1', 'Service'), obj).typeErrors, []);
    const pod = { spec: { containers: [{ name: 'a', resources: { limits: { cpu: 0.5, memory: '128Mi' } } }] } };
    assert.deepEqual(checkAgainstSchema(schema('v1', 'Pod'), pod).typeErrors, []);
  });

  it('reports an error returned by a type of its own first, as Go returns it over saved type errors', () => {
    const obj = { spec: { replicas: 'x', template: { metadata: { creationTimestamp: 'bad' } } } };
    const { typeErrors } = checkAgainstSchema(schema('apps/v1', 'Deployment'), obj);
    assert.match(typeErrors[0] ?? '', /^parsing time "bad"/);
    assert.match(typeErrors[1] ?? '', /DeploymentSpec\.spec\.replicas of type int32$/);
  });
});

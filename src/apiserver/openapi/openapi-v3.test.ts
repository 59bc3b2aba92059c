import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { groupVersions } from '../../api/registry.js';
import {
  groupVersionPath,
  type OpenApiSchema,
  openapiV2Body,
  openapiV2ContentType,
  openapiV3Document,
  openapiV3DocumentBody,
  openapiV3Paths,
} from './index.js';

function doc(path: string) {
  const d = openapiV3Document(path);
  assert.ok(d, path);
  return d;
}

function obj(v: unknown): OpenApiSchema {
  assert.ok(v && typeof v === 'object' && !Array.isArray(v), JSON.stringify(v));
  return v as OpenApiSchema;
}

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refs(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe('openapiV3Paths', () => {
  it('lists every served group-version with a content hash', () => {
    const paths = openapiV3Paths();
    assert.deepEqual(
      Object.keys(paths),
      groupVersions().map((gv) => groupVersionPath(gv.group, gv.version)),
    );
    assert.ok(paths['api/v1'] && paths['apis/apps/v1']);
    for (const [key, { serverRelativeURL }] of Object.entries(paths)) {
      const body = openapiV3DocumentBody(key);
      assert.ok(body);
      const hash = createHash('sha512').update(body.json).digest('hex').toUpperCase();
      assert.equal(serverRelativeURL, `/openapi/v3/${key}?hash=${hash}`);
      assert.deepEqual(JSON.parse(body.json), openapiV3Document(key));
    }
  });
  it('accepts the URL form of a key and rejects unknown group-versions', () => {
    assert.equal(openapiV3Document('/openapi/v3/apis/apps/v1?hash=ABC'), openapiV3Document('apis/apps/v1'));
    assert.equal(openapiV3Document('apis/example.com/v1'), undefined);
  });
});

describe('openapiV3Document paths', () => {
  const apps = doc('apis/apps/v1');
  const item = obj(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']);

  it('names the kind on every operation and declares fieldValidation on writes', () => {
    for (const method of ['get', 'put', 'patch', 'delete']) {
      assert.deepEqual(obj(item[method])['x-kubernetes-group-version-kind'], {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
      });
    }
    const collection = obj(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments']);
    for (const op of [obj(item.patch), obj(item.put), obj(collection.post)]) {
      const names = (op.parameters as OpenApiSchema[]).map((p) => p.name);
      assert.ok(names.includes('fieldValidation'), String(op.operationId));
    }
    assert.equal(obj(item.patch).operationId, 'patchAppsV1NamespacedDeployment');
    assert.deepEqual(Object.keys(obj(obj(item.patch).requestBody).content as object), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
  });

  it('describes the scale subresource as autoscaling/v1 Scale, and the all-namespaces list', () => {
    const scale = obj(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']);
    assert.deepEqual(obj(scale.get)['x-kubernetes-group-version-kind'], {
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    assert.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
    assert.equal(
      obj(obj(apps.paths['/apis/apps/v1/deployments']).get).operationId,
      'listAppsV1DeploymentForAllNamespaces',
    );
  });

  it('puts cluster-scoped resources outside namespaces', () => {
    const core = doc('api/v1');
    assert.ok(core.paths['/api/v1/namespaces/{name}']);
    assert.ok(core.paths['/api/v1/nodes/{name}/status']);
    assert.ok(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding']);
    assert.ok(!core.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec'], 'connect subresources are not described');
  });
});

describe('openapiV3Document components', () => {
  const core = doc('api/v1');
  const schemas = core.components.schemas;

  it('resolves every $ref inside the document', () => {
    for (const d of Object.keys(openapiV3Paths()).map(doc)) {
      for (const ref of refs(d)) {
        const name = ref.replace('#/components/schemas/', '');
        assert.ok(d.components.schemas[name], `${ref} missing`);
      }
    }
  });

  it('marks kinds with their group-version-kind', () => {
    assert.deepEqual(obj(schemas['io.k8s.api.core.v1.Pod'])['x-kubernetes-group-version-kind'], [
      { group: '', version: 'v1', kind: 'Pod' },
    ]);
    assert.equal(obj(schemas['io.k8s.api.core.v1.PodSpec'])['x-kubernetes-group-version-kind'], undefined);
    const deployment = obj(doc('apis/apps/v1').components.schemas['io.k8s.api.apps.v1.Deployment']);
    assert.deepEqual(deployment['x-kubernetes-group-version-kind'], [
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
  });

  it('wraps referenced types in allOf with the field description, and carries patch and list extensions', () => {
    const pod = obj(obj(schemas['io.k8s.api.core.v1.Pod']).properties);
    const metadata = obj(pod.metadata);
    assert.deepEqual(metadata.allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    assert.match(String(metadata.description), /^Standard object's metadata/);
    const containers = obj(obj(obj(schemas['io.k8s.api.core.v1.PodSpec']).properties).containers);
    assert.equal(containers.type, 'array');
    assert.deepEqual(obj(containers.items).allOf, [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }]);
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
    assert.deepEqual(obj(schemas['io.k8s.api.core.v1.PodSpec']).required, ['containers']);
  });

  it('renders special types as kube-apiserver does', () => {
    assert.deepEqual(
      { ...obj(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']), description: undefined },
      { type: 'string', format: 'date-time', description: undefined },
    );
    const intOrString = obj(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']);
    assert.equal(intOrString['x-kubernetes-int-or-string'], true);
    assert.equal(intOrString.format, 'int-or-string');
    assert.ok(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']);
    const labels = obj(obj(obj(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).properties).labels);
    assert.deepEqual(labels.additionalProperties, { type: 'string', default: '' });
    const replicas = obj(
      obj(obj(doc('apis/apps/v1').components.schemas['io.k8s.api.apps.v1.DeploymentSpec']).properties).replicas,
    );
    assert.deepEqual({ type: replicas.type, format: replicas.format }, { type: 'integer', format: 'int32' });
  });

  it('has no generator markers in descriptions', () => {
    const text = JSON.stringify(core);
    assert.ok(!/\\n\+|"\+(optional|listType|patchStrategy)/.test(text));
  });
});

describe('openapiV2Body', () => {
  it('is an empty protobuf document with a content type Go can parse', () => {
    assert.equal(openapiV2Body().length, 0);
    assert.ok(!openapiV2ContentType.includes('@'));
  });
});

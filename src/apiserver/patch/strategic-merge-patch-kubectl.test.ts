import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { deployment, service } from './testdata/schemas.js';

/** A live Deployment as kube-apiserver would store it (defaults included). */
function liveDeployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['a'] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              args: ['-g', 'daemon off;'],
              ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'sidecar', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  };
}

type Edit = (d: JsonObject) => void;

/** The live deployment with `edit` applied to its pod spec. */
function expectPodSpec(edit: (spec: JsonObject) => void): JsonObject {
  const d = liveDeployment();
  edit(((d.spec as JsonObject).template as JsonObject).spec as JsonObject);
  return d;
}

function expectDeployment(edit: Edit): JsonObject {
  const d = liveDeployment();
  edit(d);
  return d;
}

const containersOf = (spec: JsonObject) => spec.containers as JsonObject[];

const cases: [name: string, patch: JsonObject, want: JsonObject][] = [
  [
    'kubectl set image (with $setElementOrder)',
    {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:2', name: 'nginx' }],
          },
        },
      },
    },
    expectPodSpec((spec) => {
      (containersOf(spec)[0] as JsonObject).image = 'nginx:2';
    }),
  ],
  [
    'kubectl rollout restart',
    {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' } } },
      },
    },
    expectDeployment((d) => {
      const template = (d.spec as JsonObject).template as JsonObject;
      (template.metadata as JsonObject).annotations = { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' };
    }),
  ],
  [
    'client-side apply: new replicas, image and annotation',
    {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.26', name: 'nginx' }],
          },
        },
      },
    },
    expectDeployment((d) => {
      (d.metadata as JsonObject).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' };
      (d.spec as JsonObject).replicas = 3;
      const spec = ((d.spec as JsonObject).template as JsonObject).spec as JsonObject;
      (containersOf(spec)[0] as JsonObject).image = 'nginx:1.26';
    }),
  ],
  [
    'client-side apply removing a container and its volume',
    {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ $patch: 'delete', name: 'sidecar' }],
            volumes: null,
          },
        },
      },
    },
    expectPodSpec((spec) => {
      spec.containers = [containersOf(spec)[0]];
      delete spec.volumes;
    }),
  ],
  [
    'client-side apply switching the strategy to Recreate ($retainKeys)',
    { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    expectDeployment((d) => {
      (d.spec as JsonObject).strategy = { type: 'Recreate' };
    }),
  ],
  [
    'client-side apply switching a volume from emptyDir to a configMap ($retainKeys in a list item)',
    {
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'data' }],
            volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, name: 'data' }],
          },
        },
      },
    },
    expectPodSpec((spec) => {
      spec.volumes = [{ name: 'data', configMap: { name: 'cfg' } }];
    }),
  ],
  [
    'env merges by name, ports by containerPort, args are replaced',
    {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'nginx',
                args: ['-v'],
                env: [
                  { name: 'C', value: '3' },
                  { name: 'A', value: 'one' },
                  { name: 'B', $patch: 'delete' },
                ],
                ports: [{ containerPort: 80, name: 'web' }],
              },
            ],
          },
        },
      },
    },
    expectPodSpec((spec) => {
      const nginx = containersOf(spec)[0] as JsonObject;
      nginx.args = ['-v'];
      nginx.env = [
        { name: 'C', value: '3' },
        { name: 'A', value: 'one' },
      ];
      nginx.ports = [{ containerPort: 80, protocol: 'TCP', name: 'web' }];
    }),
  ],
  [
    'kubectl patch adding a container without $setElementOrder puts it first (upstream order)',
    { spec: { template: { spec: { containers: [{ name: 'new', image: 'x' }] } } } },
    expectPodSpec((spec) => {
      spec.containers = [{ name: 'new', image: 'x' }, ...containersOf(spec)];
    }),
  ],
  [
    '$patch: replace on the containers list',
    { spec: { template: { spec: { containers: [{ name: 'only', image: 'y' }, { $patch: 'replace' }] } } } },
    expectPodSpec((spec) => {
      spec.containers = [{ name: 'only', image: 'y' }];
    }),
  ],
  [
    'finalizers merge as a set; $deleteFromPrimitiveList removes',
    { metadata: { finalizers: ['b', 'a'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
    expectDeployment((d) => {
      (d.metadata as JsonObject).finalizers = ['b'];
    }),
  ],
  [
    'labels: null removes a label',
    { metadata: { labels: { app: null, tier: 'fe' } } },
    expectDeployment((d) => {
      (d.metadata as JsonObject).labels = { tier: 'fe' };
    }),
  ],
  [
    'status conditions merge by type',
    { status: { conditions: [{ type: 'Available', status: 'True' }] } },
    expectDeployment((d) => {
      d.status = { conditions: [{ type: 'Available', status: 'True' }] };
    }),
  ],
];

describe('applyStrategicMergePatch: what kubectl sends, on a Deployment', () => {
  for (const [name, patch, want] of cases) {
    it(name, () => {
      assert.deepEqual(applyStrategicMergePatch(liveDeployment(), patch, deployment), want);
    });
  }

  it('merges status conditions into existing ones by type', () => {
    const live = {
      status: {
        conditions: [
          { type: 'Progressing', status: 'True' },
          { type: 'Available', status: 'False' },
        ],
      },
    };
    const patched = applyStrategicMergePatch(
      live,
      { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      deployment,
    );
    assert.deepEqual(patched, {
      status: {
        conditions: [
          { type: 'Progressing', status: 'True' },
          { type: 'Available', status: 'True' },
        ],
      },
    });
  });

  it('without a schema, lists are replaced (JSON merge patch behaviour)', () => {
    const patched = applyStrategicMergePatch(liveDeployment(), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'v3' }] } } },
    });
    const spec = ((patched.spec as JsonObject).template as JsonObject).spec as JsonObject;
    assert.deepEqual(spec.containers, [{ name: 'nginx', image: 'v3' }]);
  });
});

describe('applyStrategicMergePatch: Service ports', () => {
  it('merge by port and keep the others', () => {
    const live: JsonObject = {
      spec: {
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        ],
        selector: { app: 'web' },
      },
    };
    const patch = { spec: { ports: [{ port: 80, targetPort: 9090 }], selector: { app: 'web2' } } };
    assert.deepEqual(applyStrategicMergePatch(live, patch, service), {
      spec: {
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        ],
        selector: { app: 'web2' },
      },
    });
  });
});

/**
 * Hand-built SchemaNodes for the patch tests: upstream's `MergeItem` test type (apimachinery
 * strategicpatch/patch_test.go) and a subset of Deployment, Pod and Service with the markers of
 * vendor/k8s-proto/k8s.io/api/{apps,core}/v1/generated.proto.
 */

import type { FieldSchema, SchemaNode } from '../../../api/schema/schema-node.js';

type Markers = Omit<FieldSchema, 'name' | 'node'>;
type FieldSpec = SchemaNode | [SchemaNode, Markers];

export const str: SchemaNode = { type: 'string' };
export const int: SchemaNode = { type: 'integer' };
export const bool: SchemaNode = { type: 'boolean' };
export const intOrString: SchemaNode = { type: 'int-or-string' };
export const time: SchemaNode = { type: 'date-time' };
export const any: SchemaNode = { type: 'any' };

export function mapOf(elements: SchemaNode): SchemaNode {
  return { type: 'map', elements };
}

export function listOf(elements: SchemaNode): SchemaNode {
  return { type: 'array', elements };
}

/** A struct; `fields` may be filled later (for recursive types) through the returned node's map. */
export function struct(name: string, spec: Record<string, FieldSpec> = {}, atomic?: boolean): SchemaNode {
  const fields = new Map<string, FieldSchema>();
  const node: SchemaNode = { type: 'object', name, fields };
  if (atomic) node.atomic = true;
  addFields(node, spec);
  return node;
}

export function addFields(node: SchemaNode, spec: Record<string, FieldSpec>): void {
  const fields = node.fields as Map<string, FieldSchema>;
  for (const [name, s] of Object.entries(spec)) {
    const [fieldNode, markers] = Array.isArray(s) ? s : [s, {}];
    fields.set(name, { name, node: fieldNode, ...markers });
  }
}

const mergeByName: Markers = { patchStrategy: 'merge', patchMergeKey: 'name' };

/** Upstream's MergeItem. */
export const mergeItem: SchemaNode = struct('MergeItem');
const retainKeysMergeItem = struct('RetainKeysMergeItem', {
  name: str,
  value: str,
  other: str,
  simpleMap: mapOf(str),
  mergingIntList: [listOf(int), { patchStrategy: 'merge' }],
  mergingList: [listOf(mergeItem), mergeByName],
  nonMergingList: listOf(mergeItem),
});
addFields(mergeItem, {
  name: str,
  value: str,
  other: str,
  mergingList: [listOf(mergeItem), mergeByName],
  nonMergingList: listOf(mergeItem),
  mergingIntList: [listOf(int), { patchStrategy: 'merge' }],
  nonMergingIntList: listOf(int),
  mergeItemPtr: [listOf(mergeItem), mergeByName],
  simpleMap: mapOf(str),
  replacingItem: [any, { patchStrategy: 'replace' }],
  retainKeysMap: [retainKeysMergeItem, { patchStrategy: 'retainKeys' }],
  retainKeysMergingList: [listOf(mergeItem), { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' }],
});

const ownerReference = struct('OwnerReference', { apiVersion: str, kind: str, name: str, uid: str }, true);

export const objectMeta = struct('ObjectMeta', {
  name: str,
  generateName: str,
  namespace: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: time,
  deletionTimestamp: [time, { pointer: true }],
  labels: mapOf(str),
  annotations: mapOf(str),
  ownerReferences: [
    listOf(ownerReference),
    { patchStrategy: 'merge', patchMergeKey: 'uid', listType: 'map', listMapKeys: ['uid'] },
  ],
  finalizers: [listOf(str), { patchStrategy: 'merge', listType: 'set' }],
  managedFields: [listOf(any), { listType: 'atomic' }],
});

const containerPort = struct('ContainerPort', {
  name: str,
  containerPort: [int, { noOmitEmpty: true }],
  protocol: str,
});
const envVar = struct('EnvVar', { name: [str, { noOmitEmpty: true }], value: str });
const volumeMount = struct('VolumeMount', { name: [str, { noOmitEmpty: true }], mountPath: str, readOnly: bool });
const container = struct('Container', {
  name: [str, { noOmitEmpty: true }],
  image: str,
  command: [listOf(str), { listType: 'atomic' }],
  args: [listOf(str), { listType: 'atomic' }],
  ports: [
    listOf(containerPort),
    {
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
  ],
  env: [listOf(envVar), { ...mergeByName, listType: 'map', listMapKeys: ['name'] }],
  volumeMounts: [
    listOf(volumeMount),
    { patchStrategy: 'merge', patchMergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] },
  ],
  resources: struct('ResourceRequirements', {
    limits: mapOf({ type: 'quantity' }),
    requests: mapOf({ type: 'quantity' }),
  }),
  imagePullPolicy: str,
});
const volume = struct('Volume', {
  name: [str, { noOmitEmpty: true }],
  emptyDir: [struct('EmptyDirVolumeSource', { medium: str }), { pointer: true }],
  configMap: [struct('ConfigMapVolumeSource', { name: str }), { pointer: true }],
  secret: [struct('SecretVolumeSource', { secretName: str }), { pointer: true }],
});
const toleration = struct('Toleration', { key: str, operator: str, value: str, effect: str });
export const podSpec = struct('PodSpec', {
  containers: [listOf(container), { ...mergeByName, listType: 'map', listMapKeys: ['name'], noOmitEmpty: true }],
  initContainers: [listOf(container), { ...mergeByName, listType: 'map', listMapKeys: ['name'] }],
  volumes: [
    listOf(volume),
    { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
  ],
  nodeSelector: mapOf(str),
  restartPolicy: str,
  dnsPolicy: str,
  hostname: str,
  tolerations: [listOf(toleration), { listType: 'atomic' }],
});
const podTemplateSpec = struct('PodTemplateSpec', { metadata: objectMeta, spec: podSpec });
const labelSelector = struct(
  'LabelSelector',
  { matchLabels: mapOf(str), matchExpressions: [listOf(any), { listType: 'atomic' }] },
  true,
);
const condition = struct('DeploymentCondition', {
  type: [str, { noOmitEmpty: true }],
  status: [str, { noOmitEmpty: true }],
  reason: str,
});
const rollingUpdate = struct('RollingUpdateDeployment', {
  maxUnavailable: [intOrString, { pointer: true }],
  maxSurge: [intOrString, { pointer: true }],
});

/** apps/v1 Deployment (subset). */
export const deployment = struct('Deployment', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('DeploymentSpec', {
    replicas: [int, { pointer: true }],
    selector: [labelSelector, { pointer: true, noOmitEmpty: true }],
    template: [podTemplateSpec, { noOmitEmpty: true }],
    strategy: [
      struct('DeploymentStrategy', { type: str, rollingUpdate: [rollingUpdate, { pointer: true }] }),
      { patchStrategy: 'retainKeys' },
    ],
    revisionHistoryLimit: [int, { pointer: true }],
    progressDeadlineSeconds: [int, { pointer: true }],
    paused: bool,
  }),
  status: struct('DeploymentStatus', {
    observedGeneration: int,
    replicas: int,
    readyReplicas: int,
    conditions: [
      listOf(condition),
      { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] },
    ],
  }),
});

/** v1 Pod (subset). */
export const pod = struct('Pod', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: podSpec,
  status: struct('PodStatus', { phase: str, podIP: str }),
});

const servicePort = struct('ServicePort', {
  name: str,
  protocol: str,
  port: [int, { noOmitEmpty: true }],
  targetPort: intOrString,
  nodePort: int,
});

/** v1 Service (subset). */
export const service = struct('Service', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('ServiceSpec', {
    ports: [
      listOf(servicePort),
      { patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] },
    ],
    selector: [mapOf(str), { atomic: false }],
    type: str,
    clusterIP: str,
  }),
  status: struct('ServiceStatus', { loadBalancer: struct('LoadBalancerStatus', {}) }),
});

/** v1 ConfigMap. */
export const configMap = struct('ConfigMap', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  data: mapOf(str),
  binaryData: mapOf({ type: 'bytes' }),
});

/**
 * API defaulting: what kube-apiserver fills in on create and update (the scheme's defaulting functions,
 * the pod admission defaults and the few fields the registries set), so that stored objects read back as
 * they do from a real cluster.
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/registry.js';
import { defaultString, defaultValue, existingObject, objectField } from './json.js';
import { defaultPod } from './pod.js';
import { defaultEndpointSlice, defaultEndpoints, defaultService } from './service.js';
import { defaultDeployment, defaultReplicaSet } from './workloads.js';

export { parseImageReference } from './image-reference.js';
export { type InitialPodStatus, initialPodStatus } from './pod.js';
export { podQosClass } from './qos.js';
export { compareQuantities, parseQuantity, type Quantity } from './quantity.js';

export type Operation = 'create' | 'update';

/** `SetDefaults_Namespace` and `SetDefaults_NamespaceStatus`; the `kubernetes` finalizer on create. */
function defaultNamespace(ns: KubeObject, operation: Operation | undefined): void {
  const name = ns.metadata.name ?? '';
  if (name !== '') ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': name };
  const spec = objectField(ns, 'spec');
  if (operation === 'create') defaultValue(spec, 'finalizers', ['kubernetes']);
  defaultString(objectField(ns, 'status'), 'phase', 'Active');
}

/** `SetDefaults_NodeStatus`: allocatable defaults to capacity. */
function defaultNode(node: KubeObject): void {
  const status = existingObject(node, 'status');
  const capacity = existingObject(status, 'capacity');
  if (status && capacity) defaultValue(status, 'allocatable', { ...capacity });
}

/** `SetDefaults_IngressClass`: parameters are cluster-scoped unless said otherwise. */
function defaultIngressClass(ingressClass: KubeObject): void {
  const parameters = existingObject(existingObject(ingressClass, 'spec'), 'parameters');
  if (parameters) defaultValue(parameters, 'scope', 'Cluster');
}

type Defaulter = (obj: KubeObject, operation: Operation | undefined) => void;

const defaulters: Readonly<Record<string, Defaulter>> = {
  '/Pod': defaultPod,
  '/Service': defaultService,
  '/Endpoints': defaultEndpoints,
  '/Namespace': defaultNamespace,
  '/Node': defaultNode,
  '/Secret': (secret) => defaultString(secret, 'type', 'Opaque'),
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'networking.k8s.io/IngressClass': defaultIngressClass,
};

/**
 * Applies in place the defaults kube-apiserver applies to an object of the resource `info` (a no-op for
 * kinds without defaults: ConfigMap, ServiceAccount, Event, Lease, Ingress). Idempotent. Pass the operation:
 * - `'create'` adds what happens only on create: a namespace's `kubernetes` finalizer, and the pod admission
 *   defaults (service account `default`, priority, preemption policy);
 * - `'update'` leaves those out (upstream keeps them from the stored object);
 * - omitted: the pod admission defaults are applied (harmless on update, those fields are immutable) but the
 *   namespace finalizer is not (re-adding it on update could block a namespace's deletion).
 * May throw 403 Forbidden for a pod whose priority class is unknown or whose priority conflicts with its class.
 */
export function applyDefaults(info: ResourceInfo, obj: KubeObject, operation?: Operation): void {
  defaulters[`${info.group}/${info.kind}`]?.(obj, operation);
}

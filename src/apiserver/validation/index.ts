/**
 * Validation of built-in kinds as kube-apiserver 1.33 does it: the same field paths, error types and
 * messages, so that kubectl prints what it prints against a real cluster. Objects arrive defaulted.
 *
 * Each function returns the field errors (empty when valid); the caller turns them into a 422 Invalid.
 */
import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject, ObjectMeta } from '../../api/object.js';
import type { ResourceInfo } from '../../api/registry.js';
import type { FieldError } from '../../api/status-error.js';
import { validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate } from './apps.js';
import { validateDeploymentStatusUpdate, validateReplicaSetStatusUpdate } from './apps-status.js';
import {
  validateNamespace,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
  validateNode,
  validateNodeUpdate,
  validateNodeUpdateOnly,
} from './cluster.js';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
  validateServiceAccountUpdate,
} from './config.js';
import {
  validateEndpointSlice,
  validateEndpointSliceUpdate,
  validateEndpoints,
  validateEndpointsUpdate,
} from './endpoints.js';
import { validateEventCreate, validateEventUpdate } from './event.js';
import {
  validateIngress,
  validateIngressClass,
  validateIngressClassUpdate,
  validateIngressStatusUpdate,
  validateIngressUpdate,
} from './ingress.js';
import { validateLease, validateLeaseUpdate } from './lease.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodCreate } from './pod.js';
import { validatePodStatusUpdate, validatePodUpdate } from './pod-update.js';
import { validateService, validateServiceStatusUpdate, validateServiceUpdate } from './service.js';
import { serviceAsValidated } from './service-normalize.js';

type Create = (obj: never) => FieldError[];
type Update = (obj: never, old: never) => FieldError[];

interface KindValidators {
  create: Create;
  update: Update;
  status?: Update;
}

const validators: Record<string, KindValidators> = {
  '/Namespace': { create: validateNamespace, update: validateNamespaceUpdate, status: validateNamespaceStatusUpdate },
  '/Pod': { create: validatePodCreate, update: validatePodUpdate, status: validatePodStatusUpdate },
  '/Service': {
    create: (svc: Service) => validateService(serviceAsValidated(svc)),
    update: (svc: Service, old: Service) => validateServiceUpdate(serviceAsValidated(svc, old), old),
    status: validateServiceStatusUpdate,
  },
  '/Endpoints': { create: validateEndpoints, update: validateEndpointsUpdate },
  '/Node': { create: validateNode, update: validateNodeUpdate, status: validateNodeUpdateOnly },
  '/ConfigMap': { create: validateConfigMap, update: validateConfigMapUpdate },
  '/Secret': { create: validateSecret, update: validateSecretUpdate },
  '/ServiceAccount': { create: validateServiceAccount, update: validateServiceAccountUpdate },
  'apps/Deployment': {
    create: validateDeployment,
    update: validateDeploymentUpdate,
    status: validateDeploymentStatusUpdate,
  },
  'apps/ReplicaSet': {
    create: validateReplicaSet,
    update: validateReplicaSetUpdate,
    status: validateReplicaSetStatusUpdate,
  },
  'discovery.k8s.io/EndpointSlice': { create: validateEndpointSlice, update: validateEndpointSliceUpdate },
  'networking.k8s.io/Ingress': {
    create: validateIngress,
    update: validateIngressUpdate,
    status: validateIngressStatusUpdate,
  },
  'networking.k8s.io/IngressClass': { create: validateIngressClass, update: validateIngressClassUpdate },
  'coordination.k8s.io/Lease': { create: validateLease, update: validateLeaseUpdate },
};

function lookup(info: ResourceInfo): KindValidators | undefined {
  return validators[`${info.group}/${info.kind}`];
}

function isEvent(info: ResourceInfo): boolean {
  return info.kind === 'Event' && (info.group === '' || info.group === 'events.k8s.io');
}

function meta(obj: KubeObject): ObjectMeta {
  return obj.metadata ?? {};
}

/** Errors of a new object (after defaulting, before admission). */
export function validateCreate(info: ResourceInfo, obj: KubeObject): FieldError[] {
  if (isEvent(info)) return validateEventCreate(obj, info.group);
  const v = lookup(info);
  if (v) return v.create(obj as never);
  return validateObjectMeta(meta(obj), info.namespaced, nameIsDNSSubdomain);
}

/** Errors of an update of the main resource, including the fields that may not change. */
export function validateUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  if (isEvent(info)) return validateEventUpdate(obj, old, info.group);
  const v = lookup(info);
  if (v) return v.update(obj as never, old as never);
  return [
    ...validateObjectMetaUpdate(meta(obj), meta(old)),
    ...validateObjectMeta(meta(obj), info.namespaced, nameIsDNSSubdomain),
  ];
}

/** Errors of a write to the `/status` subresource. */
export function validateStatusUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  const status = lookup(info)?.status;
  if (status) return status(obj as never, old as never);
  return validateObjectMetaUpdate(meta(obj), meta(old));
}

export { validateNamespaceFinalizeUpdate } from './cluster.js';
export * from './labels.js';
export * from './names.js';
export { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
export { dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues } from './service-normalize.js';

/** The strategy of every resource in the registry. */
import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/registry.js';
import { StatusError } from '../../api/status-error.js';
import { admitDefaultIngressClass } from '../admission/default-ingress-class.js';
import { allocateServiceAddresses } from '../admission/service-allocator.js';
import { initialPodStatus } from '../defaults/index.js';
import { dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues } from '../validation/index.js';
import { genericStrategy, type Strategy } from './strategy.js';

const withStatus: Strategy = { ...genericStrategy, statusSubresource: true, tracksGeneration: true };

const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

interface PodView {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

const podStrategy: Strategy = {
  ...withStatus,
  prepareForCreate(obj) {
    obj.status = initialPodStatus(obj);
  },
  gracePeriodSeconds(obj, request) {
    const pod = obj as PodView;
    if (!pod.spec?.nodeName) return 0;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    const grace = request.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, grace);
  },
};

const serviceStrategy: Strategy = {
  statusSubresource: true,
  tracksGeneration: false,
  allowCreateOnUpdate: false,
  serializeWrites: true,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
    normalizeClusterIPs(asService(obj));
  },
  prepareForUpdate(obj, old) {
    patchAllocatedValues(asService(obj), asService(old));
    normalizeClusterIPs(asService(obj), asService(old));
    dropTypeDependentFields(asService(obj), asService(old));
  },
  admitCreate(obj, ctx) {
    return allocateServiceAddresses(obj, undefined, ctx.store, ctx.key(obj));
  },
  admitUpdate(obj, old, ctx) {
    return allocateServiceAddresses(obj, old, ctx.store, ctx.key(obj));
  },
};

/** The validation helpers take the typed Service view of the same object. */
function asService(obj: KubeObject): Service {
  return obj as unknown as Service;
}

function setNamespaceNameLabel(obj: KubeObject): void {
  obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
}

const namespaceStrategy: Strategy = {
  statusSubresource: true,
  tracksGeneration: false,
  allowCreateOnUpdate: false,
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    setNamespaceNameLabel(obj);
  },
  prepareForUpdate(obj) {
    setNamespaceNameLabel(obj);
  },
  validateDelete(obj) {
    const name = obj.metadata.name ?? '';
    if (immortalNamespaces.has(name)) {
      throw new StatusError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, {
        name,
        kind: 'namespaces',
      });
    }
  },
  prepareForDelete(obj) {
    obj.status = { ...(obj.status as object | undefined), phase: 'Terminating' };
  },
  holdsDeletion(obj) {
    const spec = obj.spec as { finalizers?: string[] } | undefined;
    return (spec?.finalizers ?? []).length > 0;
  },
};

const createOnUpdate: Strategy = { ...genericStrategy, allowCreateOnUpdate: true };

const byResource: Record<string, Strategy> = {
  'core/pods': podStrategy,
  'core/services': serviceStrategy,
  'core/namespaces': namespaceStrategy,
  'core/nodes': { ...withStatus, tracksGeneration: false },
  'core/endpoints': createOnUpdate,
  'core/events': createOnUpdate,
  'apps/deployments': withStatus,
  'apps/replicasets': withStatus,
  'networking.k8s.io/ingresses': {
    ...withStatus,
    admitCreate: (obj, ctx) => admitDefaultIngressClass(obj, ctx.store),
  },
  'networking.k8s.io/ingressclasses': { ...genericStrategy, tracksGeneration: true },
  'discovery.k8s.io/endpointslices': { ...genericStrategy, tracksGeneration: true },
  'events.k8s.io/events': createOnUpdate,
  'coordination.k8s.io/leases': createOnUpdate,
};

export function strategyFor(info: ResourceInfo): Strategy {
  return byResource[`${info.group || 'core'}/${info.resource}`] ?? genericStrategy;
}

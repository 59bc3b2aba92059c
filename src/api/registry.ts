/**
 * The resource registry: one table that drives routing, discovery, OpenAPI, printing and storage keys.
 * Adding a kind means adding a row here (and, where it has behaviour, a strategy, validation and a printer).
 */

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceInfo {
  name: string;
  /** The kind the subresource accepts and returns, e.g. `Scale` in group `autoscaling`. */
  kind: string;
  group: string;
  version: string;
  verbs: Verb[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural, lowercase, as in the URL path. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: Verb[];
  subresources: SubresourceInfo[];
  /** Fully qualified protobuf message name of the kind (for protobuf request bodies and schema). */
  protoMessage: string;
}

const allVerbs: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const statusVerbs: Verb[] = ['get', 'patch', 'update'];

function sub(name: string, kind: string, group: string, version: string, verbs: Verb[] = statusVerbs): SubresourceInfo {
  return { name, kind, group, version, verbs };
}

function row(
  r: Omit<ResourceInfo, 'listKind' | 'verbs' | 'subresources' | 'shortNames' | 'categories'> &
    Partial<Pick<ResourceInfo, 'listKind' | 'verbs' | 'subresources' | 'shortNames' | 'categories'>>,
): ResourceInfo {
  return {
    listKind: `${r.kind}List`,
    verbs: allVerbs,
    subresources: [],
    shortNames: [],
    categories: [],
    ...r,
  };
}

const core = (m: string) => `k8s.io.api.core.v1.${m}`;

export const resources: readonly ResourceInfo[] = [
  row({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    resource: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [sub('status', 'Namespace', '', 'v1'), sub('finalize', 'Namespace', '', 'v1', ['update'])],
    protoMessage: core('Namespace'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      sub('status', 'Pod', '', 'v1'),
      sub('binding', 'Binding', '', 'v1', ['create']),
      sub('log', 'Pod', '', 'v1', ['get']),
      sub('exec', 'PodExecOptions', '', 'v1', ['create', 'get']),
      sub('attach', 'PodAttachOptions', '', 'v1', ['create', 'get']),
      sub('portforward', 'PodPortForwardOptions', '', 'v1', ['create', 'get']),
    ],
    protoMessage: core('Pod'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'Service',
    resource: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      sub('status', 'Service', '', 'v1'),
      sub('proxy', 'ServiceProxyOptions', '', 'v1', ['create', 'delete', 'get', 'patch', 'update']),
    ],
    protoMessage: core('Service'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    listKind: 'EndpointsList',
    resource: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    protoMessage: core('Endpoints'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    protoMessage: core('Event'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'Node',
    resource: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    subresources: [
      sub('status', 'Node', '', 'v1'),
      sub('proxy', 'NodeProxyOptions', '', 'v1', ['create', 'delete', 'get', 'patch', 'update']),
    ],
    protoMessage: core('Node'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    resource: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    protoMessage: core('ConfigMap'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'Secret',
    resource: 'secrets',
    singular: 'secret',
    namespaced: true,
    protoMessage: core('Secret'),
  }),
  row({
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    protoMessage: core('ServiceAccount'),
  }),
  row({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [sub('status', 'Deployment', 'apps', 'v1'), sub('scale', 'Scale', 'autoscaling', 'v1')],
    protoMessage: 'k8s.io.api.apps.v1.Deployment',
  }),
  row({
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [sub('status', 'ReplicaSet', 'apps', 'v1'), sub('scale', 'Scale', 'autoscaling', 'v1')],
    protoMessage: 'k8s.io.api.apps.v1.ReplicaSet',
  }),
  row({
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    resource: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
    protoMessage: 'k8s.io.api.discovery.v1.EndpointSlice',
  }),
  row({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    resource: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: [sub('status', 'Ingress', 'networking.k8s.io', 'v1')],
    protoMessage: 'k8s.io.api.networking.v1.Ingress',
  }),
  row({
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    resource: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
    protoMessage: 'k8s.io.api.networking.v1.IngressClass',
  }),
  row({
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    protoMessage: 'k8s.io.api.events.v1.Event',
  }),
  row({
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    resource: 'leases',
    singular: 'lease',
    namespaced: true,
    protoMessage: 'k8s.io.api.coordination.v1.Lease',
  }),
];

export function apiVersionOf(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return resources.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return resources.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** Group-versions in the order discovery lists them (core first, then groups in registry order). */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  for (const r of resources) {
    const key = apiVersionOf(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ group: r.group, version: r.version });
  }
  return out;
}

/** The storage key prefix of a resource: `/registry/<group or core>/<resource>/`. */
export function storagePrefix(r: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `/registry/${r.group || 'core'}/${r.resource}/`;
}

/** The storage key of one object. */
export function storageKey(
  r: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>,
  namespace: string,
  name: string,
): string {
  return r.namespaced ? `${storagePrefix(r)}${namespace}/${name}` : `${storagePrefix(r)}${name}`;
}

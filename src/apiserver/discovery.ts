/**
 * API discovery, aggregated (apidiscovery.k8s.io v2 and v2beta1) and legacy, generated from the registry.
 * The response format is negotiated on the Accept header exactly as client-go expects (kubectl-wire.md §3).
 */
import { apiVersionOf, groupVersions, type ResourceInfo, resources } from '../api/registry.js';
import { parseMediaRanges } from './negotiation.js';

export type DiscoveryFormat = 'v2' | 'v2beta1' | 'legacy';

const aggregatedType = (v: 'v2' | 'v2beta1') =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

/** Picks the aggregated version the client offers (v2 preferred), else legacy. */
export function negotiateDiscovery(accept: string | undefined): DiscoveryFormat {
  const offered = new Set<string>();
  for (const range of parseMediaRanges(accept)) {
    const p = range.params;
    if (
      range.type === 'application/json' &&
      p.get('g') === 'apidiscovery.k8s.io' &&
      p.get('as') === 'APIGroupDiscoveryList'
    ) {
      offered.add(p.get('v') ?? '');
    }
  }
  if (offered.has('v2')) return 'v2';
  if (offered.has('v2beta1')) return 'v2beta1';
  return 'legacy';
}

export function discoveryContentType(format: DiscoveryFormat): string {
  return format === 'legacy' ? 'application/json' : aggregatedType(format);
}

function resourceDiscovery(r: ResourceInfo) {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs].sort(),
  };
  if (r.shortNames.length > 0) out.shortNames = r.shortNames;
  if (r.categories.length > 0) out.categories = r.categories;
  if (r.subresources.length > 0) {
    out.subresources = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group, version: s.version, kind: s.kind },
      verbs: [...s.verbs].sort(),
    }));
  }
  return out;
}

function groupDiscovery(group: string) {
  const versions = groupVersions().filter((gv) => gv.group === group);
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((gv) => ({
      version: gv.version,
      resources: resources.filter((r) => r.group === group && r.version === gv.version).map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

/** `GET /api` or `GET /apis` in aggregated form. */
export function aggregatedDiscovery(root: 'api' | 'apis', format: 'v2' | 'v2beta1') {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) =>
    root === 'api' ? g === '' : g !== '',
  );
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${format}`,
    metadata: {},
    items: groups.map(groupDiscovery),
  };
}

export function legacyApiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string) {
  const versions = groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: apiVersionOf(gv), version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function legacyApiGroupList() {
  const groups = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

export function legacyApiGroup(group: string) {
  if (!groupVersions().some((gv) => gv.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

/** `GET /api/v1` or `GET /apis/{g}/{v}`: an APIResourceList, or undefined if the group-version is not served. */
export function apiResourceList(group: string, version: string) {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of rs) {
    const entry: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
    if (r.categories.length > 0) entry.categories = r.categories;
    list.push(entry);
    for (const s of r.subresources) {
      const subEntry: Record<string, unknown> = {
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: s.kind,
        verbs: s.verbs,
      };
      if (s.group !== r.group || s.version !== r.version) {
        subEntry.group = s.group;
        subEntry.version = s.version;
      }
      list.push(subEntry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources: list };
}

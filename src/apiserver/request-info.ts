/**
 * Parses an API path the way kube-apiserver's RequestInfoFactory does:
 * `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}`, `/apis/{group}/{version}/...`.
 */

export type RequestVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'connect';

export interface ResourceRequestInfo {
  group: string;
  version: string;
  /** Empty for cluster-scoped requests and for all-namespace lists. */
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: RequestVerb;
}

export interface DiscoveryPath {
  kind: 'root-api' | 'root-apis' | 'group' | 'group-version';
  group: string;
  version: string;
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** Returns the resource request, a discovery path, or undefined for any other path. */
export function parseApiPath(
  method: string,
  pathname: string,
  query: URLSearchParams,
): { resource: ResourceRequestInfo } | { discovery: DiscoveryPath } | undefined {
  const parts = pathname.split('/').filter((p) => p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { discovery: { kind: 'root-api', group: '', version: '' } };
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
    if (rest.length === 0) return { discovery: { kind: 'group-version', group, version } };
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { discovery: { kind: 'root-apis', group: '', version: '' } };
    group = parts[1] ?? '';
    if (parts.length === 2) return { discovery: { kind: 'group', group, version: '' } };
    version = parts[2] ?? '';
    rest = parts.slice(3);
    if (rest.length === 0) return { discovery: { kind: 'group-version', group, version } };
  } else {
    return undefined;
  }
  let namespace = '';
  // `/namespaces/{name}/status` and `/finalize` are subresources of the namespace, not resources inside it.
  if (rest[0] === 'namespaces' && rest.length === 3 && namespaceSubresources.has(rest[2] ?? '')) {
    const name = decodeURIComponent(rest[1] ?? '');
    return {
      resource: {
        group,
        version,
        namespace: '',
        resource: 'namespaces',
        name,
        subresource: rest[2] ?? '',
        verb: verbFor(method, true, query),
      },
    };
  }
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[1] !== undefined) {
    namespace = decodeURIComponent(rest[1]);
    rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  let name = rest[1] !== undefined ? decodeURIComponent(rest[1]) : '';
  const subresource = rest[2] ?? '';
  // `/api/v1/namespaces/foo` is the namespace object itself.
  if (namespace !== '' && rest.length === 0) {
    return {
      resource: {
        group,
        version,
        namespace: '',
        resource: 'namespaces',
        name: namespace,
        subresource: '',
        verb: verbFor(method, true, query),
      },
    };
  }
  if (resource === 'namespaces' && namespace === '' && rest.length >= 2) {
    name = decodeURIComponent(rest[1] ?? '');
  }
  if (rest.length > 3) return undefined;
  return {
    resource: { group, version, namespace, resource, name, subresource, verb: verbFor(method, name !== '', query) },
  };
}

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

function verbFor(method: string, hasName: boolean, query: URLSearchParams): RequestVerb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (isWatch(query)) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return 'get';
  }
}

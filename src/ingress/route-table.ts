/**
 * The route table: every Ingress of this controller compiled into virtual servers by host, each with its paths
 * in precedence order, plus the TLS secret of each host. Pure: built from Ingress objects, asked per request.
 *
 * Resolution follows Kubernetes' rules and ingress-nginx where they leave room:
 * - the server is chosen by host first: exact host, then the one `*.` wildcard that can match, then the
 *   catch-all server of rules without host; paths are matched only within the chosen server;
 * - within a server the longest matching path wins, `Exact` before `Prefix` at equal length;
 * - the same host+path+pathType in several Ingresses: the oldest Ingress wins (creationTimestamp, then
 *   namespace/name, as ingress-nginx sorts them);
 * - no path matches: the host's default backend (`spec.defaultBackend` of the oldest Ingress with rules for that
 *   host that has one), else the catch-all default backend (the oldest Ingress without rules that has one, else
 *   the oldest with a host-less rule), else none (the controller answers 404).
 */
import type { HTTPIngressPath, IngressBackend } from 'kubernetes-types/networking/v1.js';
import { wildcardFor } from './host-match.js';
import type { Ingress } from './kinds.js';
import { comparePrecedence, matchesPath, type PathMatcher, type PathType, pathMatcher } from './path-match.js';

/** A backend Service port: by number or by name, as the Ingress wrote it. */
export interface ServiceBackend {
  namespace: string;
  name: string;
  port: number | string;
}

/** Where a request goes, and which Ingress said so. */
export interface RouteTarget {
  /** `namespace/name` of the Ingress. */
  ingress: string;
  /** Undefined for a `resource` backend, which this controller does not serve (answered 503). */
  service: ServiceBackend | undefined;
}

export interface RouteMatch extends RouteTarget {
  /** `path` when a rule path matched, `default` for a default backend. */
  via: 'path' | 'default';
}

/** A TLS secret reference (`kubernetes.io/tls` Secret in the Ingress's namespace). */
export interface SecretRef {
  namespace: string;
  name: string;
}

interface Location extends PathMatcher {
  target: RouteTarget;
}

interface VirtualServer {
  locations: Location[];
  defaultTarget: RouteTarget | undefined;
}

export interface RouteTable {
  /** The route of a request by host (lower case, no port) and normalized path; undefined means 404. */
  match(host: string, path: string): RouteMatch | undefined;
  /** The TLS secret for an SNI server name: exact host, then wildcard; undefined when none covers it. */
  tlsSecret(serverName: string): SecretRef | undefined;
  /** The secret presented without SNI or for an unknown name: the oldest Ingress's first TLS secret. */
  defaultTlsSecret(): SecretRef | undefined;
  /** Every TLS secret referenced (`namespace/name`). */
  tlsSecrets(): SecretRef[];
  /** Every Service backend referenced. */
  services(): ServiceBackend[];
}

function keyOfIngress(ing: Ingress): string {
  return `${ing.metadata.namespace ?? ''}/${ing.metadata.name ?? ''}`;
}

/** Oldest first; ties by namespace/name (ingress-nginx's `sortIngressSlice`). */
export function compareIngressAge(a: Ingress, b: Ingress): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = keyOfIngress(a);
  const kb = keyOfIngress(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function targetOf(ing: Ingress, backend: IngressBackend | undefined): RouteTarget | undefined {
  if (!backend) return undefined;
  const svc = backend.service;
  const ingress = keyOfIngress(ing);
  if (!svc) return { ingress, service: undefined };
  const port = svc.port?.name ? svc.port.name : (svc.port?.number ?? 0);
  return { ingress, service: { namespace: ing.metadata.namespace ?? '', name: svc.name, port } };
}

function pathTypeOf(p: HTTPIngressPath): PathType {
  return p.pathType === 'Exact' || p.pathType === 'Prefix' ? p.pathType : 'ImplementationSpecific';
}

class CompiledRoutes implements RouteTable {
  constructor(
    private readonly servers: Map<string, VirtualServer>,
    private readonly catchAllDefault: RouteTarget | undefined,
    private readonly tls: Map<string, SecretRef>,
    private readonly tlsDefault: SecretRef | undefined,
    private readonly allTls: SecretRef[],
    private readonly allServices: ServiceBackend[],
  ) {}

  match(host: string, path: string): RouteMatch | undefined {
    let server = this.servers.get(host);
    if (!server) {
      const wildcard = wildcardFor(host);
      if (wildcard) server = this.servers.get(wildcard);
    }
    server ??= this.servers.get('');
    if (server) {
      for (const loc of server.locations) {
        if (matchesPath(loc, path)) return { ...loc.target, via: 'path' };
      }
      if (server.defaultTarget) return { ...server.defaultTarget, via: 'default' };
    }
    return this.catchAllDefault ? { ...this.catchAllDefault, via: 'default' } : undefined;
  }

  tlsSecret(serverName: string): SecretRef | undefined {
    const exact = this.tls.get(serverName);
    if (exact) return exact;
    const wildcard = wildcardFor(serverName);
    return wildcard ? this.tls.get(wildcard) : undefined;
  }

  defaultTlsSecret(): SecretRef | undefined {
    return this.tlsDefault;
  }

  tlsSecrets(): SecretRef[] {
    return this.allTls;
  }

  services(): ServiceBackend[] {
    return this.allServices;
  }
}

/** Compiles the Ingresses (already filtered to this controller's class) into a route table. */
export function buildRouteTable(ingresses: readonly Ingress[]): RouteTable {
  const sorted = [...ingresses].sort(compareIngressAge);
  const servers = new Map<string, VirtualServer>();
  const tls = new Map<string, SecretRef>();
  const allTls = new Map<string, SecretRef>();
  const allServices = new Map<string, ServiceBackend>();
  let rulelessDefault: RouteTarget | undefined;
  let hostlessDefault: RouteTarget | undefined;
  let tlsDefault: SecretRef | undefined;

  /** One object per backend, so callers can cache by identity. */
  const noteService = (t: RouteTarget | undefined) => {
    if (!t?.service) return;
    const key = `${t.service.namespace}/${t.service.name}:${t.service.port}`;
    const known = allServices.get(key);
    if (known) t.service = known;
    else allServices.set(key, t.service);
  };

  for (const ing of sorted) {
    const spec = ing.spec ?? {};
    const ingDefault = targetOf(ing, spec.defaultBackend);
    noteService(ingDefault);
    const rules = spec.rules ?? [];
    if (rules.length === 0) rulelessDefault ??= ingDefault;
    const ruleHosts: string[] = [];
    for (const rule of rules) {
      const host = rule.host ?? '';
      if (host) ruleHosts.push(host);
      else hostlessDefault ??= ingDefault;
      let server = servers.get(host);
      if (!server) {
        server = { locations: [], defaultTarget: undefined };
        servers.set(host, server);
      }
      if (host) server.defaultTarget ??= ingDefault;
      for (const p of rule.http?.paths ?? []) {
        const matcher = pathMatcher(p.path ?? '/', pathTypeOf(p));
        const taken = server.locations.some((l) => l.path === matcher.path && l.pathType === matcher.pathType);
        const target = targetOf(ing, p.backend);
        if (taken || !target) continue;
        noteService(target);
        server.locations.push({ ...matcher, target });
      }
    }
    for (const entry of spec.tls ?? []) {
      if (!entry.secretName) continue;
      const ref = { namespace: ing.metadata.namespace ?? '', name: entry.secretName };
      allTls.set(`${ref.namespace}/${ref.name}`, ref);
      tlsDefault ??= ref;
      const hosts = entry.hosts && entry.hosts.length > 0 ? entry.hosts : ruleHosts;
      for (const h of hosts) if (!tls.has(h.toLowerCase())) tls.set(h.toLowerCase(), ref);
    }
  }
  for (const server of servers.values()) server.locations.sort(comparePrecedence);
  return new CompiledRoutes(
    servers,
    rulelessDefault ?? hostlessDefault,
    tls,
    tlsDefault,
    [...allTls.values()],
    [...allServices.values()],
  );
}

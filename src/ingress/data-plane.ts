/**
 * The routing state the proxy reads on every request, kept from the informers' caches: the route table
 * (rebuilt when Ingresses or IngressClasses change) and, per backend, its endpoints (recomputed when Services or
 * EndpointSlices change). Both are rebuilt lazily, at most once per change, so a burst of events costs one
 * rebuild; `applyEndpointChanges` recomputes eagerly so the data plane can report what it applies.
 */
import type { Informer } from '../client/framework-types.js';
import { type Endpoint, resolveEndpoints } from './backend-endpoints.js';
import { isOurIngress } from './ingress-class.js';
import { type EndpointSlice, type Ingress, type IngressClass, labelServiceName, type Service } from './kinds.js';
import { buildRouteTable, type RouteMatch, type RouteTable, type ServiceBackend } from './route-table.js';

/** A backend as the proxy sees it. */
export interface Backend {
  /** `namespace/name:port`: the round-robin and counter identity. */
  key: string;
  endpoints: readonly Endpoint[];
  generation: number;
}

export interface DataPlaneInformers {
  ingresses: Informer<Ingress>;
  classes: Informer<IngressClass>;
  services: Informer<Service>;
  slices: Informer<EndpointSlice>;
}

/** The informer index of EndpointSlices by `namespace/service`. */
export const slicesByServiceIndex = 'ingress:by-service';

export function sliceServiceKeys(slice: EndpointSlice): string[] {
  const svc = slice.metadata.labels?.[labelServiceName];
  return svc ? [`${slice.metadata.namespace ?? ''}/${svc}`] : [];
}

export class DataPlane {
  private table: RouteTable | undefined;
  private generation = 0;
  private readonly backends = new WeakMap<ServiceBackend, Backend>();

  constructor(private readonly informers: DataPlaneInformers) {}

  /** The Ingresses this controller serves. */
  ourIngresses(): Ingress[] {
    const classes = this.informers.classes.list();
    return this.informers.ingresses.list().filter((ing) => isOurIngress(ing, classes));
  }

  routes(): RouteTable {
    this.table ??= buildRouteTable(this.ourIngresses());
    return this.table;
  }

  route(host: string, path: string): RouteMatch | undefined {
    return this.routes().match(host, path);
  }

  /** The backend's current endpoints (cached until the next endpoint change). */
  backend(service: ServiceBackend): Backend {
    const cached = this.backends.get(service);
    if (cached && cached.generation === this.generation) return cached;
    const key = `${service.namespace}/${service.name}:${service.port}`;
    const svcKey = `${service.namespace}/${service.name}`;
    const endpoints = resolveEndpoints(
      service,
      this.informers.services.get(svcKey),
      this.informers.slices.byIndex(slicesByServiceIndex, svcKey),
    );
    const backend = { key, endpoints, generation: this.generation };
    this.backends.set(service, backend);
    return backend;
  }

  /** Ingresses or IngressClasses changed. */
  invalidateRoutes(): void {
    this.table = undefined;
    this.generation++;
  }

  /**
   * Services or EndpointSlices changed: recomputes every backend now and returns the endpoint keys in use (so
   * connections to the others can be closed).
   */
  applyEndpointChanges(): Set<string> {
    this.generation++;
    const live = new Set<string>();
    const table = this.routes();
    for (const service of table.services()) {
      for (const ep of this.backend(service).endpoints) live.add(ep.key);
    }
    return live;
  }
}

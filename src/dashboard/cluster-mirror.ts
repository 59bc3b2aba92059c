/**
 * The dashboard's view of the cluster: one shared informer (list + watch, all namespaces) per kind it draws,
 * relayed to browsers as snapshots and changes. Objects are sent without managedFields and the last-applied
 * annotation, which learners do not need to see move.
 */
import type { KubeObject } from '../api/object.js';
import type { Informer } from '../client/framework-types.js';
import { createInformerFactory } from '../client/informer-factory.js';
import type { GroupVersionResource, KubeClient } from '../client/types.js';

/** The kinds the dashboard draws, by resource name. */
export const dashboardResources = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  services: { group: '', version: 'v1', resource: 'services' },
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  ingresses: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  events: { group: '', version: 'v1', resource: 'events' },
} as const satisfies Record<string, GroupVersionResource>;

export type ResourceName = keyof typeof dashboardResources;
export const resourceNames = Object.keys(dashboardResources) as ResourceName[];

export function isResourceName(name: string): name is ResourceName {
  return Object.hasOwn(dashboardResources, name);
}

export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceName;
  object: KubeObject;
}

export interface Snapshot {
  /** Namespaces (all of them) and the namespace's objects of every other kind. */
  objects: Record<ResourceName, KubeObject[]>;
}

/** How many of a namespace's events a snapshot carries (the newest). */
const snapshotEvents = 200;

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/** A copy without managedFields and the last-applied annotation (the object itself is the cache's). */
export function trimObject(obj: KubeObject): KubeObject {
  const { managedFields: _, ...metadata } = obj.metadata;
  if (metadata.annotations?.[lastApplied] !== undefined) {
    const { [lastApplied]: __, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return { ...obj, metadata };
}

/** When an event last happened, for ordering. */
export function eventTime(e: KubeObject): string {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return typeof t === 'string' ? t : '';
}

export class ClusterMirror {
  private readonly informers: Record<ResourceName, Informer>;
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly abort = new AbortController();

  constructor(client: KubeClient) {
    const factory = createInformerFactory(client);
    const informers = {} as Record<ResourceName, Informer>;
    for (const resource of resourceNames) {
      const informer = factory.informer(dashboardResources[resource]);
      const send = (type: Change['type'], obj: KubeObject) => {
        if (this.listeners.size === 0) return;
        const change = { type, resource, object: trimObject(obj) };
        for (const l of this.listeners) l(change);
      };
      informer.addHandlers({
        add: (obj) => send('ADDED', obj),
        update: (_old, obj) => send('MODIFIED', obj),
        delete: (obj) => send('DELETED', obj),
      });
      informers[resource] = informer;
    }
    this.informers = informers;
    factory.start(this.abort.signal);
  }

  /** Resolves once every kind has been listed. */
  async waitForSync(): Promise<void> {
    await Promise.all(resourceNames.map((r) => this.informers[r].waitForSync(this.abort.signal)));
  }

  /** Calls `listener` with every change from now on; returns the unsubscribe function. */
  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(resource: ResourceName, namespace: string, name: string): KubeObject | undefined {
    return this.informers[resource].get(resource === 'namespaces' ? name : `${namespace}/${name}`);
  }

  snapshot(namespace: string): Snapshot {
    const objects = {} as Record<ResourceName, KubeObject[]>;
    for (const r of resourceNames) {
      const items = r === 'namespaces' ? this.informers[r].list() : this.informers[r].list(namespace);
      objects[r] = items.map(trimObject);
    }
    objects.events = objects.events.sort((a, b) => eventTime(a).localeCompare(eventTime(b))).slice(-snapshotEvents);
    return { objects };
  }

  /** The namespace with the most pods outside kube-*, else `default`: where a first visit starts. */
  suggestedNamespace(): string {
    const counts = new Map<string, number>();
    for (const pod of this.informers.pods.list()) {
      const ns = pod.metadata.namespace ?? '';
      if (!ns.startsWith('kube-')) counts.set(ns, (counts.get(ns) ?? 0) + 1);
    }
    let best = 'default';
    let most = 0;
    for (const [ns, n] of counts) {
      if (n > most || (n === most && ns < best)) [best, most] = [ns, n];
    }
    return best;
  }

  stop(): void {
    this.abort.abort();
    this.listeners.clear();
  }
}

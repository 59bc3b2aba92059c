/**
 * The client contract every component uses to reach the API (controllers, scheduler, node agent, proxy, ingress,
 * dashboard, CLI). Two transports implement it: in-process (the API server's own pipeline, no socket) and HTTPS.
 */
import type { KubeObject } from '../api/object.js';
import type { Status } from '../api/status-error.js';

export interface GroupVersionResource {
  group: string;
  version: string;
  /** Plural resource name, e.g. `pods`. */
  resource: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  metadata: { resourceVersion: string; continue?: string };
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  /** The object; for ERROR a Status (cast). */
  object: T;
}

export interface WatchHandle {
  /** Stops the watch; `onDone` is not called after stop(). */
  stop(): void;
}

export interface WriteOptions {
  /** Defaults to the client's field manager. */
  fieldManager?: string;
  dryRun?: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  subresource?: string;
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * One resource, optionally bound to a namespace ('' = all namespaces for list/watch; cluster-scoped resources
 * ignore it). Failures reject with `StatusError` (src/api/status-error.ts) rebuilt from the server's Status.
 */
export interface ResourceClient<T extends KubeObject = KubeObject> {
  readonly gvr: GroupVersionResource;
  readonly namespace: string;
  get(name: string): Promise<T>;
  list(options?: ListOptions): Promise<ListResult<T>>;
  create(obj: T, options?: WriteOptions): Promise<T>;
  /** PUT; optimistic concurrency when obj.metadata.resourceVersion is set. */
  update(obj: T, options?: WriteOptions): Promise<T>;
  /** PUT to the `/status` subresource. */
  updateStatus(obj: T, options?: WriteOptions): Promise<T>;
  patch(name: string, type: PatchType, patch: unknown, options?: PatchOptions): Promise<T>;
  /** Resolves with the object (graceful / finalizers pending) or a Success Status. */
  delete(name: string, options?: DeleteOptions): Promise<T | Status>;
  /**
   * Streams events; `onDone` fires once when the stream ends by itself (server timeout, error, 410 after the
   * ERROR event) — the caller decides whether to re-watch or relist.
   */
  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onDone: (err?: Error) => void): WatchHandle;
  /** Raw subresource call (e.g. POST pods/x/binding, GET deployments/x/scale). */
  subresource<R = unknown>(
    name: string,
    subresource: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    body?: unknown,
  ): Promise<R>;
}

export interface KubeClient {
  resource<T extends KubeObject = KubeObject>(gvr: GroupVersionResource, namespace?: string): ResourceClient<T>;
  /** Raw request to any path (discovery, /version, non-resource endpoints). */
  raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** The field manager name written into managedFields (e.g. `kube-controller-manager`). */
  readonly fieldManager: string;
  /** A client identical but for its field manager; it shares this client's connections. */
  withFieldManager(fieldManager: string): KubeClient;
  /** Releases the transport's connections (HTTPS keep-alive sockets), for every client sharing them. */
  close?(): void;
}

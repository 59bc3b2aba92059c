/** `ResourceClient` over a `Transport`: REST verbs of one resource, JSON in and out, errors as `StatusError`. */
import { isJsonObject, type KubeObject } from '../api/object.js';
import type { Status } from '../api/status-error.js';
import { resourcePath } from './resource-path.js';
import { statusErrorFromResponse } from './status-decode.js';
import type { Transport, TransportRequest } from './transport.js';
import type {
  DeleteOptions,
  GroupVersionResource,
  ListOptions,
  ListResult,
  PatchOptions,
  PatchType,
  ResourceClient,
  WatchEvent,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './types.js';

const patchContentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Sends a request and decodes a 2xx JSON body; anything else rejects with the server's StatusError. */
export async function exchange<R>(transport: Transport, req: TransportRequest): Promise<R> {
  const res = await transport.request(req);
  if (res.status < 200 || res.status > 299) throw statusErrorFromResponse(res.status, res.text);
  return JSON.parse(res.text) as R;
}

function setIf(query: URLSearchParams, name: string, value: string | number | boolean | undefined): void {
  if (value !== undefined && value !== '') query.set(name, String(value));
}

/** The kind of a list's items, for lists whose items come without kind/apiVersion. */
function itemKind(listKind: unknown): string | undefined {
  return typeof listKind === 'string' && listKind.endsWith('List') ? listKind.slice(0, -4) : undefined;
}

export class TransportResourceClient<T extends KubeObject = KubeObject> implements ResourceClient<T> {
  constructor(
    private readonly transport: Transport,
    readonly gvr: GroupVersionResource,
    readonly namespace: string,
    private readonly fieldManager: string,
  ) {}

  private path(name?: string, subresource?: string, namespace = this.namespace): string {
    return resourcePath(this.gvr, namespace, name, subresource);
  }

  private writeQuery(options: WriteOptions | undefined): URLSearchParams {
    const query = new URLSearchParams();
    query.set('fieldManager', options?.fieldManager ?? this.fieldManager);
    if (options?.dryRun) query.set('dryRun', 'All');
    return query;
  }

  /** The namespace a write of `obj` goes to: the client's, else the object's own. */
  private namespaceOf(obj: KubeObject): string {
    return this.namespace || obj.metadata.namespace || '';
  }

  get(name: string): Promise<T> {
    return exchange<T>(this.transport, { method: 'GET', path: this.path(name) });
  }

  async list(options: ListOptions = {}): Promise<ListResult<T>> {
    const query = new URLSearchParams();
    setIf(query, 'labelSelector', options.labelSelector);
    setIf(query, 'fieldSelector', options.fieldSelector);
    setIf(query, 'limit', options.limit);
    setIf(query, 'continue', options.continue);
    setIf(query, 'resourceVersion', options.resourceVersion);
    const body = await exchange<Record<string, unknown>>(this.transport, { method: 'GET', path: this.path(), query });
    const meta = isJsonObject(body.metadata) ? body.metadata : {};
    const items = (Array.isArray(body.items) ? body.items : []) as T[];
    const kind = itemKind(body.kind);
    for (const item of items) {
      if (kind && item.kind === undefined) item.kind = kind;
      if (typeof body.apiVersion === 'string' && item.apiVersion === undefined) item.apiVersion = body.apiVersion;
    }
    const metadata: ListResult<T>['metadata'] = {
      resourceVersion: typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '',
    };
    if (typeof meta.continue === 'string' && meta.continue !== '') metadata.continue = meta.continue;
    return { items, metadata };
  }

  create(obj: T, options?: WriteOptions): Promise<T> {
    return exchange<T>(this.transport, {
      method: 'POST',
      path: this.path(undefined, undefined, this.namespaceOf(obj)),
      query: this.writeQuery(options),
      body: JSON.stringify(obj),
      contentType: 'application/json',
    });
  }

  update(obj: T, options?: WriteOptions): Promise<T> {
    return this.put(obj, '', options);
  }

  updateStatus(obj: T, options?: WriteOptions): Promise<T> {
    return this.put(obj, 'status', options);
  }

  private put(obj: T, subresource: string, options: WriteOptions | undefined): Promise<T> {
    const name = obj.metadata.name ?? '';
    return exchange<T>(this.transport, {
      method: 'PUT',
      path: this.path(name, subresource, this.namespaceOf(obj)),
      query: this.writeQuery(options),
      body: JSON.stringify(obj),
      contentType: 'application/json',
    });
  }

  patch(name: string, type: PatchType, patch: unknown, options?: PatchOptions): Promise<T> {
    const query = this.writeQuery(options);
    if (type === 'apply' && options?.force) query.set('force', 'true');
    return exchange<T>(this.transport, {
      method: 'PATCH',
      path: this.path(name, options?.subresource),
      query,
      // Apply takes YAML, of which JSON is a subset; text is sent as given.
      body: typeof patch === 'string' ? patch : JSON.stringify(patch),
      contentType: patchContentTypes[type],
    });
  }

  delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
    if (options.preconditions) body.preconditions = options.preconditions;
    return exchange<T | Status>(this.transport, {
      method: 'DELETE',
      path: this.path(name),
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
  }

  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onDone: (err?: Error) => void): WatchHandle {
    const query = new URLSearchParams({ watch: 'true' });
    setIf(query, 'resourceVersion', options.resourceVersion);
    setIf(query, 'labelSelector', options.labelSelector);
    setIf(query, 'fieldSelector', options.fieldSelector);
    if (options.allowWatchBookmarks) query.set('allowWatchBookmarks', 'true');
    setIf(query, 'timeoutSeconds', options.timeoutSeconds);
    let finished = false;
    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      onDone(err);
    };
    const handle = this.transport.stream(
      { method: 'GET', path: this.path(), query },
      (line) => {
        if (finished) return;
        let event: WatchEvent<T>;
        try {
          event = JSON.parse(line) as WatchEvent<T>;
        } catch {
          handle.stop();
          finish(new Error(`malformed watch event: ${line.slice(0, 200)}`));
          return;
        }
        try {
          onEvent(event);
        } catch (err) {
          handle.stop();
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      },
      finish,
    );
    return {
      stop: () => {
        finished = true;
        handle.stop();
      },
    };
  }

  subresource<R = unknown>(
    name: string,
    subresource: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    body?: unknown,
  ): Promise<R> {
    const req: TransportRequest = { method, path: this.path(name, subresource) };
    if (method !== 'GET') {
      req.query = this.writeQuery(undefined);
      req.body = JSON.stringify(body ?? {});
      req.contentType = method === 'PATCH' ? patchContentTypes.merge : 'application/json';
    }
    return exchange<R>(this.transport, req);
  }
}

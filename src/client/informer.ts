/**
 * A shared informer (client-go's reflector + indexer + handler distribution): a paged list, then a watch from
 * the list's resourceVersion with bookmarks; a watch that ends is resumed from the last resourceVersion seen;
 * a 410 (an ERROR event or a rejected watch) relists and delivers the differences as synthetic add, update and
 * delete. Failures back off exponentially. Handlers run in registration order, after the cache is updated.
 *
 * Objects handed out (handlers, `get`, `list`, `byIndex`) are the cache's own: never mutate them.
 */
import type { KubeObject } from '../api/object.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { Informer, InformerHandlers, Logger, ObjectKey } from './framework-types.js';
import { keyOf, namespaceIndex, ObjectCache } from './object-cache.js';
import { isExpired, statusErrorFromStatus } from './status-decode.js';
import type { ResourceClient, WatchEvent } from './types.js';

export interface InformerOptions {
  /** Page size of lists (default 500, as client-go). */
  pageSize?: number;
  /** Sent as the watch's `timeoutSeconds`; by default the server picks (kube-apiserver: 30–60 min). */
  watchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  log?: Logger;
}

type WatchOutcome = { kind: 'ended' | 'expired' | 'stopped'; events: number; error?: Error };

/** A watch that delivers nothing and ends sooner than this is treated as a failure (no tight loops). */
const minHealthyWatchMs = 1000;

export class SharedInformer<T extends KubeObject = KubeObject> implements Informer<T> {
  private readonly cache: ObjectCache<T>;
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly syncWaiters: (() => void)[] = [];
  private synced = false;
  private resourceVersion = '';
  private running = false;
  private readonly log: Logger | undefined;
  private readonly what: string;

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly options: InformerOptions = {},
  ) {
    this.log = options.log;
    const { group, version, resource } = client.gvr;
    this.what = group ? `${resource}.${version}.${group}` : `${resource}.${version}`;
    this.cache = new ObjectCache<T>((index, key, err) =>
      this.log?.error('index function failed', { resource: this.what, index, key, err }),
    );
  }

  addHandlers(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    // A late handler first hears about everything already known, as client-go's AddEventHandler does.
    for (const obj of this.cache.values()) this.call('add', () => handlers.add?.(obj));
  }

  addIndex(name: string, fn: (obj: T) => string[]): void {
    this.cache.addIndex(name, fn);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  get(key: ObjectKey): T | undefined {
    return this.cache.get(key);
  }

  /** Every object, or those of one namespace (`''` and undefined mean all). */
  list(namespace?: string): T[] {
    return namespace ? this.cache.byIndex(namespaceIndex, namespace) : this.cache.values();
  }

  byIndex(index: string, value: string): T[] {
    return this.cache.byIndex(index, value);
  }

  lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Starts list+watch until `signal` aborts; later calls do nothing. */
  run(signal: AbortSignal): void {
    if (this.running) return;
    this.running = true;
    void this.loop(signal);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.options.backoff);
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist(signal);
          needList = false;
          if (signal.aborted) break;
        }
        const started = Date.now();
        const outcome = await this.watchOnce(signal);
        if (outcome.kind === 'stopped') break;
        const healthy = outcome.events > 0 || Date.now() - started >= minHealthyWatchMs;
        if (outcome.kind === 'expired') {
          needList = true;
          this.log?.info('watch expired, relisting', { resource: this.what, resourceVersion: this.resourceVersion });
        } else if (outcome.error) {
          this.log?.error('watch failed', { resource: this.what, err: outcome.error });
        }
        if (healthy && !outcome.error) backoff.reset();
        else await backoff.wait(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isExpired(err)) needList = true;
        this.log?.error('list failed', { resource: this.what, err });
        await backoff.wait(signal);
      }
    }
  }

  /** Lists everything in pages; a continue token that expired falls back to one unpaged list. */
  private async listAll(): Promise<{ items: T[]; resourceVersion: string }> {
    const limit = this.options.pageSize ?? 500;
    const items: T[] = [];
    let resourceVersion = '';
    let token: string | undefined;
    do {
      try {
        const page = await this.client.list({ limit, ...(token ? { continue: token } : {}) });
        if (!token) resourceVersion = page.metadata.resourceVersion;
        items.push(...page.items);
        token = page.metadata.continue;
      } catch (err) {
        if (!token || !isExpired(err)) throw err;
        const all = await this.client.list();
        return { items: all.items, resourceVersion: all.metadata.resourceVersion };
      }
    } while (token);
    return { items, resourceVersion };
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const { items, resourceVersion } = await this.listAll();
    if (signal.aborted) return;
    this.replace(items, resourceVersion);
  }

  /** Makes the cache equal to `items`, delivering the differences (client-go's DeltaFIFO.Replace). */
  private replace(items: T[], resourceVersion: string): void {
    const seen = new Set<ObjectKey>();
    for (const obj of items) {
      const key = keyOf(obj);
      seen.add(key);
      const old = this.cache.set(key, obj);
      if (!old) this.dispatch('add', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.dispatch('update', obj, old);
    }
    for (const key of this.cache.keys()) {
      if (seen.has(key)) continue;
      const old = this.cache.delete(key);
      if (old) this.dispatch('delete', old);
    }
    this.resourceVersion = resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private watchOnce(signal: AbortSignal): Promise<WatchOutcome> {
    return new Promise((resolve) => {
      let events = 0;
      let settled = false;
      const settle = (outcome: Omit<WatchOutcome, 'events'>) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        handle.stop();
        resolve({ ...outcome, events });
      };
      const onAbort = () => settle({ kind: 'stopped' });
      const handle = this.client.watch(
        {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          ...(this.options.watchTimeoutSeconds ? { timeoutSeconds: this.options.watchTimeoutSeconds } : {}),
        },
        (event) => {
          if (settled) return;
          if (event.type === 'ERROR') {
            const err = statusErrorFromStatus(event.object);
            settle(isExpired(err) ? { kind: 'expired' } : { kind: 'ended', error: err });
            return;
          }
          events++;
          this.apply(event);
        },
        (err) => {
          if (err && isExpired(err)) settle({ kind: 'expired' });
          else settle(err ? { kind: 'ended', error: err } : { kind: 'ended' });
        },
      );
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private apply(event: WatchEvent<T>): void {
    const obj = event.object;
    const rv = obj.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    const key = keyOf(obj);
    if (event.type === 'DELETED') {
      const old = this.cache.delete(key);
      if (old) this.dispatch('delete', obj);
    } else {
      const old = this.cache.set(key, obj);
      if (old) this.dispatch('update', obj, old);
      else this.dispatch('add', obj);
    }
    if (rv) this.resourceVersion = rv;
  }

  private dispatch(kind: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.handlers) {
      this.call(kind, () => {
        if (kind === 'add') h.add?.(obj);
        else if (kind === 'update') h.update?.(old as T, obj);
        else h.delete?.(obj);
      });
    }
  }

  private call(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log?.error('informer handler threw', { resource: this.what, handler: kind, err });
    }
  }
}

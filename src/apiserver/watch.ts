/**
 * Watch semantics of kube-apiserver over the Store's revisioned log: initial state for resourceVersion ""/"0"
 * or sendInitialEvents, replay from a revision, 410 Expired when it was compacted, selector transitions
 * (an object that stops matching is DELETED for that watcher), bookmarks and timeouts.
 */
import type { KubeObject } from '../api/object.js';
import { apiVersionOf } from '../api/registry.js';
import { badRequest, gone, type Status } from '../api/status-error.js';
import { CompactedError, type StoreEvent } from '../storage/store.js';
import type { ResourceRegistry } from './generic-registry.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchSink {
  send(type: WatchEventType, object: KubeObject | Status): void;
  /** Ends the response. */
  close(): void;
}

export interface WatchRequest {
  namespace: string;
  resourceVersion: string | undefined;
  filter: (obj: KubeObject) => boolean;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number | undefined;
  bookmarkIntervalMs?: number;
}

/** Starts a watch; resolves to a function that stops it (also called when the client goes away). */
export async function startWatch(registry: ResourceRegistry, req: WatchRequest, sink: WatchSink): Promise<() => void> {
  const rvText = req.resourceVersion ?? '';
  let fromRevision: number;
  const initial: KubeObject[] = [];
  const prefix = registry.prefix(req.namespace);
  if (rvText === '' || rvText === '0' || req.sendInitialEvents) {
    const listed = await registry.store.list(prefix);
    fromRevision = listed.revision;
    for (const kv of listed.items) {
      const obj = registry.decode(kv);
      if (req.filter(obj)) initial.push(obj);
    }
  } else {
    if (!/^\d+$/.test(rvText)) throw badRequest(`invalid resource version: ${JSON.stringify(rvText)}`);
    fromRevision = Number(rvText);
  }

  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  let storeWatch: { cancel(): void } | undefined;
  let lastRevision = fromRevision;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    storeWatch?.cancel();
    sink.close();
  };

  for (const obj of initial) sink.send('ADDED', obj);
  if (req.sendInitialEvents && req.allowBookmarks) {
    sink.send('BOOKMARK', bookmark(registry, fromRevision, true));
  }

  try {
    storeWatch = registry.store.watch(prefix, fromRevision, (event) => {
      if (stopped) return;
      lastRevision = event.revision;
      const out = translate(registry, event, req.filter);
      if (out) sink.send(out.type, out.object);
    });
  } catch (err) {
    if (err instanceof CompactedError) {
      const status = gone(`too old resource version: ${fromRevision} (${err.compacted + 1})`).toStatus();
      sink.send('ERROR', status);
      stop();
      return stop;
    }
    throw err;
  }

  if (req.timeoutSeconds !== undefined && req.timeoutSeconds > 0) {
    timers.push(setTimeout(stop, req.timeoutSeconds * 1000));
  }
  if (req.allowBookmarks) {
    const interval = req.bookmarkIntervalMs ?? 60_000;
    const tick = () => {
      if (stopped) return;
      sink.send('BOOKMARK', bookmark(registry, lastRevision, false));
      timers.push(setTimeout(tick, interval));
    };
    timers.push(setTimeout(tick, interval));
  }
  return stop;
}

function bookmark(registry: ResourceRegistry, revision: number, initialEventsEnd: boolean): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: String(revision) };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: registry.info.kind, apiVersion: apiVersionOf(registry.info), metadata };
}

function translate(
  registry: ResourceRegistry,
  event: StoreEvent,
  filter: (obj: KubeObject) => boolean,
): { type: WatchEventType; object: KubeObject } | undefined {
  if (event.type === 'delete') {
    const obj = registry.decode(event.kv, event.revision);
    return filter(obj) ? { type: 'DELETED', object: obj } : undefined;
  }
  const obj = registry.decode(event.kv);
  const matches = filter(obj);
  const prev = event.prev && event.prev.createRevision === event.kv.createRevision ? event.prev : undefined;
  if (!prev) return matches ? { type: 'ADDED', object: obj } : undefined;
  const prevObj = registry.decode(prev);
  const prevMatched = filter(prevObj);
  if (matches) return { type: prevMatched ? 'MODIFIED' : 'ADDED', object: obj };
  if (prevMatched) {
    // The object left the selection: the watcher sees it deleted (its last matching state, at this revision).
    prevObj.metadata.resourceVersion = String(event.revision);
    return { type: 'DELETED', object: prevObj };
  }
  return undefined;
}

/**
 * The controller framework contract (client-go's informers, workqueue and event recorder, in TypeScript).
 * Implementations live beside this file; controllers depend only on these interfaces.
 */
import type { KubeObject } from '../api/object.js';
import type { GroupVersionResource, KubeClient } from './types.js';

/** `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export type ObjectKey = string;

export interface InformerHandlers<T extends KubeObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** For deletions missed while relisting, `obj` is the last known state. */
  delete?(obj: T): void;
}

/** A list+watch cache of one resource (all namespaces), relisting on 410 and reconnecting on stream end. */
export interface Informer<T extends KubeObject = KubeObject> {
  addHandlers(handlers: InformerHandlers<T>): void;
  /** Adds a named index: objects are found by each value `fn` returns (client-go Indexer). */
  addIndex(name: string, fn: (obj: T) => string[]): void;
  hasSynced(): boolean;
  /** Resolves once the first list has been delivered to the handlers. */
  waitForSync(signal?: AbortSignal): Promise<void>;
  get(key: ObjectKey): T | undefined;
  /** Every object, or one namespace's (`''` and undefined mean all). Cached objects: never mutate them. */
  list(namespace?: string): T[];
  byIndex(index: string, value: string): T[];
  /** The last resourceVersion seen. */
  lastResourceVersion(): string;
}

/** One shared informer per resource across all controllers of the process. */
export interface InformerFactory {
  informer<T extends KubeObject = KubeObject>(gvr: GroupVersionResource): Informer<T>;
  /** Starts every informer requested so far (and later ones at once); stops them on abort. */
  start(signal: AbortSignal): void;
  /** Resolves once every informer requested so far has synced; rejects with the signal's reason on abort. */
  waitForSync(signal?: AbortSignal): Promise<void>;
}

/**
 * A rate-limited work queue (client-go workqueue): a key is never processed by two workers at once, adds of a
 * queued key collapse, a key added while processing is re-queued after `done`, per-key exponential backoff.
 */
export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  /** Adds after the key's backoff (5 ms doubling up to 1000 s by default), counting a failure. */
  addRateLimited(key: string): void;
  /** Resets the key's failure count. */
  forget(key: string): void;
  /** Waits for the next key; undefined after shutdown. */
  get(): Promise<string | undefined>;
  done(key: string): void;
  len(): number;
  /** Ignores later adds and wakes every waiting `get` (undefined once the queue is empty). */
  shutDown(): void;
  /** How many times the key was rate-limited since its last `forget`. */
  numRequeues?(key: string): number;
  shuttingDown?(): boolean;
}

export type EventType = 'Normal' | 'Warning';

/** Records core/v1 Events about objects, aggregated like client-go's recorder (same reason+message → count++). */
export interface EventRecorder {
  /** Never throws; the write happens in the background (failures are logged). */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  /** Resolves once every Event recorded so far was written (or failed). */
  flush?(): Promise<void>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What every controller receives when it starts. */
export interface ControllerContext {
  client: KubeClient;
  informers: InformerFactory;
  /** A recorder reporting as `component` (e.g. `deployment-controller`). */
  recorder(component: string): EventRecorder;
  now(): Date;
  log: Logger;
  signal: AbortSignal;
  /** The name of the one node (= the cluster name). */
  nodeName: string;
}

/** A controller: starts its workers and returns once they run; stops on ctx.signal. */
export type Controller = (ctx: ControllerContext) => Promise<void> | void;

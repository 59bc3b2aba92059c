/**
 * Records core/v1 Events the way client-go's recorder and EventCorrelator do: an Event named
 * `<object>.<hex nanoseconds>` in the object's namespace (`default` for cluster-scoped objects); the same
 * (involvedObject, type, reason, message, source) again within ten minutes PATCHes that Event's `count` and
 * `lastTimestamp` instead of creating another. Writes run in the background, in order; failures are logged,
 * never thrown at the caller.
 */
import type { KubeObject } from '../api/object.js';
import type { EventRecorder, EventType, Logger } from './framework-types.js';
import { isNotFound } from './status-decode.js';
import type { KubeClient } from './types.js';

const eventsGvr = { group: '', version: 'v1', resource: 'events' };

export interface EventRecorderOptions {
  client: KubeClient;
  /** `source.component` and `reportingComponent`, e.g. `deployment-controller`. */
  component: string;
  /** `source.host` and `reportingInstance` (the node name). */
  host: string;
  now?: () => Date;
  log?: Logger;
  /** How long an Event keeps absorbing repeats (default 10 minutes). */
  windowMs?: number;
  /** Most Events remembered for aggregation (default 4096, client-go's LRU size). */
  maxCached?: number;
}

interface Observed {
  name: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
}

/** metav1.Time's wire form: RFC 3339 with seconds. */
function wireTime(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

let lastNanos = 0n;

/** `t.UnixNano()` in hex, unique within the process. */
function nameSuffix(d: Date): string {
  let nanos = BigInt(d.getTime()) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  return nanos.toString(16);
}

export class CorrelatingEventRecorder implements EventRecorder {
  private readonly cache = new Map<string, Observed>();
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private readonly windowMs: number;
  private readonly maxCached: number;

  constructor(private readonly options: EventRecorderOptions) {
    this.now = options.now ?? (() => new Date());
    this.windowMs = options.windowMs ?? 10 * 60 * 1000;
    this.maxCached = options.maxCached ?? 4096;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      const at = this.now();
      const event = this.makeEvent(obj, type, reason, message, at);
      this.chain = this.chain
        .then(() => this.write(event, at.getTime()))
        .catch((err: unknown) => {
          this.options.log?.error('could not record event', {
            component: this.options.component,
            object: event.metadata.name,
            reason,
            err,
          });
        });
    } catch (err) {
      this.options.log?.error('could not make event', { component: this.options.component, reason, err });
    }
  }

  /** Resolves once every event recorded so far was written (or failed). */
  flush(): Promise<void> {
    return this.chain;
  }

  private makeEvent(obj: KubeObject, type: EventType, reason: string, message: string, now: Date): KubeObject {
    const { name, namespace, uid, resourceVersion } = obj.metadata;
    if (!name) throw new Error('the object has no name');
    const involvedObject: Record<string, string> = {};
    if (obj.kind) involvedObject.kind = obj.kind;
    if (namespace) involvedObject.namespace = namespace;
    involvedObject.name = name;
    if (uid) involvedObject.uid = uid;
    if (obj.apiVersion) involvedObject.apiVersion = obj.apiVersion;
    if (resourceVersion) involvedObject.resourceVersion = resourceVersion;
    const time = wireTime(now);
    const { component, host } = this.options;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${nameSuffix(now)}`, namespace: namespace || 'default' },
      involvedObject,
      reason,
      message,
      source: { component, host },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host,
    };
  }

  /** client-go's getEventKey: every identifying field but the object's resourceVersion. */
  private correlationKey(event: KubeObject): string {
    const o = event.involvedObject as Record<string, string | undefined>;
    const s = event.source as Record<string, string>;
    return JSON.stringify([
      s.component,
      s.host,
      o.kind,
      o.namespace,
      o.name,
      o.uid,
      o.apiVersion,
      event.type,
      event.reason,
      event.message,
    ]);
  }

  private async write(event: KubeObject, nowMs: number): Promise<void> {
    const key = this.correlationKey(event);
    const prev = this.cache.get(key);
    const events = this.options.client.resource(eventsGvr, event.metadata.namespace ?? 'default');
    if (prev && nowMs - prev.lastSeenMs <= this.windowMs) {
      const count = prev.count + 1;
      const lastTimestamp = event.lastTimestamp as string;
      try {
        await events.patch(prev.name, 'merge', { count, lastTimestamp, message: event.message });
        this.remember(key, { ...prev, count, lastSeenMs: nowMs });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      // The Event is gone (deleted or expired): create it again under its name, keeping the count.
      event.metadata.name = prev.name;
      event.count = count;
      event.firstTimestamp = prev.firstTimestamp;
    }
    const created = await events.create(event);
    this.remember(key, {
      name: created.metadata.name ?? String(event.metadata.name),
      count: typeof created.count === 'number' ? created.count : 1,
      firstTimestamp: String(created.firstTimestamp ?? event.firstTimestamp),
      lastSeenMs: nowMs,
    });
  }

  private remember(key: string, observed: Observed): void {
    this.cache.delete(key);
    this.cache.set(key, observed);
    while (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}

/** One recorder per component, all writing through `client` (the `recorder(component)` of ControllerContext). */
export function createRecorderFactory(base: Omit<EventRecorderOptions, 'component'>): {
  recorder(component: string): CorrelatingEventRecorder;
  flush(): Promise<void>;
} {
  const recorders = new Map<string, CorrelatingEventRecorder>();
  return {
    recorder(component) {
      let r = recorders.get(component);
      if (!r) {
        r = new CorrelatingEventRecorder({ ...base, component });
        recorders.set(component, r);
      }
      return r;
    },
    async flush() {
      await Promise.all([...recorders.values()].map((r) => r.flush()));
    },
  };
}

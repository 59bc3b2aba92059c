/** Test support: a real API server pipeline in process (memory store), a gate for its requests, and polling. */
import type { ApiRequest, ApiRequestHandler, ApiResponse } from '../api/http-types.js';
import type { KubeObject } from '../api/object.js';
import { ApiHandler } from '../apiserver/api-handler.js';
import { recordManagedFields } from '../apiserver/managed-fields-recorder.js';
import { MemoryStore } from '../storage/memory-store.js';
import { inProcessClient } from './in-process-client.js';
import type { GroupVersionResource, KubeClient } from './types.js';

export const configMaps: GroupVersionResource = { group: '', version: 'v1', resource: 'configmaps' };
export const secrets: GroupVersionResource = { group: '', version: 'v1', resource: 'secrets' };
export const namespaces: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };
export const events: GroupVersionResource = { group: '', version: 'v1', resource: 'events' };

export type Gate = (req: ApiRequest, res: ApiResponse) => 'pass' | 'hold' | 'handled';

/**
 * Passes requests to `inner` unless `gate` holds them or answers them itself. Held requests ask the gate again
 * at `release()` (set the gate first).
 */
export class GatedHandler implements ApiRequestHandler {
  gate: Gate = () => 'pass';
  readonly requests: string[] = [];
  private held: (() => void)[] = [];

  constructor(private readonly inner: ApiRequestHandler) {}

  get heldCount(): number {
    return this.held.length;
  }

  async handle(req: ApiRequest, res: ApiResponse): Promise<void> {
    this.requests.push(`${req.method} ${req.path}?${req.query.toString()}`);
    let verdict = this.gate(req, res);
    while (verdict === 'hold') {
      await new Promise<void>((resolve) => this.held.push(resolve));
      verdict = this.gate(req, res);
    }
    if (verdict === 'pass') await this.inner.handle(req, res);
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

export interface TestApi {
  store: MemoryStore;
  handler: ApiHandler;
  gated: GatedHandler;
  /** A client through the gate, field manager `test`. */
  client: KubeClient;
}

/** The API server over a memory store keeping 20 revisions, watches expiring after 1–2 s; namespace `default`. */
export async function testApi(): Promise<TestApi> {
  const store = new MemoryStore({ historyWindow: 20 });
  const handler = new ApiHandler({ store, serverAddress: () => 'x', minWatchTimeoutSeconds: 1, recordManagedFields });
  const gated = new GatedHandler(handler);
  const client = inProcessClient(gated, { fieldManager: 'test' });
  await client.resource(namespaces).create({ metadata: { name: 'default' } });
  return { store, handler, gated, client };
}

export function configMap(
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

/** Polls `cond` every 5 ms; rejects after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets pending I/O and immediates run. */
export function settle(ms = 20): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

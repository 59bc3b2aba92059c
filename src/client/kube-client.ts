/** `KubeClient` over any `Transport` (in-process or HTTPS): resource clients, raw requests, field manager. */
import type { KubeObject } from '../api/object.js';
import { TransportResourceClient } from './resource-client.js';
import type { Transport } from './transport.js';
import type { GroupVersionResource, KubeClient, ResourceClient } from './types.js';

function parseBody(contentType: string, text: string): unknown {
  if (/json/i.test(contentType) || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A client speaking through `transport`, writing as `fieldManager`. */
export function createKubeClient(transport: Transport, fieldManager: string): KubeClient {
  return {
    fieldManager,
    resource<T extends KubeObject = KubeObject>(gvr: GroupVersionResource, namespace = ''): ResourceClient<T> {
      return new TransportResourceClient<T>(transport, gvr, namespace, fieldManager);
    },
    async raw(method: string, path: string, body?: unknown) {
      const url = new URL(path, 'http://client.invalid');
      const res = await transport.request({
        method,
        path: url.pathname,
        query: url.searchParams,
        ...(body !== undefined
          ? { body: typeof body === 'string' ? body : JSON.stringify(body), contentType: 'application/json' }
          : {}),
      });
      return { status: res.status, body: parseBody(res.contentType, res.text) };
    },
    withFieldManager(next: string): KubeClient {
      return createKubeClient(transport, next);
    },
    close() {
      transport.close();
    },
  };
}

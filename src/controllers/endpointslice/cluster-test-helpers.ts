/**
 * An in-process cluster for the endpoint controllers' I/O tests: the real API server pipeline over a memory
 * store, bootstrapped like `kubeling up` (so the API server's own `kubernetes` Service, Endpoints and slice
 * exist), one Node, and the given controllers under the framework's manager.
 */
import { ApiHandler } from '../../apiserver/api-handler.js';
import { bootstrapCluster } from '../../apiserver/bootstrap.js';
import { recordManagedFields } from '../../apiserver/managed-fields-recorder.js';
import type { Controller, Logger } from '../../client/framework-types.js';
import { inProcessClient } from '../../client/in-process-client.js';
import { startControllers } from '../../client/manager.js';
import type { KubeClient } from '../../client/types.js';
import { MemoryStore } from '../../storage/memory-store.js';
import { gvrNodes } from './kinds.js';

export interface EndpointTestCluster {
  /** The tests' client (field manager `test`). */
  client: KubeClient;
  /** What the controllers logged: `message` and the `controller` field. */
  logs: { message: string; controller: unknown }[];
  stop(): Promise<void>;
}

/** Starts the cluster; `seed` runs before the controllers start (objects they find at startup). */
export async function startEndpointTestCluster(
  controllers: readonly Controller[],
  seed?: (client: KubeClient) => Promise<void>,
  nodeName = 'node-1',
): Promise<EndpointTestCluster> {
  const store = new MemoryStore();
  const handler = new ApiHandler({ store, serverAddress: () => '127.0.0.1:6443', recordManagedFields });
  await bootstrapCluster(handler, '127.0.0.1', 6443);
  const client = inProcessClient(handler, { fieldManager: 'test' });
  await client.resource(gvrNodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName } });
  await seed?.(client);
  const logs: EndpointTestCluster['logs'] = [];
  const log: Logger = {
    info: (message, fields) => logs.push({ message, controller: fields?.controller }),
    error: (message, fields) => logs.push({ message, controller: fields?.controller }),
  };
  const running = await startControllers(
    {
      client: inProcessClient(handler, { fieldManager: 'kube-controller-manager' }),
      nodeName,
      log,
    },
    controllers,
  );
  return {
    client,
    logs,
    async stop() {
      await running.stop();
      await store.close();
    },
  };
}

/** Polls `probe` every 2 ms until it returns something other than undefined/false; fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

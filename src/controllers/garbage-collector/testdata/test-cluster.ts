/**
 * An in-process cluster for controller tests: the real API server over a memory store, bootstrapped like
 * `kubeling up` (system namespaces, `kubernetes` Service), reached through the in-process client, with the given
 * controllers running under the framework's manager.
 */
import { ApiHandler } from '../../../apiserver/api-handler.js';
import { bootstrapCluster } from '../../../apiserver/bootstrap.js';
import { recordManagedFields } from '../../../apiserver/managed-fields-recorder.js';
import type { Controller } from '../../../client/framework-types.js';
import { inProcessClient } from '../../../client/in-process-client.js';
import { createLogger, logLevelFromEnv, silentLogger } from '../../../client/logger.js';
import { type NamedController, startControllers } from '../../../client/manager.js';
import type { KubeClient } from '../../../client/types.js';
import { MemoryStore } from '../../../storage/memory-store.js';

export interface TestCluster {
  /** A client as the tests' user (field manager `test`). */
  client: KubeClient;
  stop(): Promise<void>;
}

export async function startTestCluster(controllers: readonly (Controller | NamedController)[]): Promise<TestCluster> {
  const store = new MemoryStore();
  const handler = new ApiHandler({ store, serverAddress: () => '127.0.0.1:6443', recordManagedFields });
  await bootstrapCluster(handler, '127.0.0.1', 6443);
  const client = inProcessClient(handler, { fieldManager: 'test' });
  const controllerClient = inProcessClient(handler, { fieldManager: 'kube-controller-manager' });
  const running = await startControllers(
    {
      client: controllerClient,
      nodeName: 'test',
      log: process.env.KUBELING_LOG ? createLogger({ level: logLevelFromEnv() }) : silentLogger,
    },
    controllers,
  );
  return {
    client,
    async stop() {
      await running.stop();
      await store.close();
    },
  };
}

/** Polls `probe` until it returns something other than undefined/false; fails after `timeoutMs`. */
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
    await new Promise((r) => setTimeout(r, 10));
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiHandler } from '../apiserver/api-handler.js';
import { tokenAndCertAuthenticator } from '../apiserver/auth.js';
import { bootstrapCluster } from '../apiserver/bootstrap.js';
import { listenHttps } from '../apiserver/http-server.js';
import { recordManagedFields } from '../apiserver/managed-fields-recorder.js';
import { createPodLogHandler } from '../apiserver/pod-log-handler.js';
import { createStreamingSubresources, readPod, upgradeHandler } from '../apiserver/streaming/index.js';
import { inProcessClient } from '../client/in-process-client.js';
import { startDashboard } from '../dashboard/index.js';
import { MemoryStore } from '../storage/memory-store.js';
import { SqliteStore } from '../storage/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { startComponents } from './components.js';
import { createNodeSide } from './node-components.js';
import type { ClusterOptions, RunningCluster } from './run-cluster.js';
import { clusterTrafficSource } from './traffic-source.js';

async function openStore(dataDir: string | undefined, historyWindow: number | undefined): Promise<Store> {
  const options = historyWindow !== undefined ? { historyWindow } : {};
  if (!dataDir) return new MemoryStore(options);
  mkdirSync(dataDir, { recursive: true });
  return SqliteStore.open(join(dataDir, 'state.db'), options);
}

/** See runCluster. */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const host = options.host ?? '127.0.0.1';
  const tuning = options.tuning ?? {};
  const store = await openStore(options.dataDir, tuning.historyWindow);
  let port = 0;
  let ready = false;
  const node =
    options.nodeAgent === false
      ? undefined
      : createNodeSide({
          dataDir: options.dataDir,
          ...(tuning.restartBackoff ? { backoff: tuning.restartBackoff } : {}),
        });
  const subresources = createStreamingSubresources({
    getPod: (namespace, name) => readPod(handler, namespace, name),
    backend: () => options.kubeletEndpoints ?? node?.endpoints,
  });
  if (node) subresources.set('pods/log', createPodLogHandler(node.endpoints));
  const handler = new ApiHandler({
    subresources,
    store,
    serverAddress: () => `${host}:${port}`,
    recordManagedFields,
    isReady: () => ready,
    ...(tuning.minWatchTimeoutSeconds !== undefined ? { minWatchTimeoutSeconds: tuning.minWatchTimeoutSeconds } : {}),
  });
  const listening = await listenHttps(handler, {
    host,
    port: options.port,
    certPem: options.pki.serverCertPem,
    keyPem: options.pki.serverKeyPem,
    caPem: options.pki.caCertPem,
    onUpgrade: upgradeHandler(handler),
    authenticator: tokenAndCertAuthenticator(
      new Map([[options.pki.adminToken, { name: 'kubernetes-admin', groups: ['system:masters'] }]]),
    ),
  });
  port = listening.port;
  const stops: (() => Promise<void>)[] = [];
  let ingressUrl: () => string | undefined = () => undefined;
  let dashboardUrl: string | undefined;
  const readyPromise = (async () => {
    await bootstrapCluster(handler, host, port);
    const components = await startComponents(handler, {
      nodeName: options.name,
      dataDir: options.dataDir,
      ...(node ? { nodeAgent: node.agent } : {}),
      ...(options.ingress !== false ? { ingress: options.ingress ?? { httpPort: 0 } } : {}),
    });
    ingressUrl = () => components.ingressUrl;
    if (options.dashboard !== false) {
      const dashboard = await startDashboard({
        client: inProcessClient(handler, { fieldManager: 'kubeling-dashboard' }),
        port: options.dashboard?.port ?? 0,
        token: randomBytes(18).toString('base64url'),
        traffic: clusterTrafficSource,
      });
      dashboardUrl = dashboard.url;
      stops.unshift(() => dashboard.stop());
    }
    stops.push(() => components.stop());
    ready = true;
  })();
  readyPromise.catch((err: unknown) => console.error(`bootstrap failed: ${String(err)}`));
  let stopped: Promise<void> | undefined;
  return {
    name: options.name,
    url: `https://${host}:${port}`,
    port,
    ready: readyPromise,
    ingressUrl: () => ingressUrl(),
    dashboardUrl: () => dashboardUrl,
    stop() {
      stopped ??= (async () => {
        for (const s of stops) await s();
        await node?.shutdown();
        await listening.close();
        await store.close();
      })();
      return stopped;
    },
  };
}

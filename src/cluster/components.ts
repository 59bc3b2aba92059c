/**
 * The components that run beside the API server in one kubeling process, each with its own in-process client:
 * the controller manager (deployment, replicaset, endpointslice, endpoints, garbage collector, namespace,
 * serviceaccount), the scheduler, the service proxy, and the node (registration and, optionally, the agent). They reach the API only through their clients.
 */
import type { ApiRequestHandler } from '../api/http-types.js';
import type { Controller } from '../client/framework-types.js';
import { inProcessClient } from '../client/in-process-client.js';
import { startControllers } from '../client/manager.js';
import { deploymentController } from '../controllers/deployment/index.js';
import { endpointsController } from '../controllers/endpoints/index.js';
import { endpointSliceController } from '../controllers/endpointslice/index.js';
import { garbageCollector } from '../controllers/garbage-collector/index.js';
import { namespaceController } from '../controllers/namespace/index.js';
import { replicaSetController } from '../controllers/replicaset/index.js';
import { serviceAccountController } from '../controllers/serviceaccount/index.js';
import { ingressController } from '../ingress/index.js';
import { createNodeRegistration } from '../node/node-registration/index.js';
import { serviceProxy } from '../proxy/index.js';
import { scheduler } from '../scheduler/index.js';

export interface ComponentOptions {
  nodeName: string;
  dataDir: string | undefined;
  /** The node agent, when pods should run as processes (off in tests that use a stand-in kubelet). */
  nodeAgent?: Controller;
  /** The ingress controller's ports, or none. */
  ingress?: { httpPort: number; httpsPort?: number };
}

export interface RunningComponents {
  /** Where the ingress serves HTTP, when it runs. */
  ingressUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startComponents(api: ApiRequestHandler, options: ComponentOptions): Promise<RunningComponents> {
  const controllerManager = await startControllers(
    { client: inProcessClient(api, { fieldManager: 'kube-controller-manager' }), nodeName: options.nodeName },
    [
      { name: 'deployment', start: deploymentController },
      { name: 'replicaset', start: replicaSetController },
      { name: 'endpointslice', start: endpointSliceController },
      { name: 'endpoints', start: endpointsController },
      { name: 'garbage-collector', start: garbageCollector },
      { name: 'namespace', start: namespaceController },
      { name: 'serviceaccount', start: serviceAccountController },
    ],
  );
  const schedulerRun = await startControllers(
    { client: inProcessClient(api, { fieldManager: 'default-scheduler' }), nodeName: options.nodeName },
    [{ name: 'scheduler', start: scheduler }],
  );
  const proxy = await startControllers(
    { client: inProcessClient(api, { fieldManager: 'kube-proxy' }), nodeName: options.nodeName },
    [{ name: 'service-proxy', start: serviceProxy }],
  );
  let ingressUrl: string | undefined;
  const ingressOptions = options.ingress;
  const ingress = ingressOptions
    ? await startControllers(
        { client: inProcessClient(api, { fieldManager: 'kubeling-ingress' }), nodeName: options.nodeName },
        [
          {
            name: 'ingress',
            start: ingressController({
              host: '127.0.0.1',
              ...ingressOptions,
              onListening: (ports) => {
                ingressUrl = `http://127.0.0.1:${ports.httpPort}`;
              },
            }),
          },
        ],
      )
    : undefined;
  const kubelet = await startControllers(
    { client: inProcessClient(api, { fieldManager: 'kubelet' }), nodeName: options.nodeName },
    [
      { name: 'node-registration', start: createNodeRegistration(options.dataDir ? { dataDir: options.dataDir } : {}) },
      ...(options.nodeAgent ? [{ name: 'node-agent', start: options.nodeAgent }] : []),
    ],
  );
  return {
    get ingressUrl() {
      return ingressUrl;
    },
    async stop() {
      await Promise.all([kubelet.stop(), proxy.stop(), ingress?.stop(), schedulerRun.stop(), controllerManager.stop()]);
    },
  };
}

/** The client framework: transports, informers, work queue, event recorder, controller runner and manager. */
export { Backoff, sleep } from './backoff.js';
export { keyOf, type RunWorkersOptions, runWorkers, splitKey } from './controller-runner.js';
export { CorrelatingEventRecorder, createRecorderFactory, type EventRecorderOptions } from './event-recorder.js';
export type * from './framework-types.js';
export { type HttpsClientOptions, httpsClient } from './https-client.js';
export { type InProcessClientOptions, inProcessClient } from './in-process-client.js';
export { type InformerOptions, SharedInformer } from './informer.js';
export { createInformerFactory } from './informer-factory.js';
export { clientFromKubeconfig, defaultKubeconfigPath, kubeconfigAccess } from './kubeconfig-client.js';
export { createLogger, type LogLevel, logLevelFromEnv, silentLogger, withFields } from './logger.js';
export { type ManagerBase, type NamedController, type RunningControllers, startControllers } from './manager.js';
export { resourcePath } from './resource-path.js';
export { isConflict, isExpired, isNotFound } from './status-decode.js';
export type * from './types.js';
export { createWorkQueue, RateLimitedQueue } from './workqueue.js';

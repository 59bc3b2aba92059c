/**
 * The Endpoints controller (kube-controller-manager's `endpoint-controller`): for every Service with a
 * selector, a core/v1 Endpoints object of the same name with its ready and not-ready pod addresses.
 * Endpoints of Services without selector are the user's; the `kubernetes` Endpoints are the API server's.
 */
import type { Controller } from '../../client/framework-types.js';
import { createWorkQueue, runWorkers } from '../../client/index.js';
import { type Endpoints, gvrEndpoints, gvrPods, gvrServices, type Pod, type Service } from '../endpointslice/kinds.js';
import { RecentWrites } from '../endpointslice/recent-writes.js';
import { objectKey, servicesMatching, servicesToUpdateOnPodChange } from '../endpointslice/service-membership.js';
import { TriggerTimeTracker } from '../endpointslice/trigger-time-tracker.js';
import { type EndpointsSyncDeps, syncEndpoints } from './sync-endpoints.js';

/** The field manager of the controller's writes and the component of its Events. */
export const endpointsFieldManager = 'endpoint-controller';
/** kube-controller-manager's `--concurrent-endpoint-syncs` default. */
export const endpointsWorkers = 5;
/** Endpoints used as leader-election locks have no Service and must survive the leftover sweep. */
const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader';

export const endpointsController: Controller = async (ctx) => {
  const services = ctx.informers.informer<Service>(gvrServices);
  const pods = ctx.informers.informer<Pod>(gvrPods);
  const endpoints = ctx.informers.informer<Endpoints>(gvrEndpoints);
  const queue = createWorkQueue();
  const recent = new RecentWrites<Endpoints>();

  services.addHandlers({
    add: (svc) => queue.add(objectKey(svc)),
    update: (_old, svc) => queue.add(objectKey(svc)),
    delete: (svc) => queue.add(objectKey(svc)),
  });
  const servicesOf = (pod: Pod) => services.list(pod.metadata.namespace ?? '');
  const podAdded = (pod: Pod) => {
    for (const key of servicesMatching(servicesOf(pod), pod.metadata.labels)) queue.add(key);
  };
  pods.addHandlers({
    add: podAdded,
    update: (oldPod, newPod) => {
      for (const key of servicesToUpdateOnPodChange(servicesOf(newPod), oldPod, newPod)) queue.add(key);
    },
    delete: podAdded,
  });
  endpoints.addHandlers({
    add: (ep) => recent.observed(ep),
    update: (_old, ep) => recent.observed(ep),
    delete: (ep) => {
      recent.observedDelete(ep);
      queue.add(objectKey(ep));
    },
  });

  const deps: EndpointsSyncDeps = {
    client: ctx.client.withFieldManager(endpointsFieldManager),
    services,
    pods,
    endpoints,
    recent,
    triggerTimes: new TriggerTimeTracker(),
    recorder: ctx.recorder(endpointsFieldManager),
  };
  await Promise.all([services, pods, endpoints].map((i) => i.waitForSync(ctx.signal)));
  // `checkLeftoverEndpoints`: Endpoints whose Service went away while we were not running get deleted.
  for (const ep of endpoints.list()) {
    if (ep.metadata.annotations?.[leaderAnnotation] === undefined) queue.add(objectKey(ep));
  }
  void runWorkers({
    name: endpointsFieldManager,
    queue,
    workers: endpointsWorkers,
    reconcile: (key) => syncEndpoints(deps, key),
    signal: ctx.signal,
    log: ctx.log,
  });
};

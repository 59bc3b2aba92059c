/**
 * The EndpointSlice controller (kube-controller-manager's `endpointslice-controller`): for every Service with
 * a selector, EndpointSlices listing the ready, serving and terminating pods it selects. Slices not managed
 * by this controller (such as the API server's `kubernetes` slice) are left alone.
 */
import type { Controller } from '../../client/framework-types.js';
import { createWorkQueue, runWorkers } from '../../client/index.js';
import { registerSliceHandlers } from './event-handlers.js';
import {
  defaultMaxEndpointsPerSlice,
  type EndpointSlice,
  gvrEndpointSlices,
  gvrNodes,
  gvrPods,
  gvrServices,
  type Node,
  type Pod,
  type Service,
} from './kinds.js';
import { RecentWrites } from './recent-writes.js';
import { SliceGenerations } from './slice-generations.js';
import { type SliceSyncDeps, sliceServiceIndexValues, slicesByServiceIndex, syncService } from './sync-service.js';
import { TriggerTimeTracker } from './trigger-time-tracker.js';

/** The field manager of the controller's writes and the component of its Events. */
export const endpointSliceFieldManager = 'endpointslice-controller';
/** kube-controller-manager's `--concurrent-service-endpoint-syncs` default. */
export const endpointSliceWorkers = 5;

export const endpointSliceController: Controller = async (ctx) => {
  const services = ctx.informers.informer<Service>(gvrServices);
  const pods = ctx.informers.informer<Pod>(gvrPods);
  const slices = ctx.informers.informer<EndpointSlice>(gvrEndpointSlices);
  const nodes = ctx.informers.informer<Node>(gvrNodes);
  slices.addIndex(slicesByServiceIndex, sliceServiceIndexValues);
  const queue = createWorkQueue();
  const recent = new RecentWrites<EndpointSlice>();
  const generations = new SliceGenerations();
  registerSliceHandlers({ services, pods, slices, queue, recent, generations });
  const deps: SliceSyncDeps = {
    client: ctx.client.withFieldManager(endpointSliceFieldManager),
    services,
    pods,
    slices,
    nodes,
    recent,
    generations,
    triggerTimes: new TriggerTimeTracker(),
    recorder: ctx.recorder(endpointSliceFieldManager),
    maxEndpointsPerSlice: defaultMaxEndpointsPerSlice,
  };
  await Promise.all([services, pods, slices, nodes].map((i) => i.waitForSync(ctx.signal)));
  void runWorkers({
    name: endpointSliceFieldManager,
    queue,
    workers: endpointSliceWorkers,
    reconcile: (key) => syncService(deps, key),
    signal: ctx.signal,
    log: ctx.log,
  });
};

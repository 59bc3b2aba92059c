/**
 * The service proxy: one listener per Service address (ClusterIP, NodePort, LoadBalancer, external IP) and port,
 * balancing new connections over the Service's ready endpoints, applying endpoint changes as soon as they are
 * seen and acknowledging them through its data-plane Lease.
 */
import type { Controller } from '../client/framework-types.js';
import { createServiceProxy } from './service-proxy.js';

export type { ListenProblem, ListenProblemReason, ServedPort } from './dataplane.js';
export { loadBalancerFieldManager } from './load-balancer-controller.js';
export { loadBalancerCidr } from './load-balancer-ips.js';
export type { EndpointCounters, LatencySummary, ProxyMetricsSnapshot, ServiceCounters } from './metrics.js';
export { serviceProxyMetrics } from './metrics.js';
export { createServiceProxy, type ServiceProxy, type ServiceProxyOptions } from './service-proxy.js';

/** The service proxy with default options, as kube-proxy (wire it under the field manager `kube-proxy`). */
export const serviceProxy: Controller = (ctx) => createServiceProxy().controller(ctx);

/**
 * The typed objects the endpoint controllers read and write (`kubernetes-types` views with the server's
 * `KubeObject` metadata), and the well-known names they use.
 */
import type {
  Endpoints as EndpointsType,
  Node as NodeType,
  Pod as PodType,
  Service as ServiceType,
} from 'kubernetes-types/core/v1.js';
import type { EndpointSlice as EndpointSliceType } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../../api/object.js';

type Kube<T> = Omit<T, 'metadata'> & KubeObject;

export type Pod = Kube<PodType>;
export type Service = Kube<ServiceType>;
export type Node = Kube<NodeType>;
export type EndpointSlice = Kube<EndpointSliceType>;
export type Endpoints = Kube<EndpointsType>;

/** `discovery.LabelServiceName`: the Service a slice belongs to. */
export const labelServiceName = 'kubernetes.io/service-name';
/** `discovery.LabelManagedBy`: the controller that owns a slice. */
export const labelManagedBy = 'endpointslice.kubernetes.io/managed-by';
/** `v1.IsHeadlessService`: set (empty value) on slices and Endpoints of headless Services. */
export const labelHeadless = 'service.kubernetes.io/headless';
/** `v1.LabelTopologyZone`: a Node's zone, copied into `endpoints[].zone`. */
export const labelTopologyZone = 'topology.kubernetes.io/zone';
/** `v1.EndpointsLastChangeTriggerTime` (RFC3339Nano), for the network-programming-latency SLI. */
export const annotationLastChangeTriggerTime = 'endpoints.kubernetes.io/last-change-trigger-time';

/** The EndpointSlice controller's name: the value of its managed-by label. */
export const endpointSliceControllerName = 'endpointslice-controller.k8s.io';
/** Upstream's default `--max-endpoints-per-slice`. */
export const defaultMaxEndpointsPerSlice = 100;

export const gvrPods = { group: '', version: 'v1', resource: 'pods' } as const;
export const gvrServices = { group: '', version: 'v1', resource: 'services' } as const;
export const gvrNodes = { group: '', version: 'v1', resource: 'nodes' } as const;
export const gvrEndpoints = { group: '', version: 'v1', resource: 'endpoints' } as const;
export const gvrEndpointSlices = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } as const;

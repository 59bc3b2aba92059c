/**
 * The typed objects the service proxy reads and writes (`kubernetes-types` views with the server's `KubeObject`
 * metadata), and the well-known names it uses.
 */
import type { Service as ServiceType } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice as EndpointSliceType } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../api/object.js';

type Kube<T> = Omit<T, 'metadata'> & KubeObject;

export type Service = Kube<ServiceType>;
export type EndpointSlice = Kube<EndpointSliceType>;

/** `discovery.LabelServiceName`: the Service a slice belongs to. */
export const labelServiceName = 'kubernetes.io/service-name';

export const gvrServices = { group: '', version: 'v1', resource: 'services' } as const;
export const gvrEndpointSlices = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } as const;

/** `namespace/name` of an object. */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** `namespace/service` of the Service a slice belongs to, or undefined for a slice without the label. */
export function serviceKeyOfSlice(slice: EndpointSlice): string | undefined {
  const name = slice.metadata.labels?.[labelServiceName];
  return name ? `${slice.metadata.namespace ?? ''}/${name}` : undefined;
}

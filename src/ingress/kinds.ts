/**
 * The typed objects the ingress controller reads and writes (`kubernetes-types` views with the server's
 * `KubeObject` metadata), their resources, and the well-known names it uses.
 */
import type { Secret as SecretType, Service as ServiceType } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice as EndpointSliceType } from 'kubernetes-types/discovery/v1.js';
import type { IngressClass as IngressClassType, Ingress as IngressType } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../api/object.js';

type Kube<T> = Omit<T, 'metadata'> & KubeObject;

export type Ingress = Kube<IngressType>;
export type IngressClass = Kube<IngressClassType>;
export type Service = Kube<ServiceType>;
export type EndpointSlice = Kube<EndpointSliceType>;
export type Secret = Kube<SecretType>;

export const gvrIngresses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' } as const;
export const gvrIngressClasses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses' } as const;
export const gvrServices = { group: '', version: 'v1', resource: 'services' } as const;
export const gvrEndpointSlices = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } as const;
export const gvrSecrets = { group: '', version: 'v1', resource: 'secrets' } as const;

/** The IngressClass created at start and the controller name it carries. */
export const ingressClassName = 'kubeling';
export const ingressControllerName = 'kubeling.dev/ingress';
/** `networkingv1.AnnotationIsDefaultIngressClass`. */
export const annotationIsDefaultClass = 'ingressclass.kubernetes.io/is-default-class';
/** The deprecated class annotation (`kubernetes.io/ingress.class`), still honoured by ingress-nginx. */
export const annotationLegacyClass = 'kubernetes.io/ingress.class';
/** `discovery.LabelServiceName`: the Service an EndpointSlice belongs to. */
export const labelServiceName = 'kubernetes.io/service-name';
/** The field manager of the controller's writes (IngressClass, Ingress status). */
export const ingressFieldManager = 'kubeling-ingress';
/** The component name of its data-plane sync Lease. */
export const dataplaneComponent = 'ingress';

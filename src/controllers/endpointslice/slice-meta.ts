/**
 * The metadata of the slices a Service owns (eps `utils.go`): labels, owner reference, name prefix and the
 * address types the Service needs.
 */
import type { EndpointPort } from 'kubernetes-types/discovery/v1.js';
import {
  type EndpointSlice,
  endpointSliceControllerName,
  labelHeadless,
  labelManagedBy,
  labelServiceName,
  type Service,
} from './kinds.js';
import { type AddressType, isServiceIPSet, parseIP } from './pod-endpoint.js';

/** The labels the controller owns on a slice; a Service's own labels with these keys are not copied. */
export function isReservedLabelKey(key: string): boolean {
  return key === labelServiceName || key === labelManagedBy || key === labelHeadless;
}

function withoutReserved(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!isReservedLabelKey(k)) out[k] = v;
  return out;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * `setEndpointSliceLabels`: the Service's labels (reserved keys left out) plus the service-name, managed-by
 * and (for headless Services) headless labels; `changed` when the slice's non-reserved labels differ from
 * the Service's.
 */
export function sliceLabels(
  current: Readonly<Record<string, string>> | undefined,
  service: Service,
  controllerName = endpointSliceControllerName,
): { labels: Record<string, string>; changed: boolean } {
  const labels = withoutReserved(service.metadata.labels);
  const changed = !sameLabels(withoutReserved(current), labels);
  if (!isServiceIPSet(service)) labels[labelHeadless] = '';
  labels[labelServiceName] = service.metadata.name ?? '';
  labels[labelManagedBy] = controllerName;
  return { labels, changed };
}

/** `ownedBy`: the slice has an owner reference to this Service (by uid). */
export function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/** `newEndpointSlice`: an empty slice to be created with `generateName: <service>-`, owned by the Service. */
export function newEndpointSlice(
  service: Service,
  ports: readonly EndpointPort[],
  addressType: AddressType,
  controllerName = endpointSliceControllerName,
): EndpointSlice {
  const name = service.metadata.name ?? '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${name}-`,
      namespace: service.metadata.namespace ?? '',
      labels: sliceLabels(undefined, service, controllerName).labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: service.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports: [...ports],
  };
}

/**
 * `getAddressTypesForService`: one per `spec.ipFamilies`; without families, the ClusterIP's family, or both
 * for a headless Service.
 */
export function addressTypesForService(service: Service): AddressType[] {
  const types = new Set<AddressType>();
  for (const family of service.spec?.ipFamilies ?? []) {
    if (family === 'IPv4' || family === 'IPv6') types.add(family);
  }
  if (types.size > 0) return [...types];
  if (isServiceIPSet(service)) return [parseIP(service.spec?.clusterIP ?? '')?.family ?? 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** `ServiceControllerKey`: `namespace/service` from a slice's service-name label, or undefined. */
export function serviceKeyOfSlice(slice: EndpointSlice): string | undefined {
  const name = slice.metadata.labels?.[labelServiceName] ?? '';
  return name === '' ? undefined : `${slice.metadata.namespace ?? ''}/${name}`;
}

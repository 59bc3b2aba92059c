/**
 * The subsets of a Service's Endpoints (k/k `pkg/controller/endpoint/endpoints_controller.go` `syncService`,
 * `podToEndpointAddressForService`, `addEndpointSubset`): ready pods in `addresses`, the others in
 * `notReadyAddresses`, terminating pods left out unless the Service publishes not-ready addresses.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { findPort } from '../endpointslice/find-port.js';
import type { Pod, Service } from '../endpointslice/kinds.js';
import {
  isPodReady,
  isServiceIPSet,
  parseIP,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../endpointslice/pod-endpoint.js';
import { repackSubsets } from './repack-subsets.js';

/** The Service's IP family: its first `ipFamilies`, else its ClusterIP's, else (headless) the pod's IP's. */
function serviceFamily(service: Service, pod: Pod): 'IPv4' | 'IPv6' {
  const first = service.spec?.ipFamilies?.[0];
  if (first === 'IPv4' || first === 'IPv6') return first;
  const ip = isServiceIPSet(service) ? (service.spec?.clusterIP ?? '') : (pod.status?.podIP ?? '');
  return parseIP(ip)?.family ?? 'IPv4';
}

/** `podToEndpointAddressForService`: the pod's first IP of the Service's family, or undefined. */
export function podToEndpointAddress(service: Service, pod: Pod): EndpointAddress | undefined {
  const family = serviceFamily(service, pod);
  const ip = podIPs(pod).find((candidate) => (parseIP(candidate)?.family ?? 'IPv4') === family);
  if (ip === undefined) return undefined;
  const address: EndpointAddress = {
    ip,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
      uid: pod.metadata.uid ?? '',
    },
  };
  const nodeName = pod.spec?.nodeName ?? '';
  if (nodeName !== '') address.nodeName = nodeName;
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec?.hostname ?? '';
  return address;
}

function addSubset(
  subsets: EndpointSubset[],
  address: EndpointAddress,
  port: EndpointPort | undefined,
  ready: boolean,
): void {
  const s: EndpointSubset = ready ? { addresses: [address] } : { notReadyAddresses: [address] };
  if (port !== undefined) s.ports = [port];
  subsets.push(s);
}

/** The repacked subsets for the Service's pods (those its selector matches). */
export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const publish = service.spec?.publishNotReadyAddresses ?? false;
  const servicePorts = service.spec?.ports ?? [];
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    const address = podToEndpointAddress(service, pod);
    if (address === undefined) continue;
    const ready = publish || isPodReady(pod);
    if (servicePorts.length === 0) {
      // Headless Services may have no ports.
      if (service.spec?.clusterIP === 'None') addSubset(subsets, address, undefined, ready);
      continue;
    }
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      addSubset(subsets, address, ep, ready);
    }
  }
  return repackSubsets(subsets);
}

/**
 * Which pods back a Service and how each becomes an EndpointSlice endpoint (eps `utils.go` `podToEndpoint`,
 * `util/controller_utils.go` `ShouldPodBeInEndpoints`, `ShouldSetHostname`).
 */
import { isIPv6 } from 'node:net';
import type { Endpoint } from 'kubernetes-types/discovery/v1.js';
import { labelTopologyZone, type Node, type Pod, type Service } from './kinds.js';

export type AddressType = 'IPv4' | 'IPv6';

/** The pod's `Ready` condition, if it has one. */
export function podReadyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** `IsPodReady`: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** Succeeded or Failed: the pod's containers have stopped for good. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** `status.podIPs`, or `status.podIP` alone when podIPs is empty. */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/**
 * `ShouldPodBeInEndpoints`: not terminal, has an IP, and (unless `includeTerminating`) not being deleted.
 * The EndpointSlice controller includes terminating pods; the Endpoints controller only with
 * `publishNotReadyAddresses`.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** `ShouldSetHostname`: the pod names a hostname and this Service (same namespace) as its subdomain. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  const hostname = pod.spec?.hostname ?? '';
  return (
    hostname.length > 0 &&
    (pod.spec?.subdomain ?? '') === (service.metadata.name ?? '') &&
    (pod.metadata.namespace ?? '') === (service.metadata.namespace ?? '')
  );
}

/** `IsServiceIPSet`: a ClusterIP that is neither empty nor `None` (false for headless Services). */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

/**
 * The Service's pod selector, or undefined when it has none. An empty map counts as none: Kubernetes stores
 * Services as protobuf, where an empty map does not survive, so `selector: {}` reads back as no selector.
 */
export function serviceSelector(service: Service): Readonly<Record<string, string>> | undefined {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return selector;
}

/** True when the Service gets endpoints from the controllers: it has a selector and is not ExternalName. */
export function isControllerManagedService(service: Service): boolean {
  return service.spec?.type !== 'ExternalName' && serviceSelector(service) !== undefined;
}

const ipv4Sloppy = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Go's `ParseIPSloppy(ip).String()` with its family: leading zeros dropped, IPv4-mapped IPv6 is IPv4. */
export function parseIP(ip: string): { family: AddressType; text: string } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = ipv4Sloppy.exec(mapped?.[1] ?? ip);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { family: 'IPv4', text: octets.join('.') };
  }
  if (!isIPv6(ip)) return undefined;
  return { family: 'IPv6', text: new URL(`http://[${ip}]/`).hostname.slice(1, -1) };
}

/** `getEndpointAddresses`: the pod's IPs of one family, normalized. */
export function endpointAddresses(pod: Pod, addressType: AddressType): string[] {
  const out: string[] = [];
  for (const ip of podIPs(pod)) {
    const parsed = parseIP(ip);
    if (parsed?.family === addressType) out.push(parsed.text);
  }
  return out;
}

/**
 * `podToEndpoint`: `serving` = pod Ready, `terminating` = being deleted, `ready` = publishNotReadyAddresses
 * or (serving and not terminating); a targetRef to the pod, its node, the node's zone and, when the pod
 * asks for this Service as its subdomain, its hostname.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = (service.spec?.publishNotReadyAddresses ?? false) || (serving && !terminating);
  const ep: Endpoint = {
    addresses: endpointAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
      uid: pod.metadata.uid ?? '',
    },
  };
  const nodeName = pod.spec?.nodeName ?? '';
  if (nodeName !== '') ep.nodeName = nodeName;
  const zone = node?.metadata.labels?.[labelTopologyZone] ?? '';
  if (zone !== '') ep.zone = zone;
  if (shouldSetHostname(pod, service)) ep.hostname = pod.spec?.hostname ?? '';
  return ep;
}

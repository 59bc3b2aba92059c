/**
 * Service networking defaults: `SetDefaults_Service`, the IP family fields the service REST storage fills
 * in on a single-stack IPv4 cluster, and the port defaults of Endpoints and EndpointSlices.
 */
import type { JsonObject } from '../../api/object.js';
import { defaultString, defaultValue, existingObject, objectField, objectItems, stringField } from './json.js';

/** `DefaultClientIPServiceAffinitySeconds`: three hours. */
const clientIPTimeoutSeconds = 10800;

function defaultPorts(spec: JsonObject): void {
  for (const port of objectItems(spec, 'ports')) {
    defaultString(port, 'protocol', 'TCP');
    const target = port.targetPort;
    if (target === undefined || target === null || target === 0 || target === '') {
      if (port.port !== undefined) port.targetPort = port.port;
    }
  }
}

function defaultSessionAffinity(spec: JsonObject): void {
  defaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity !== 'ClientIP') return;
  const timeout = existingObject(existingObject(spec, 'sessionAffinityConfig'), 'clientIP')?.timeoutSeconds;
  if (timeout === undefined || timeout === null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: clientIPTimeoutSeconds } };
  }
}

function hasSelector(spec: JsonObject): boolean {
  const selector = existingObject(spec, 'selector');
  return selector !== undefined && Object.keys(selector).length > 0;
}

/**
 * The IP family fields (service REST `initIPFamilyFields`) on a single-stack IPv4 cluster: SingleStack and
 * [IPv4], except headless services without a selector, which get RequireDualStack. ExternalName services
 * have none.
 */
function defaultIPFamilies(spec: JsonObject): void {
  if (spec.type === 'ExternalName') return;
  const headlessWithoutSelector = spec.clusterIP === 'None' && !hasSelector(spec);
  defaultString(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
}

/** `SetDefaults_Service` plus the IP family fields. */
export function defaultService(service: JsonObject): void {
  const spec = objectField(service, 'spec');
  defaultSessionAffinity(spec);
  defaultString(spec, 'type', 'ClusterIP');
  defaultPorts(spec);
  const type = stringField(spec, 'type');
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  const externallyAccessible =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  if (externallyAccessible) defaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') {
    defaultValue(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (type === 'LoadBalancer') {
    defaultValue(spec, 'allocateLoadBalancerNodePorts', true);
    const loadBalancer = existingObject(existingObject(service, 'status'), 'loadBalancer');
    for (const ingress of objectItems(loadBalancer, 'ingress')) {
      if (stringField(ingress, 'ip') !== '') defaultValue(ingress, 'ipMode', 'VIP');
    }
  }
  defaultIPFamilies(spec);
}

/** `SetDefaults_Endpoints`: every subset port is TCP unless told otherwise. */
export function defaultEndpoints(endpoints: JsonObject): void {
  for (const subset of objectItems(endpoints, 'subsets')) {
    for (const port of objectItems(subset, 'ports')) defaultString(port, 'protocol', 'TCP');
  }
}

/** `SetDefaults_EndpointPort` (name `""`, protocol TCP); endpoint `conditions` always present, as Go writes it. */
export function defaultEndpointSlice(slice: JsonObject): void {
  for (const port of objectItems(slice, 'ports')) {
    defaultValue(port, 'name', '');
    defaultValue(port, 'protocol', 'TCP');
  }
  for (const endpoint of objectItems(slice, 'endpoints')) objectField(endpoint, 'conditions');
}

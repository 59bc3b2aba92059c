/**
 * Service ports resolved against one pod (eps `utils.go` `FindPort`, `getEndpointPorts`,
 * `util/controller_utils.go` `NewPortMapKey`).
 */
import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1.js';
import type { EndpointPort } from 'kubernetes-types/discovery/v1.js';
import type { Pod, Service } from './kinds.js';

function namedPort(ports: readonly ContainerPort[] | undefined, name: string, protocol: string): number | undefined {
  return ports?.find((p) => p.name === name && (p.protocol ?? 'TCP') === protocol)?.containerPort;
}

/**
 * `FindPort`: a numeric targetPort as is; a named one is the first container port with that name and the
 * service port's protocol, in `containers` and then in restartable (sidecar) init containers. Undefined when
 * no container offers it. A missing targetPort means the service port (the API server's default).
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    const port = namedPort(c.ports, target, protocol);
    if (port !== undefined) return port;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    const port = namedPort(c.ports, target, protocol);
    if (port !== undefined) return port;
  }
  return undefined;
}

/**
 * `getEndpointPorts`: the Service's ports resolved for this pod, in Service order; ports the pod does not
 * offer are left out. Headless Services may have none.
 */
export function endpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of service.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port ?? null, p.protocol ?? '', p.appProtocol ?? '']);
}

/** `NewPortMapKey`: one string per distinct set of ports, whatever their order. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return (ports ?? []).map(portKey).sort().join('|');
}

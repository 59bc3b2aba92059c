/** The Service printer (`printService`): type, cluster IP, external IPs, ports and selector. */

import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { formatLabels } from './label-selector.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, type Printer, sortedUnique, view } from './printer.js';

/** The load-balancer status of a Service or an Ingress (they share this shape). */
interface LoadBalancerIngresses {
  ingress?: readonly { ip?: string; hostname?: string }[];
}

/**
 * `loadBalancerStatusStringer` in its wide form (the apiserver always prints wide, so nothing is clipped):
 * the sorted, de-duplicated ingress IPs, or hostnames where an entry has no IP.
 */
export function loadBalancerAddresses(status: LoadBalancerIngresses | undefined): string {
  const found: string[] = [];
  for (const ingress of status?.ingress ?? []) {
    if (ingress.ip) found.push(ingress.ip);
    else if (ingress.hostname) found.push(ingress.hostname);
  }
  return sortedUnique(found).join(',');
}

function externalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `makePortString`: `80/TCP,443:30001/TCP`. */
function portString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? '';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

/** The first cluster IP; `spec.clusterIP` stands in when `clusterIPs` is absent, as the v1 conversion does. */
function clusterIP(svc: Service): string {
  const ips = svc.spec?.clusterIPs ?? [];
  if (ips.length > 0) return ips[0] ?? '';
  return svc.spec?.clusterIP || '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type'),
    column('Cluster-IP'),
    column('External-IP'),
    column('Port(s)'),
    ageColumn,
    column('Selector', { priority: 1 }),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const svc = view<Service>(obj);
    return [
      nameOf(obj),
      svc.spec?.type ?? '',
      clusterIP(svc),
      externalIP(svc),
      portString(svc.spec?.ports) || '<none>',
      ageOf(obj, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

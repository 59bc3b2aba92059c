/** Pods, Services and Nodes for the endpoint controllers' tests. */
import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1.js';
import type { Node, Pod, Service } from './kinds.js';

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  ip?: string;
  ips?: string[];
  ready?: boolean;
  readySince?: string;
  phase?: string;
  deleting?: boolean;
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  ports?: ContainerPort[];
  resourceVersion?: string;
}

/** A Running pod on node `node-1` with IP 127.244.0.<n>, Ready unless told otherwise. */
export function pod(name: string, n: number, o: PodOptions = {}): Pod {
  const ips = o.ips ?? [o.ip ?? `127.244.0.${n}`];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'ns',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web' },
      resourceVersion: o.resourceVersion ?? '1',
      ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:30Z' } : {}),
    },
    spec: {
      nodeName: o.nodeName ?? 'node-1',
      containers: [
        { name: 'c', image: 'i', ports: o.ports ?? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] },
      ],
      ...(o.hostname !== undefined ? { hostname: o.hostname } : {}),
      ...(o.subdomain !== undefined ? { subdomain: o.subdomain } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(ips.length > 0 && ips[0] !== '' ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
      conditions: [
        {
          type: 'Ready',
          status: (o.ready ?? true) ? 'True' : 'False',
          lastTransitionTime: o.readySince ?? '2025-01-01T00:00:10Z',
        },
      ],
    },
  };
}

export interface ServiceOptions {
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  ipFamilies?: string[];
  publishNotReadyAddresses?: boolean;
  type?: string;
  deleting?: boolean;
}

/** A ClusterIP Service selecting `app=web`, port 80 → targetPort `http`. */
export function service(name: string, o: ServiceOptions = {}): Service {
  const selector = o.selector === undefined ? { app: 'web' } : o.selector;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: o.namespace ?? 'ns',
      uid: o.uid ?? `uid-svc-${name}`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:01:00Z' } : {}),
    },
    spec: {
      type: o.type ?? 'ClusterIP',
      clusterIP: o.clusterIP ?? '10.96.0.20',
      ipFamilies: o.ipFamilies ?? ['IPv4'],
      ports: o.ports ?? [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
      ...(selector !== null ? { selector } : {}),
      ...(o.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: o.publishNotReadyAddresses } : {}),
    },
  };
}

export function node(name: string, labels: Record<string, string> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

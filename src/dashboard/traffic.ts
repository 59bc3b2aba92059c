/**
 * The traffic counters the dashboard shows: an injected `TrafficSource` (wired by the cluster to the service
 * proxy's and the ingress's counters) or, without one, the built-in generator's own counts. Counters are
 * cumulative since their owner started; the dashboard derives requests per second from successive snapshots.
 */

/** One endpoint (pod) behind a Service or an Ingress backend. */
export interface EndpointTraffic {
  /** The pod behind the endpoint, when known (the EndpointSlice's targetRef). */
  podName?: string;
  ip: string;
  /** HTTP requests answered (the ingress) or, where requests are not seen, 0. */
  requests: number;
  /** TCP connections opened to it (the service proxy balances connections, not requests). */
  connections: number;
}

export interface ServiceTraffic {
  namespace: string;
  name: string;
  perEndpoint: EndpointTraffic[];
}

export interface IngressEndpointTraffic extends EndpointTraffic {
  /** The backend Service's name (same namespace as the Ingress). */
  service: string;
}

export interface IngressTraffic {
  namespace: string;
  name: string;
  perEndpoint: IngressEndpointTraffic[];
}

export interface TrafficSnapshot {
  services: ServiceTraffic[];
  ingresses: IngressTraffic[];
}

/** Reads the current cumulative counters; called about once a second. */
export type TrafficSource = () => TrafficSnapshot;

/** What the browser receives once a second: rates over the last interval, and running totals. */
export interface TrafficView {
  /** Where the numbers come from: the cluster's counters, the generator's own, or nowhere. */
  source: 'cluster' | 'generator' | 'none';
  services: Record<string, ServiceRates>;
  ingresses: Record<string, IngressRates>;
  generator: GeneratorStatus;
}

export interface ServiceRates {
  /** Requests (or connections when no requests are counted) per second, all endpoints together. */
  rate: number;
  total: number;
  /** By endpoint IP. */
  endpoints: Record<string, { podName?: string; rate: number; total: number }>;
}

export interface IngressRates {
  rate: number;
  total: number;
  /** By backend Service name. */
  services: Record<string, { rate: number; total: number }>;
}

export interface GeneratorStatus {
  running: boolean;
  /** `namespace/name` of the Service it sends to. */
  target?: string;
  /** `ip:port` it connects to (the ClusterIP). */
  address?: string;
  sent: number;
  answered: number;
  failed: number;
  /** False once connections to the ClusterIP keep failing with nothing answered (no service proxy). */
  available: boolean;
  /** Why traffic is unavailable, or the last error. */
  message?: string;
}

/**
 * The proxy's counters, kept in memory for the dashboard: per Service and per endpoint (connections, bytes,
 * failures, retries) and the endpoint propagation latency (a slice change observed → applied to the listeners,
 * and the EndpointSlice controller's trigger time → applied when the slice carries it).
 */

export interface EndpointCounters {
  /** Connections (TCP) or sessions (UDP) sent to this endpoint. */
  connections: number;
  /** Those still open. */
  active: number;
  /** Bytes from clients to the endpoint. */
  bytesIn: number;
  /** Bytes from the endpoint to clients. */
  bytesOut: number;
  /** Connects to it that failed (refused, reset or timed out). */
  failures: number;
}

export interface ServiceCounters extends EndpointCounters {
  /** For a Service, `failures` counts connections that reached no endpoint at all; this counts extra attempts. */
  retries: number;
  endpoints: Record<string, EndpointCounters>;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lastMs: number;
}

export interface ProxyMetricsSnapshot {
  /** By `namespace/name`. */
  services: Record<string, ServiceCounters>;
  /** Slice change seen by the proxy's informer → applied (listeners and balancers updated). */
  propagation: LatencySummary;
  /** `endpoints.kubernetes.io/last-change-trigger-time` → applied (network programming latency, ms resolution). */
  programming: LatencySummary;
  syncs: number;
}

const emptyCounters = (): EndpointCounters => ({ connections: 0, active: 0, bytesIn: 0, bytesOut: 0, failures: 0 });

/** The most recent samples, summarised on demand. */
class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private count = 0;
  private max = 0;
  private last = 0;

  constructor(private readonly size = 4096) {}

  add(ms: number): void {
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    this.count++;
    this.last = ms;
    if (ms > this.max) this.max = ms;
  }

  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return { count: this.count, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: this.max, lastMs: this.last };
  }
}

export class ProxyMetrics {
  private readonly services = new Map<string, ServiceCounters>();
  private readonly propagation = new LatencyWindow();
  private readonly programming = new LatencyWindow();
  private syncs = 0;

  /** The live counters of a Service (created on first use). */
  service(key: string): ServiceCounters {
    let s = this.services.get(key);
    if (!s) {
      s = { ...emptyCounters(), retries: 0, endpoints: {} };
      this.services.set(key, s);
    }
    return s;
  }

  /** The live counters of one endpoint of a Service. */
  endpoint(service: ServiceCounters, key: string): EndpointCounters {
    let e = service.endpoints[key];
    if (!e) {
      e = emptyCounters();
      service.endpoints[key] = e;
    }
    return e;
  }

  /** Drops a deleted Service's counters, and those of endpoints it no longer has and nobody uses. */
  prune(serviceKey: string, exists: boolean, currentEndpoints: ReadonlySet<string>): void {
    const s = this.services.get(serviceKey);
    if (!s) return;
    if (!exists && s.active === 0) {
      this.services.delete(serviceKey);
      return;
    }
    for (const [key, e] of Object.entries(s.endpoints)) {
      if (e.active === 0 && !currentEndpoints.has(key)) delete s.endpoints[key];
    }
  }

  recordSync(): void {
    this.syncs++;
  }

  recordPropagation(ms: number): void {
    this.propagation.add(ms);
  }

  recordProgramming(ms: number): void {
    this.programming.add(ms);
  }

  snapshot(): ProxyMetricsSnapshot {
    const services: Record<string, ServiceCounters> = {};
    for (const [key, s] of this.services) {
      const endpoints: Record<string, EndpointCounters> = {};
      for (const [k, e] of Object.entries(s.endpoints)) endpoints[k] = { ...e };
      services[key] = { ...s, endpoints };
    }
    return {
      services,
      propagation: this.propagation.summary(),
      programming: this.programming.summary(),
      syncs: this.syncs,
    };
  }
}

const running: ProxyMetrics[] = [];

/** Makes `metrics` what `serviceProxyMetrics()` reports until `unregister` is called. */
export function registerProxyMetrics(metrics: ProxyMetrics): () => void {
  running.push(metrics);
  return () => {
    const i = running.indexOf(metrics);
    if (i >= 0) running.splice(i, 1);
  };
}

/** The counters of the service proxy running in this process (the latest started), for the dashboard. */
export function serviceProxyMetrics(): ProxyMetricsSnapshot | undefined {
  return running.at(-1)?.snapshot();
}
